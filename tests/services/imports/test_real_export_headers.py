"""Header sets of real public CRM export files: each is read as its profile, its columns reach the
targets they carry, and look-alike headers neither take nor suggest a target they do not name."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from backend.contracts.mapping import MappingManifest, UnmappedColumn
from backend.services.imports.mapping_proposal import propose_mapping
from backend.services.imports.normalizers.country import normalize_country
from backend.services.imports.profile_inference import infer_profile
from backend.services.imports.source_profiles import ProfileRegistry
from tests.factories.columns import column_table

PROFILES = ProfileRegistry.load()

Table = Sequence[tuple[str, Sequence[str]]]

#: Zoho Analytics' copy of the older Zoho CRM "Potentials" (deals) module.
ZOHO_POTENTIALS: Table = [
    ("Potential Name", ("Lewis, James", "Kirk, Rebecca")),
    ("Potential Owner", ("Roger Terrence", "Rozario Diego")),
    ("Created Time", ("15 Apr, 2021 00:02:00",)),
    ("Closing Date", ("16 Apr, 2021 00:03:00",)),
    ("Amount", ("$22,700.00", "$29,700.00")),
    ("Expected Revenue", ("$33,500.00", "$24,900.00")),
    ("Stage", ("Needs Analysis", "Initial Offer")),
    ("Forecast Type", ("Open",)),
    ("Type", ("Existing Business",)),
    ("Lead Source", ("Advertisement", "Employee Referral")),
    ("Probability", ("100", "0")),
    ("Age in Days", ("1",)),
    ("Age Tier", ("1. 0 - 60 days",)),
    ("Amount Tier", ("3. $20,001 - $30K",)),
    ("LEADID", ("1832", "1941")),
    ("Tasks Involved", ("No",)),
    ("Events Involved", ("No",)),
    ("Calls Involved", ("No",)),
    ("Activities Involved", ("No",)),
    ("Campaign Id", ("24000023", "24000026")),
]
#: The same module through Zoho CRM's API v1 field names.
ZOHO_POTENTIALS_API: Table = [
    ("POTENTIALID", ("2000000017010", "2000000017011")),
    ("Potential Name", ("Lewis, James", "Kirk, Rebecca")),
    ("Potential Owner", ("Roger Terrence",)),
    ("Account Name", ("Acme", "Globex")),
    ("Contact Name", ("James Lewis", "Rebecca Kirk")),
    ("Closing Date", ("2021-04-16",)),
    ("Stage", ("Qualification",)),
    ("Next Step", ("Send the quote",)),
    ("Description", ("Renewal",)),
    ("Modified Time", ("2021-04-17 10:00:00",)),
]
#: A Salesforce Data Loader export of Contact with state and country picklists on.
SALESFORCE_CONTACT_API: Table = [
    ("Id", ("0038a000037J0ggAAC", "0038a000037JAByAAO")),
    ("IsDeleted", ("0",)),
    ("AccountId", ("0018a000020sFKBAA2", "0018a000024zBBFAA2")),
    ("FirstName", ("Lupe", "Norelis")),
    ("LastName", ("Welsch", "Avila")),
    ("MailingCity", ("La Victoria", "Quito")),
    ("MailingState", ("Lima", "Pichincha")),
    ("MailingPostalCode", ("15034", "170150")),
    ("MailingCountry", ("Peru", "Ecuador")),
    ("MailingStateCode", ("LI", "P")),
    ("MailingCountryCode", ("PE", "EC")),
    ("Email", ("lwelsch@intercorp.com.pe", "norelis.avila@example.com")),
    ("CurrencyIsoCode", ("PEN", "USD")),
    ("HasOptedOutOfEmail", ("0",)),
    ("HasOptedOutOfFax", ("0",)),
    ("DoNotCall", ("0",)),
    ("CreatedDate", ("2023-02-07 20:44:05",)),
    ("SystemModstamp", ("2023-02-07 20:44:05",)),
]
#: The same object exported with the picklist codes only.
SALESFORCE_CONTACT_CODES: Table = [
    ("Id", ("0038a000037J0ggAAC", "0038a000037JAByAAO")),
    ("AccountId", ("0018a000020sFKBAA2",)),
    ("FirstName", ("Lupe", "Norelis")),
    ("LastName", ("Welsch", "Avila")),
    ("MailingStateCode", ("CA", "NY")),
    ("MailingCountryCode", ("US", "CA")),
    ("HasOptedOutOfEmail", ("0",)),
    ("SystemModstamp", ("2023-02-07 20:44:05",)),
]
#: A HubSpot contacts export with one associated company's properties after the contact's.
HUBSPOT_WITH_COMPANY: Table = [
    ("Record ID - Contact", ("1415", "2154")),
    ("First Name", ("Sabrina", "Jack")),
    ("Last Name", ("Covington", "Rollins")),
    ("Email", ("info@forixadvisors.com", "billing@appraisaltek.com")),
    ("Contact owner", ("Sherrard Haugabrooks",)),
    ("Create Date", ("2/5/24 1:51",)),
    ("Company Name", ("AppraisalTek", "")),
    ("Contact type", ("Accountant", "Accredited Investor", "AMC Billing Contact")),
    ("State/Region", ("FL", "IL")),
    ("Record ID - Company", ("21526623102", "31505546281")),
    ("Company name", ("AppraisalTek", "Appraisal Shield")),
    ("Industry", ("Real Estate",)),
]
HUBSPOT_DOMAIN: Table = [
    ("Contact ID", ("CONT-03a4142c", "CONT-41eb4c68")),
    ("First Name", ("Francisco", "Laura")),
    ("Last Name", ("Small", "Smith")),
    ("Email", ("anna72@example.net", "sherry54@example.net")),
    ("Lifecycle Stage", ("Lead", "Other")),
    ("Lead Status", ("In Progress",)),
    ("Create Date", ("2024-08-18",)),
    ("State/Region", ("GU", "AL")),
    ("Country", ("Ghana", "Tokelau")),
    ("Associated Company Domain", ("freeman.net", "cantu.com")),
]
#: Outlook's contacts CSV (as used to bulk-edit shared contacts).
OUTLOOK: Table = [
    ("Action", ("add", "delete", "update")),
    ("Name", ("Adam Glacius", "Daniel Ireland")),
    ("E-mail Address", ("adam.glacius@anycom.com", "danielireland@restty.com")),
    ("E-mail 2 Address", ("adam.g@example.com",)),
    ("E-mail 3 Address", ("ag@glacius.com",)),
    ("Mobile Phone", ("+1 555 3227 8544",)),
    ("Company", ("Acme Inc.",)),
    ("Business Phone", ("+1 555 3227 8547",)),
    ("Business Fax", ("+1 555 3227 8549",)),
]
#: Atomic CRM's contacts export.
ATOMIC_CRM: Table = [
    ("first_name", ("John", "Jane")),
    ("last_name", ("Doe",)),
    ("gender", ("male", "female")),
    ("title", ("Sales Executive", "Designer")),
    ("first_seen", ("2024-07-01T00:00:00+00:00",)),
    ("last_seen", ("2024-07-01T11:54:49.95+00:00",)),
    ("has_newsletter", ("false",)),
    ("company", ("Acme",)),
    ("email_work", ("john@doe.example", "")),
    ("email_home", ("john.doe@gmail.com", "")),
    ("email_other", ("jdoe@caramail.com", "jane@doe.example")),
    ("phone_work", ("659-980-2015", "659-980-2020")),
]
EXPORTS: dict[str, Table] = {
    "zoho_potentials": ZOHO_POTENTIALS,
    "zoho_potentials_api": ZOHO_POTENTIALS_API,
    "salesforce_contact_api": SALESFORCE_CONTACT_API,
    "salesforce_contact_codes": SALESFORCE_CONTACT_CODES,
    "hubspot_with_company": HUBSPOT_WITH_COMPANY,
    "hubspot_domain": HUBSPOT_DOMAIN,
    "outlook": OUTLOOK,
    "atomic_crm": ATOMIC_CRM,
}


def _proposed(export: str) -> MappingManifest:
    columns = column_table(EXPORTS[export])
    profile, _confidence, _inferred = infer_profile(columns, PROFILES)
    return propose_mapping(columns, profile)


def _unmapped(manifest: MappingManifest, column: str) -> UnmappedColumn:
    return next(item for item in manifest.unmapped if item.column == column)


def _named_targets(manifest: MappingManifest, column: str) -> set[str]:
    """The target a column maps to, or the targets its unresolved decision suggests."""
    mapped = {entry.target for entry in manifest.entries if entry.column == column}
    suggested = {
        suggestion.target
        for item in manifest.unmapped
        if item.column == column
        for suggestion in item.suggestions
    }
    return mapped | suggested


@pytest.mark.parametrize(
    ("export", "profile", "minimum"),
    [
        ("zoho_potentials", "zoho_deals", 0.9),
        ("zoho_potentials_api", "zoho_deals", 0.9),
        ("salesforce_contact_api", "salesforce_contacts", 0.9),
        ("salesforce_contact_codes", "salesforce_contacts", 0.9),
    ],
)
def test_real_export_is_inferred_as_its_profile(export: str, profile: str, minimum: float) -> None:
    chosen, confidence, _inferred = infer_profile(column_table(EXPORTS[export]), PROFILES)
    assert chosen.key == profile
    assert confidence >= minimum


@pytest.mark.parametrize(
    ("export", "column", "target"),
    [
        ("zoho_potentials", "Potential Name", "opportunity.name"),
        ("zoho_potentials", "Potential Owner", "opportunity.owner"),
        ("zoho_potentials", "Probability", "opportunity.probability"),
        ("zoho_potentials", "Closing Date", "opportunity.close_date"),
        ("zoho_potentials_api", "POTENTIALID", "opportunity.source_id"),
        ("zoho_potentials_api", "Potential Name", "opportunity.name"),
        ("zoho_potentials_api", "Next Step", "opportunity.next_step"),
        ("zoho_potentials_api", "Modified Time", "opportunity.updated_at"),
        ("salesforce_contact_codes", "MailingStateCode", "client.region"),
        ("salesforce_contact_codes", "MailingCountryCode", "client.country"),
        ("hubspot_with_company", "Company name", "account.name"),
        ("hubspot_with_company", "Record ID - Company", "account.source_id"),
        ("hubspot_domain", "Associated Company Domain", "account.domain"),
        ("outlook", "E-mail 2 Address", "client.email_secondary"),
        ("outlook", "Business Fax", "client.fax"),
        ("atomic_crm", "email_other", "client.email_secondary"),
    ],
)
def test_real_export_column_maps_to_the_target_it_carries(
    export: str, column: str, target: str
) -> None:
    entries = {entry.column: entry for entry in _proposed(export).entries}
    assert column in entries
    assert entries[column].target == target
    assert entries[column].confidence >= 0.6


@pytest.mark.parametrize(
    ("export", "column", "wrong"),
    [
        ("zoho_potentials", "LEADID", "client.source_id"),
        ("zoho_potentials", "Forecast Type", "opportunity.type"),
        ("salesforce_contact_api", "MailingStateCode", "client.postal_code"),
        ("salesforce_contact_api", "HasOptedOutOfFax", "client.email_opt_out"),
        ("salesforce_contact_api", "CurrencyIsoCode", "opportunity.currency"),
        ("hubspot_with_company", "Contact type", "client.lifecycle_stage"),
        ("hubspot_with_company", "Contact type", "client.full_name"),
        ("hubspot_domain", "Associated Company Domain", "account.source_id"),
        ("outlook", "Business Fax", "account.name"),
        ("atomic_crm", "first_seen", "client.first_name"),
        ("atomic_crm", "last_seen", "client.last_name"),
        ("atomic_crm", "gender", "client.updated_at"),
    ],
)
def test_look_alike_header_neither_takes_nor_suggests_a_wrong_target(
    export: str, column: str, wrong: str
) -> None:
    assert wrong not in _named_targets(_proposed(export), column)


@pytest.mark.parametrize(
    ("export", "column", "disposition"),
    [
        ("zoho_potentials", "LEADID", "unresolved"),
        ("zoho_potentials", "Age Tier", "ignore"),
        ("zoho_potentials", "Tasks Involved", "ignore"),
        ("salesforce_contact_api", "CurrencyIsoCode", "ignore"),
        ("salesforce_contact_api", "HasOptedOutOfFax", "unresolved"),
    ],
)
def test_profile_says_what_a_column_without_a_target_is(
    export: str, column: str, disposition: str
) -> None:
    item = _unmapped(_proposed(export), column)
    assert item.disposition == disposition
    assert item.reason is not None
    assert item.reason.startswith("the ")
    assert "profile" in item.reason


@pytest.mark.parametrize(
    ("export", "entity"),
    [("salesforce_contact_api", "opportunity"), ("atomic_crm", "opportunity")],
)
def test_a_contacts_export_creates_no_entity_it_does_not_carry(export: str, entity: str) -> None:
    manifest = _proposed(export)
    assert [e.column for e in manifest.entries if e.target.startswith(f"{entity}.")] == []


def test_a_redundant_state_code_competes_for_the_region_not_the_postal_code() -> None:
    item = _unmapped(_proposed("salesforce_contact_api"), "MailingStateCode")
    assert item.reason == 'competes with column "MailingState" for target client.region'


def test_a_third_email_competes_for_the_secondary_slot() -> None:
    item = _unmapped(_proposed("outlook"), "E-mail 3 Address")
    winner = "E-mail 2 Address"
    assert item.reason == f'competes with column "{winner}" for target client.email_secondary'
    assert item.suggestions[0].target == "client.email_secondary"


@pytest.mark.parametrize("raw", ["Bharat", "BHARAT", "bharat"])
def test_a_country_s_own_name_is_read_as_its_code(raw: str) -> None:
    result = normalize_country(raw)
    assert (result.value, result.confidence, result.problem) == ("IN", 1.0, None)
