"""Profile inference: real export header sets pick their profile; anything else is a spreadsheet."""

from __future__ import annotations

import pytest

from backend.services.imports.profile_inference import infer_profile, profile_score
from backend.services.imports.source_profiles import ProfileRegistry
from tests.factories.columns import DATES, EMAILS, column_table, headers_table

PROFILES = ProfileRegistry.load()

SALESFORCE_CONTACTS_REPORT = [
    "Contact Owner",
    "First Name",
    "Last Name",
    "Title",
    "Account Name",
    "Mailing Street",
    "Mailing City",
    "Mailing State/Province",
    "Mailing Zip/Postal Code",
    "Mailing Country",
    "Phone",
    "Mobile",
    "Email",
    "Email Opt Out",
    "Contact ID",
]
SALESFORCE_LEADS_REPORT = [
    "Lead Owner",
    "First Name",
    "Last Name",
    "Title",
    "Company",
    "Street",
    "City",
    "State/Province",
    "Zip/Postal Code",
    "Country",
    "Phone",
    "Email",
    "Lead Source",
    "Lead Status",
    "No. of Employees",
    "Lead ID",
]
HUBSPOT_CONTACTS = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Company Name",
    "Lifecycle Stage",
    "Lead Status",
    "Contact owner",
    "Create Date",
    "City",
    "State/Region",
    "Country/Region",
    "Associated Company",
]
REAL_EXPORTS = {
    "salesforce_contacts": SALESFORCE_CONTACTS_REPORT,
    "salesforce_leads": SALESFORCE_LEADS_REPORT,
    "hubspot_contacts": HUBSPOT_CONTACTS,
    "salesforce_contacts_api": [
        "Id",
        "AccountId",
        "FirstName",
        "LastName",
        "MailingStreet",
        "MailingPostalCode",
        "Email",
        "HasOptedOutOfEmail",
        "SystemModstamp",
    ],
    "salesforce_opportunities": [
        "Opportunity Owner",
        "Account Name",
        "Opportunity Name",
        "Stage",
        "Fiscal Period",
        "Amount",
        "Expected Revenue",
        "Probability (%)",
        "Close Date",
        "Opportunity ID",
    ],
    "hubspot_deals": [
        "Record ID",
        "Deal Name",
        "Deal Stage",
        "Pipeline",
        "Amount",
        "Close Date",
        "Deal owner",
        "Associated Company",
    ],
    "pipedrive_people": [
        "Person - ID",
        "Person - Name",
        "Person - Organization",
        "Person - Email - Work",
        "Person - Phone - Work",
        "Person - Owner",
    ],
    "pipedrive_deals": [
        "Deal - ID",
        "Deal - Title",
        "Deal - Value",
        "Deal - Currency",
        "Deal - Stage",
        "Deal - Owner",
        "Deal - Expected close date",
    ],
    "zoho_contacts": [
        "Record Id",
        "Contact Owner",
        "First Name",
        "Last Name",
        "Account Name",
        "Email",
        "Mailing Zip",
        "Secondary Email",
        "Created Time",
    ],
    "zoho_deals": [
        "Record Id",
        "Deal Owner",
        "Deal Name",
        "Amount",
        "Closing Date",
        "Stage",
        "Expected Revenue",
        "Created Time",
    ],
    "dynamics365_contacts": [
        "(Do Not Modify) Contact",
        "(Do Not Modify) Row Checksum",
        "(Do Not Modify) Modified On",
        "Full Name",
        "Email",
        "Company Name",
        "Business Phone",
        "Address 1: City",
    ],
    "dynamics365_opportunities": [
        "(Do Not Modify) Opportunity",
        "(Do Not Modify) Row Checksum",
        "(Do Not Modify) Modified On",
        "Topic",
        "Potential Customer",
        "Est. Close Date",
        "Est. Revenue",
    ],
    "close_leads": [
        "id",
        "display_name",
        "status_label",
        "primary_contact_name",
        "primary_contact_primary_email",
        "html_url",
    ],
    "freshsales_contacts": [
        "First name",
        "Last name",
        "Emails",
        "Work",
        "Mobile",
        "Sales owner",
        "Lifecycle stage",
        "Zipcode",
    ],
}


@pytest.mark.parametrize(("expected", "headers"), list(REAL_EXPORTS.items()))
def test_real_export_header_set_picks_its_profile(expected: str, headers: list[str]) -> None:
    profile, confidence, inferred = infer_profile(headers_table(headers), PROFILES)
    assert profile.key == expected.removesuffix("_api")
    assert inferred is True
    assert confidence >= 0.5


def test_salesforce_contacts_leads_and_hubspot_contacts_are_told_apart() -> None:
    scores = {
        name: {
            key: profile_score(PROFILES.get(key), headers_table(headers))
            for key in ("salesforce_contacts", "salesforce_leads", "hubspot_contacts")
        }
        for name, headers in (
            ("salesforce_contacts", SALESFORCE_CONTACTS_REPORT),
            ("salesforce_leads", SALESFORCE_LEADS_REPORT),
            ("hubspot_contacts", HUBSPOT_CONTACTS),
        )
    }
    for name, by_profile in scores.items():
        assert max(by_profile, key=by_profile.__getitem__) == name


def test_generic_contact_sheet_is_a_spreadsheet_with_low_confidence() -> None:
    columns = headers_table(["First Name", "Last Name", "Email", "Phone", "Company", "City"])
    profile, confidence, inferred = infer_profile(columns, PROFILES)
    assert (profile.key, inferred) == ("spreadsheet", True)
    assert confidence < 0.5


def test_german_sheet_is_a_spreadsheet() -> None:
    columns = headers_table(["Vorname", "Nachname", "E-Mail", "Telefon", "Firma", "PLZ", "Ort"])
    assert infer_profile(columns, PROFILES)[0].key == "spreadsheet"


def test_file_without_meaningful_headers_is_a_spreadsheet_with_zero_confidence() -> None:
    columns = column_table([("", EMAILS), ("Column 2", DATES)])
    assert infer_profile(columns, PROFILES)[1:] == (0.0, True)


def test_values_contradicting_the_profile_lower_its_score() -> None:
    headers = ["Record ID", "First Name", "Email", "Lifecycle Stage", "Contact owner"]
    plausible = column_table(
        [(header, EMAILS if header == "Email" else ("x",)) for header in headers]
    )
    odd = column_table([(header, DATES if header == "Email" else ("x",)) for header in headers])
    profile = PROFILES.get("hubspot_contacts")
    assert profile_score(profile, odd) < profile_score(profile, plausible)


def test_threshold_decides_between_a_vendor_and_the_spreadsheet() -> None:
    columns = headers_table(HUBSPOT_CONTACTS[:4])
    profile, confidence, _ = infer_profile(columns, PROFILES, threshold=0.99)
    assert profile.key == "spreadsheet"
    assert 0.0 < confidence < 0.99
