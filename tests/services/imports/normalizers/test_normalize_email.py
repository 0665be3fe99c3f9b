"""E-mail normalization: canonical form, invalid addresses, role and placeholder flags."""

from __future__ import annotations

import itertools

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.normalizers.email import (
    is_placeholder_email,
    is_role_address,
    normalize_email,
)

VALID_CASES = [
    ("john.doe@example.com", "john.doe@example.com"),
    ("  John.Doe@Example.COM  ", "john.doe@example.com"),
    ("JANE@ACME.IO", "jane@acme.io"),
    ("\u00a0anna@firma.de\u00a0", "anna@firma.de"),
    ("\u200bzero@width.com", "zero@width.com"),
    ("\ufeffbom@acme.com", "bom@acme.com"),
    ("mailto:sales.lead@acme.com", "sales.lead@acme.com"),
    ("MAILTO:Ops@Acme.com?subject=Hello", "ops@acme.com"),
    ("John Doe <John.Doe@Acme.com>", "john.doe@acme.com"),
    ('"Doe, John" <jdoe@acme.com>', "jdoe@acme.com"),
    ("<peter@acme.com>", "peter@acme.com"),
    ("(maria@acme.es)", "maria@acme.es"),
    ("'quoted@acme.com'", "quoted@acme.com"),
    ('"double@acme.com"', "double@acme.com"),
    ("trailing.dot@acme.com.", "trailing.dot@acme.com"),
    ("comma@acme.com,", "comma@acme.com"),
    ("first.last+crm@gmail.com", "first.last+crm@gmail.com"),
    ("o'brien@acme.ie", "o'brien@acme.ie"),
    ("user_name-1@sub.domain.co.uk", "user_name-1@sub.domain.co.uk"),
    ("Jürgen.Müller@Müller-Bau.de", "jürgen.müller@müller-bau.de"),
    ("françois@société.fr", "françois@société.fr"),
    ("info@xn--mller-kva.de", "info@müller.de"),
    ("\tTAB@ACME.COM\n", "tab@acme.com"),
]

INVALID_CASES = [
    ("plainaddress", "missing @"),
    ("john.doe(at)acme", "period"),
    ("a@@acme.com", "more than one @"),
    ("@acme.com", "nothing before the @"),
    ("john@", "nothing after the @"),
    ("john@acme", "period"),
    ("john..doe@acme.com", "two periods"),
    ("john doe@acme.com", "invalid characters"),
    ("john@acme..com", "period"),
    (".john@acme.com", "period"),
    ("john@localhost", "period"),
    ("#N/A", "missing @"),
    ("n/a", "missing @"),
]


@pytest.mark.parametrize(("raw", "expected"), VALID_CASES)
def test_valid_addresses_are_trimmed_unwrapped_and_lower_cased(raw: str, expected: str) -> None:
    result = normalize_email(raw)
    assert result.value == expected
    assert result.confidence == 1.0
    assert result.reason is None


@pytest.mark.parametrize(("raw", "why"), INVALID_CASES)
def test_invalid_addresses_are_unresolved_with_a_reason(raw: str, why: str) -> None:
    result = normalize_email(raw)
    assert result.value is None
    assert result.reason == "invalid_value"
    assert result.problem is not None
    assert result.problem.startswith("not a valid e-mail address")
    assert why in result.problem


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0", "\n\t"])
def test_blank_is_not_an_error(raw: str) -> None:
    result = normalize_email(raw)
    assert (result.value, result.confidence, result.problem) == (None, 1.0, None)


def test_several_addresses_keep_the_first_and_report_the_others() -> None:
    result = normalize_email("a@acme.com; B@Other.org")
    assert result.value == "a@acme.com"
    assert result.confidence < 1.0
    assert result.extra == {"additional": "b@other.org"}


def test_obfuscated_at_and_dot_are_read_with_lower_confidence() -> None:
    result = normalize_email("john [at] acme [dot] com")
    assert result.value == "john@acme.com"
    assert result.confidence == 0.9


def test_misspelled_big_provider_is_kept_but_flagged() -> None:
    result = normalize_email("someone@gmail.con")
    assert result.value == "someone@gmail.con"
    assert result.problem == "the domain looks like a typo of gmail.com"


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("info@acme.com", True),
        ("Sales@acme.com", True),
        ("support@acme.com", True),
        ("no-reply@acme.com", True),
        ("noreply@acme.com", True),
        ("office+de@acme.com", True),
        ("kontakt@firma.de", True),
        ("john.doe@acme.com", False),
        ("informatics.prof@uni.edu", False),
    ],
)
def test_role_addresses_name_a_function_not_a_person(email: str, expected: bool) -> None:
    assert is_role_address(email) is expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("test@test.com", True),
        ("none@none.com", True),
        ("noemail@acme.com", True),
        ("no.email@gmail.com", True),
        ("x@x.com", True),
        ("aaa@aaa.com", True),
        ("jane@example.com", True),
        ("jane@example.org", True),
        ("unknown@acme.com", True),
        ("jane@acme.com", False),
        ("info@acme.com", False),
        ("x.chen@xerox.com", False),
    ],
)
def test_placeholder_addresses_are_recognized(email: str, expected: bool) -> None:
    assert is_placeholder_email(email) is expected


@given(st.emails())
def test_normalize_email_is_idempotent_on_its_own_output(address: str) -> None:
    first = normalize_email(address)
    if isinstance(first.value, str):
        assert normalize_email(first.value).value == first.value


@given(st.text(max_size=60))
def test_normalize_email_never_raises(raw: str) -> None:
    result = normalize_email(raw)
    assert result.value is None or "@" in str(result.value)


def test_every_address_reads_as_email_validator_reads_it() -> None:
    """The fast path for plain addresses must agree with email-validator on every address."""
    locals_ = [
        "anna", "josé", "müller", "o'brien", "a.b", "a..b", ".a", "a.", "x_y", "李", "名字",
        "Ölaf", "a+tag", "a%b", "a-b", "ǅ", "²", "٣", "a\u0301", "_", "-", "ß", "İ", "ﬁ", "Ⅻ",
        "x" * 70,
    ]  # fmt: skip
    domains = [
        "example.com", "ex-ample.de", "a.co.uk", "-bad.com", "bad-.com", "xn--ls8h.la",
        "localhost", "a.test", "a.local", "a.invalid", "a.onion", "a.home.arpa", "x.internal",
        "a.b", "a.c0m", "a." + "b" * 63 + ".com", "a." + "b" * 64 + ".com", "mañana.es",
        "1.2.3.com", "A.COM", "x." + ".".join(["abcdefghi"] * 26) + ".com",
    ]  # fmt: skip
    disagreements = []
    for first, second in itertools.product(locals_, locals_):
        for domain in domains:
            for local in (first, f"{first}.{second}"):
                address = f"{local}@{domain}"
                try:
                    checked = validate_email(address, check_deliverability=False)
                    expected: str | None = checked.normalized.lower()
                except EmailNotValidError:
                    expected = None
                if normalize_email(address).value != expected:
                    disagreements.append((address, expected, normalize_email(address).value))
    assert disagreements[:10] == []
