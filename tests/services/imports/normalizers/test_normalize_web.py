"""Web addresses, registrable domains and free-mail detection (offline)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from backend.services.imports.normalizers.web import (
    FREE_MAIL_DOMAINS,
    domain_from_email,
    domain_from_website,
    is_free_mail_domain,
    normalize_domain,
    normalize_url,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a connection: the suffix list must come from the snapshot."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.Acme.com", "https://www.acme.com"),
        ("acme.com/", "https://acme.com"),
        ("HTTP://WWW.ACME.COM/About?x=1", "http://www.acme.com/About?x=1"),
        ("https://acme.com:8443/x", "https://acme.com:8443/x"),
        ("//cdn.acme.com", "https://cdn.acme.com"),
        ("linkedin.com/in/john-doe", "https://linkedin.com/in/john-doe"),
        ("<https://acme.de>", "https://acme.de"),
        ("\u00a0acme.co.uk\u00a0", "https://acme.co.uk"),
    ],
)
def test_urls_get_a_scheme_and_a_lower_case_host(raw: str, expected: str) -> None:
    assert normalize_url(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("john@acme.com", "e-mail"),
        ("acme", "no host name"),
        ("not a url", "spaces"),
        ("ftp://files.acme.com", "unsupported scheme"),
        ("acme.com:port", "port"),
    ],
)
def test_unreadable_urls_are_invalid(raw: str, why: str) -> None:
    result = normalize_url(raw)
    assert result.reason == "invalid_value"
    assert result.problem is not None
    assert why in result.problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.Acme.co.uk/about", "acme.co.uk"),
        ("acme.com", "acme.com"),
        ("sub.acme.com.au", "acme.com.au"),
        ("http://shop.acme.de:8080/x", "acme.de"),
        ("john@mail.acme.co.uk", "acme.co.uk"),
        ("192.168.0.1", None),
        ("localhost", None),
        ("", None),
    ],
)
def test_registrable_domain_of_a_website(raw: str, expected: str | None) -> None:
    assert domain_from_website(raw) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("jane@acme.com", "acme.com"),
        ("jane@mail.Acme.co.uk", "acme.co.uk"),
        ("jane@gmail.com", None),
        ("jane@googlemail.com", None),
        ("jane@yahoo.co.in", None),
        ("jane@hotmail.fr", None),
        ("jane@outlook.com.br", None),
        ("jane@gmx.ch", None),
        ("jane@web.de", None),
        ("jane@t-online.de", None),
        ("jane@proton.me", None),
        ("jane@163.com", None),
        ("not-an-address", None),
        ("prospect1@example.com", None),
        ("jane@mail.example.org", None),
        ("jane@acme.test", None),
        ("jane@example42.com", "example42.com"),
    ],
)
def test_company_domain_of_an_address_skips_free_mail_and_reserved_domains(
    email: str, expected: str | None
) -> None:
    assert domain_from_email(email) == expected


def test_free_mail_list_covers_the_big_providers() -> None:
    assert {"gmail.com", "icloud.com", "orange.fr", "libero.it", "mail.ru"} <= FREE_MAIL_DOMAINS
    assert is_free_mail_domain("yandex.kz")
    assert not is_free_mail_domain("acme.com")


@pytest.mark.parametrize(
    ("raw", "expected", "confidence"),
    [
        ("Acme.com", "acme.com", 1.0),
        ("https://www.acme.de/impressum", "acme.de", 1.0),
        ("@acme.io", "acme.io", 1.0),
        ("jane@gmail.com", "gmail.com", 0.5),
    ],
)
def test_domain_transform_reads_domains_sites_and_addresses(
    raw: str, expected: str, confidence: float
) -> None:
    result = normalize_domain(raw)
    assert (result.value, result.confidence) == (expected, confidence)


@pytest.mark.parametrize("raw", ["n/a", "()", '""', "<>"])
def test_domain_transform_rejects_non_domains(raw: str) -> None:
    assert normalize_domain(raw).reason == "invalid_value"
