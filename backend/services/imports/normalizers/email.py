"""E-mail addresses: the canonical form (trimmed, lower-cased, syntax-valid) and two flags.

It owns reading an address out of the shapes exports put in a cell (`mailto:` links,
`"Name" <a@b.com>`, obfuscated `a [at] b [dot] com`, several addresses in one cell), validating
its syntax with `email-validator` (never its DNS check), and telling role addresses (info@,
sales@) and placeholders (test@test.com, noemail@...) apart. Free-mail domains and the
company domain behind an address live in `web.py`.
"""

from __future__ import annotations

import re
from typing import Final

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from .base import BLANK, NormalizedValue, clean_cell, doubtful, exact, first_of_several, invalid

_ANGLE_RE: Final = re.compile(r"<([^<>]*@[^<>]*)>")
_MAILTO_RE: Final = re.compile(r"^mailto:", re.IGNORECASE)
_SPLIT_RE: Final = re.compile(r"[;,\s/|]+")
_AT_RE: Final = re.compile(r"\s*[\[(\{]\s*at\s*[\])\}]\s*|\s+at\s+", re.IGNORECASE)
_DOT_RE: Final = re.compile(r"\s*[\[(\{]\s*dot\s*[\])\}]\s*|\s+dot\s+", re.IGNORECASE)
_QUOTES_AND_BRACKETS: Final = "\"'`()[]{}<> "

#: Misspellings of the big providers: kept as written, flagged for a person.
_DOMAIN_TYPOS: Final[dict[str, str]] = {
    "gmial.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gamil.com": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.con": "gmail.com",
    "gmail.cm": "gmail.com",
    "gmail.om": "gmail.com",
    "hotmial.com": "hotmail.com",
    "hotmail.con": "hotmail.com",
    "hotmal.com": "hotmail.com",
    "yahooo.com": "yahoo.com",
    "yaho.com": "yahoo.com",
    "yahoo.con": "yahoo.com",
    "outlok.com": "outlook.com",
    "outlook.con": "outlook.com",
    "iclod.com": "icloud.com",
}

_ROLE_LOCAL_PARTS: Final = frozenset(
    {
        "info", "sales", "support", "admin", "administrator", "contact", "contacts", "office",
        "hello", "hi", "noreply", "donotreply", "help", "helpdesk", "billing",
        "accounts", "accounting", "finance", "invoices", "invoice", "hr", "jobs", "careers",
        "recruiting", "marketing", "team", "enquiries", "enquiry", "inquiries", "inquiry",
        "webmaster", "postmaster", "hostmaster", "abuse", "service", "customerservice",
        "customercare", "mail", "email", "press", "media", "security", "privacy", "legal",
        "kontakt", "buero", "büro", "bureau", "contacto", "vertrieb", "verkauf",
        "reception", "frontdesk", "orders", "order", "booking", "bookings", "reservations",
        "general", "mailer", "mailerdaemon", "newsletter", "notifications", "root",
    }
)  # fmt: skip

_PLACEHOLDER_LOCAL_PARTS: Final = frozenset(
    {
        "test", "none", "null", "na", "nil", "noemail", "nomail", "noaddress", "unknown",
        "nobody", "noone", "dummy", "fake", "asdf", "qwerty", "placeholder", "example",
        "sample", "notavailable", "notprovided", "donotemail", "dontemail", "keineemail",
        "keinemail", "pasdemail", "sinemail", "xxx", "xx", "x",
    }
)  # fmt: skip

_PLACEHOLDER_DOMAINS: Final = frozenset(
    {
        "example.com", "example.org", "example.net", "example.de", "test.com", "test.de",
        "none.com", "noemail.com", "nomail.com", "no-email.com", "noemail.de", "domain.com",
        "sample.com", "fake.com", "dummy.com", "invalid.com", "unknown.com", "xxx.com",
        "email.invalid", "mailinator.com", "asdf.com", "placeholder.com",
    }
)  # fmt: skip


def _trim_edges(text: str) -> str:
    """Drop wrapping quotes and brackets, and punctuation a sentence left after the address."""
    return text.strip(_QUOTES_AND_BRACKETS).rstrip(".,;:").strip(_QUOTES_AND_BRACKETS)


