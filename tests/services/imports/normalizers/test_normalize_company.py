"""Company display names and match keys."""

from __future__ import annotations

import pytest

from backend.services.imports.normalizers.company import company_match_key, normalize_company_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Acme   Corp ", "Acme Corp"),
        ('"Müller GmbH & Co. KG"', "Müller GmbH & Co. KG"),
        ("ACME\u00a0Inc.", "ACME Inc."),
        ("Société Générale", "Société Générale"),
    ],
)
def test_display_name_is_kept_with_whitespace_folded(raw: str, expected: str) -> None:
    assert normalize_company_name(raw).value == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The ACME Company, Inc.", "acme"),
        ("Acme", "acme"),
        ("ACME corp", "acme"),
        ("Acme Corporation", "acme"),
        ("Acme, LLC", "acme"),
        ("Acme Ltd.", "acme"),
        ("Acme Limited", "acme"),
        ("Müller GmbH & Co. KG", "muller"),
        ("Mueller GmbH", "mueller"),
        ("Société Générale S.A.", "societe generale"),
        ("Telefónica, S.L.", "telefonica"),
        ("Philips N.V.", "philips"),
        ("Philips NV", "philips"),
        ("Ferrari S.p.A.", "ferrari"),
        ("Nokia Oyj", "nokia"),
        ("Volvo AB", "volvo"),
        ("Atlassian Pty Ltd", "atlassian"),
        ("Banco de México, S.A. de C.V.", "banco de mexico"),
        ("I.B.M. Corporation", "ibm"),
        ("Procter & Gamble Co.", "procter and gamble"),
        ("Procter and Gamble", "procter and gamble"),
        ("Smith & Co", "smith"),
        ("Ernst & Young", "ernst and young"),
        ("The Company", "company"),
        ("", ""),
    ],
)
def test_match_key_ignores_case_accents_punctuation_and_legal_form(name: str, key: str) -> None:
    assert company_match_key(name) == key
