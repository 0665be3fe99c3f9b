"""Header matching: normalisation, synonyms in four languages, the profile's labels and context."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.services.imports.header_matching import (
    LOOSE_CEILING,
    PROFILE_EXACT,
    PROFILE_NORMALISED,
    SYNONYM,
    is_meaningless_header,
    match_header,
    normalise_header,
)
from backend.services.imports.source_profiles import ProfileRegistry

PROFILES = ProfileRegistry.load()
SPREADSHEET = PROFILES.get("spreadsheet")


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("First Name", "first name"),
        ("  FIRST_NAME ", "first name"),
        ("FirstName", "first name"),
        ("First\u00a0Name", "first name"),
        ("First\u200bName", "first name"),
        ("Ｆｉｒｓｔ Ｎａｍｅ", "first name"),
        ("E-Mail-Adresse", "email adresse"),
        ("e-mail", "email"),
        ("Téléphone", "phone"),
        ("Straße", "strasse"),
        ("Phone #", "phone number"),
        ("Tel. No.", "phone number"),
        ("Mob", "mobile"),
        ("Cell", "mobile"),
        ("Addr", "address"),
        ("Mailing Zip/Postal Code", "mailing postal code"),
        ("PLZ", "postal code"),
        ("Organisation", "organization"),
        ("Co.", "company"),
        ("DOB", "birth date"),
        ("Acct Owner", "account owner"),
        ("Amt", "amount"),
        ("Desc", "description"),
        ("Probability (%)", "probability percent"),
        ("LinkedIn URL", "linkedin url"),
        ("Address1", "address 1"),
        ("HasOptedOutOfEmail", "has opted out of email"),
    ],
)
def test_header_is_normalised(header: str, normalised: str) -> None:
    assert normalise_header(header) == normalised


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(header: str) -> None:
    once = normalise_header(header)
    assert normalise_header(once) == once


@pytest.mark.parametrize(
    "header",
    ["", "   ", "\u200b", "Column 7", "column_12", "Field12", "Unnamed: 3", "?", "F", "42"],
)
def test_meaningless_header_is_recognised(header: str) -> None:
    assert is_meaningless_header(header)


@pytest.mark.parametrize("header", ["Email", "ID", "Notes", "Column Owner", "Field Sales Rep"])
def test_meaningful_header_is_not_meaningless(header: str) -> None:
    assert not is_meaningless_header(header)


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Given name", "client.first_name"),
        ("Vorname", "client.first_name"),
        ("Prénom", "client.first_name"),
        ("prenom", "client.first_name"),
        ("Nombre", "client.first_name"),
        ("Surname", "client.last_name"),
        ("Familienname", "client.last_name"),
        ("Nom de famille", "client.last_name"),
        ("Apellidos", "client.last_name"),
        ("E-mail address", "client.email"),
        ("Correo electrónico", "client.email"),
        ("Courriel", "client.email"),
        ("Adresse e-mail", "client.email"),
        ("Mobile #", "client.mobile_phone"),
        ("Handy", "client.mobile_phone"),
        ("Portable", "client.mobile_phone"),
        ("Móvil", "client.mobile_phone"),
        ("Celular", "client.mobile_phone"),
        ("Zip code", "client.postal_code"),
        ("Postleitzahl", "client.postal_code"),
        ("Código postal", "client.postal_code"),
        ("Firma", "account.name"),
        ("Société", "account.name"),
        ("Compañía", "account.name"),
        ("Organisation", "account.name"),
        ("DOB", "client.birth_date"),
    ],
)
def test_synonym_in_any_language_names_its_target(header: str, target: str) -> None:
    best = match_header(header, SPREADSHEET)[0]
    assert (best.target, best.origin, best.loose) == (target, "header", False)
    assert best.confidence >= 0.75


def test_profile_label_wins_with_profile_origin() -> None:
    profile = PROFILES.get("salesforce_contacts")
    exact = match_header("Mailing Zip/Postal Code", profile)[0]
    folded = match_header("mailing zip / postal code", profile)[0]
    assert (exact.target, exact.origin, exact.confidence) == (
        "client.postal_code",
        "profile",
        PROFILE_EXACT,
    )
    assert (folded.target, folded.confidence) == ("client.postal_code", PROFILE_NORMALISED)


@pytest.mark.parametrize(
    ("profile_key", "header", "target"),
    [
        ("hubspot_companies", "Phone", "account.phone"),
        ("salesforce_accounts", "Name", "account.name"),
        ("zoho_accounts", "City", "account.city"),
        ("salesforce_opportunities", "Name", "opportunity.name"),
        ("pipedrive_deals", "Title", "opportunity.name"),
        ("spreadsheet", "Company", "account.name"),
        ("spreadsheet", "Phone", "client.phone"),
        ("spreadsheet", "Name", "client.full_name"),
        ("salesforce_contacts", "Title", "client.job_title"),
        ("salesforce_tasks", "Subject", "interaction.subject"),
    ],
)
def test_generic_header_takes_the_entity_of_the_export(
    profile_key: str, header: str, target: str
) -> None:
    assert match_header(header, PROFILES.get(profile_key))[0].target == target


def test_entity_words_in_a_header_pick_the_entity() -> None:
    deals = PROFILES.get("pipedrive_deals")
    assert match_header("Contact Phone", deals)[0].target == "client.phone"
    assert match_header("HQ City", SPREADSHEET)[0].target == "account.city"
    assert match_header("Company Website", SPREADSHEET)[0].target == "account.website"


def test_header_ambiguous_on_this_object_only_suggests() -> None:
    candidates = match_header("Type", SPREADSHEET)
    assert {c.target for c in candidates} == {
        "account.type",
        "opportunity.type",
        "interaction.kind",
    }
    assert all(c.confidence < 0.6 for c in candidates)


def test_vendor_profile_synonym_is_confident() -> None:
    assert match_header("Vorname", PROFILES.get("hubspot_contacts"))[0].confidence == SYNONYM


def test_typo_is_a_loose_match_below_high_confidence() -> None:
    best = match_header("Frist Name", SPREADSHEET)[0]
    assert (best.target, best.loose) == ("client.first_name", True)
    assert 0.6 <= best.confidence <= LOOSE_CEILING


def test_qualified_header_is_a_loose_match() -> None:
    best = match_header("Email Address (work)", SPREADSHEET)[0]
    assert (best.target, best.loose) == ("client.email", True)


def test_header_with_another_entity_word_is_not_matched_to_this_one() -> None:
    candidates = match_header("LinkedIn Company Page", SPREADSHEET)
    assert "client.linkedin_url" not in {c.target for c in candidates}


def test_unknown_header_has_no_candidates() -> None:
    assert match_header("Favourite colour", SPREADSHEET) == []


@given(st.text(max_size=40))
def test_similarity_never_gives_a_confident_match(header: str) -> None:
    for candidate in match_header(header, SPREADSHEET):
        assert 0.0 < candidate.confidence <= 1.0
        if candidate.loose:
            assert candidate.confidence <= LOOSE_CEILING