def _extract_addresses(text: str) -> list[str]:
    angled = _ANGLE_RE.findall(text)
    if angled:
        return [a.strip() for a in angled]
    text = _MAILTO_RE.sub("", text).split("?", 1)[0]
    if "@" not in text and _AT_RE.search(text):
        text = _DOT_RE.sub(".", _AT_RE.sub("@", text))
    if text.count("@") <= 1:
        return [_trim_edges(text)]
    parts = (_trim_edges(p) for p in _SPLIT_RE.split(text))
    return [p for p in parts if "@" in p] or [text]


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ATOM = r"[A-Za-z0-9_%+\-\w]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,24}}")
_MAX_ADDRESS_BYTES: Final = 254
_MAX_DOMAIN: Final = 253


def _is_plain(address: str, domain: str) -> bool:
    if not (_PLAIN_ADDRESS.fullmatch(address) and domain.isascii()):
        return False
    lowered = domain.lower()
    if "xn--" in lowered or len(domain) > _MAX_DOMAIN:
        return False
    if lowered.rpartition(".")[2] in SPECIAL_USE_DOMAIN_NAMES:
        return False  # email-validator refuses these (and says why)
    return len(address.encode()) <= _MAX_ADDRESS_BYTES


def _validate(address: str) -> tuple[str | None, str | None]:
    """Return (canonical address, None) or (None, why it is not an address)."""
    if "@" not in address:
        return None, "missing @"
    if address.count("@") > 1:
        return None, "more than one @"
    local, _, domain = address.rpartition("@")
    if not local:
        return None, "nothing before the @"
    if not domain:
        return None, "nothing after the @"
    if _is_plain(address, domain):
        # The common shape (dot-atoms of letters, digits and `_%+-`, an ASCII domain with a
        # letters-only TLD) needs no full RFC parse; it admits only what email-validator
        # accepts, so the answer is the same, faster.
        return address.lower(), None
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        why = str(error).rstrip(".").replace("The email address", "it")
        return None, why[:1].lower() + why[1:]
    return checked.normalized.lower(), None


def normalize_email(raw: str) -> NormalizedValue:
    """Read one e-mail address from a cell: trimmed, lower-cased and syntax-checked."""
    text = clean_cell(raw)
    if not text:
        return BLANK
    if _is_plain(text, text.rpartition("@")[2]):
        # One plain address and nothing around it: what the reading below would find.
        return _checked_domain(text.lower())
    candidates = _extract_addresses(text)
    address, why = _validate(candidates[0])
    if address is None:
        return invalid(f"not a valid e-mail address: {why}")
    several = first_of_several(
        exact(address), (_validate(c)[0] for c in candidates[1:]), "addresses"
    )
    if several.problem:
        return several
    if "@" not in text:
        checked = _checked_domain(address)
        if checked.problem:
            return checked
        return doubtful(address, 0.9, "the address was written with [at] / [dot]")
    return _checked_domain(address)


def _checked_domain(address: str) -> NormalizedValue:
    """A valid address, flagged when its domain looks like a misspelt big provider."""
    domain = address.rpartition("@")[2]
    if domain in _DOMAIN_TYPOS:
        return doubtful(address, 0.7, f"the domain looks like a typo of {_DOMAIN_TYPOS[domain]}")
    return exact(address)


def _local_key(email: str) -> tuple[str, str]:
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    return re.sub(r"[.\-_]", "", local), domain


def is_role_address(email: str) -> bool:
    """Whether the address names a function (info@, sales@, noreply@) rather than a person."""
    local, _ = _local_key(email)
    return local in _ROLE_LOCAL_PARTS


def is_placeholder_email(email: str) -> bool:
    """Whether the address was typed to fill a required field (test@test.com, noemail@...)."""
    local, domain = _local_key(email)
    if not local or not domain:
        return False
    if domain in _PLACEHOLDER_DOMAINS or domain.split(".", 1)[0] in {"example", "invalid"}:
        return True
    if local in _PLACEHOLDER_LOCAL_PARTS or local.startswith(("noemail", "nomail")):
        return True
    return local == domain.split(".", 1)[0] and len(set(local)) == 1
