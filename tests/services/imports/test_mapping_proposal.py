"""Mapping proposal: one decision per column, no silent sharing of a target, and operator edits."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.contracts.mapping import (
    MappingEdit,
    MappingEntry,
    MappingManifest,
    UnmappedColumn,
)
from backend.errors import InvalidInput
from backend.services.imports.mapping_proposal import apply_mapping_edits, propose_mapping
from backend.services.imports.source_profiles import ProfileRegistry
from backend.services.imports.targets import MULTI_VALUED_TARGETS
from tests.factories.columns import DATES, EMAILS, PHONES, WORDS, column_table

PROFILES = ProfileRegistry.load()
SPREADSHEET = PROFILES.get("spreadsheet")
NAMES = ("Anna", "José", "Li")


def _entry(manifest: MappingManifest, column: str) -> MappingEntry:
    return next(entry for entry in manifest.entries if entry.column == column)


def _unmapped(manifest: MappingManifest, column: str) -> UnmappedColumn:
    return next(item for item in manifest.unmapped if item.column == column)


def _targets(manifest: MappingManifest) -> dict[str, str]:
    return {entry.column: entry.target for entry in manifest.entries}


def test_every_column_gets_exactly_one_decision() -> None:
    columns = column_table(
        [
            ("First Name", NAMES),
            ("Email", EMAILS),
            ("Favourite colour", WORDS),
            ("", ()),
            ("Column 7", EMAILS),
        ]
    )
    manifest = propose_mapping(columns, SPREADSHEET)
    decided = [e.column for e in manifest.entries] + [u.column for u in manifest.unmapped]
    assert sorted(decided) == sorted(column.name for column in columns)
    assert (manifest.id, manifest.version, manifest.profile, manifest.object) == (
        None,
        1,
        "spreadsheet",
        "client",
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["Email", "E-mail", "Phone", "Tel", "Mobile", "Company", "Firma", "Name", ""]
            )
            | st.text(max_size=12),
            st.sampled_from([EMAILS, PHONES, DATES, WORDS, ()]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["spreadsheet", "hubspot_contacts", "salesforce_accounts", "pipedrive_deals"]),
)
def test_any_header_set_gets_one_decision_per_column_and_no_shared_target(
    headers_and_values: list[tuple[str, tuple[str, ...]]], profile_key: str
) -> None:
    columns = column_table(headers_and_values)
    manifest = propose_mapping(columns, PROFILES.get(profile_key))
    decided = [e.column for e in manifest.entries] + [u.column for u in manifest.unmapped]
    assert Counter(decided) == Counter(column.name for column in columns)
    single = [e.target for e in manifest.entries if e.target not in MULTI_VALUED_TARGETS]
    assert len(single) == len(set(single))


@pytest.mark.parametrize(
    "module",
    [
        "source_profiles",
        "header_matching",
        "value_patterns",
        "mapping_proposal",
        "profile_inference",
    ],
)
def test_mapping_core_imports_neither_sqlalchemy_nor_fastapi(module: str) -> None:
    source = Path(__file__).parents[3] / "backend" / "services" / "imports" / f"{module}.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name.split(".")[0] for name in imported} & {"sqlalchemy", "fastapi"}


def test_entry_carries_target_transform_confidence_and_origin() -> None:
    manifest = propose_mapping(column_table([("Email", EMAILS)]), PROFILES.get("hubspot_contacts"))
    assert _entry(manifest, "Email").model_dump() == {
        "column": "Email",
        "target": "client.email",
        "transform": "email",
        "confidence": 0.99,
        "origin": "profile",
    }


def test_blank_header_over_an_empty_column_is_ignored_as_empty() -> None:
    manifest = propose_mapping(column_table([("Email", EMAILS), ("", ())]), SPREADSHEET)
    blank = _unmapped(manifest, "Column 2")
    assert (blank.disposition, blank.reason) == ("ignore", "the column is empty")


def test_empty_column_with_a_known_header_is_ignored() -> None:
    manifest = propose_mapping(column_table([("Phone", ())]), SPREADSHEET)
    assert _unmapped(manifest, "Phone").disposition == "ignore"


def test_blank_header_over_words_is_unresolved_with_samples() -> None:
    manifest = propose_mapping(column_table([("", WORDS)]), SPREADSHEET)
    blank = _unmapped(manifest, "Column 1")
    assert blank.disposition == "unresolved"
    assert blank.samples == list(WORDS)
    assert blank.reason == "the header says nothing and the values follow no known pattern"


def test_column_the_profile_ignores_is_ignored_with_the_reason() -> None:
    columns = column_table([("(Do Not Modify) Row Checksum", ("c2lnbmF0dXJl",))])
    manifest = propose_mapping(columns, PROFILES.get("dynamics365_contacts"))
    item = _unmapped(manifest, "(Do Not Modify) Row Checksum")
    assert item.disposition == "ignore"
    assert item.reason == "the dynamics365_contacts profile lists this column as carrying nothing"


def test_column_the_profile_knows_has_no_target_stays_unresolved() -> None:
    columns = column_table([("Fax", PHONES)])
    item = _unmapped(propose_mapping(columns, PROFILES.get("salesforce_accounts")), "Fax")
    assert item.disposition == "unresolved"
    assert [s.target for s in item.suggestions] == ["account.custom.fax"]


def test_unknown_column_is_unresolved_with_samples_and_a_custom_suggestion_last() -> None:
    values = ("Blue", "Green", "Red", "Teal", "Amber", "Ochre", "Lilac")
    manifest = propose_mapping(column_table([("Favourite colour", values)]), SPREADSHEET)
    item = _unmapped(manifest, "Favourite colour")
    assert item.disposition == "unresolved"
    assert item.samples == list(values[:5])
    assert item.suggestions[-1].target == "client.custom.favourite_colour"
    assert item.suggestions[-1].confidence == 0.2
    assert len(item.suggestions) <= 3


def test_unresolved_suggestions_are_ranked_and_end_with_custom() -> None:
    manifest = propose_mapping(column_table([("Type", WORDS)]), SPREADSHEET)
    item = _unmapped(manifest, "Type")
    confidences = [s.confidence for s in item.suggestions]
    assert len(item.suggestions) == 3
    assert confidences == sorted(confidences, reverse=True)
    assert item.suggestions[-1].target == "client.custom.type"


def test_duplicate_email_header_becomes_the_secondary_email() -> None:
    columns = column_table([("Email", EMAILS), ("Email", EMAILS)])
    manifest = propose_mapping(columns, SPREADSHEET)
    assert _targets(manifest) == {"Email": "client.email", "Email (2)": "client.email_secondary"}


@pytest.mark.parametrize(
    "header", ["E\u200bmail", "Email\u00a0", "Ｅｍａｉｌ", "  EMAIL  ", "e-mail", "E_MAIL"]
)
def test_odd_unicode_and_spacing_in_a_header_still_maps(header: str) -> None:
    column = column_table([(header, EMAILS)])[0]
    manifest = propose_mapping([column], SPREADSHEET)
    assert _entry(manifest, column.name).target == "client.email"


def test_second_and_third_phone_columns_fall_back_then_stay_unresolved() -> None:
    columns = column_table([("Phone", PHONES), ("Telephone", PHONES), ("Tel", PHONES)])
    manifest = propose_mapping(columns, SPREADSHEET)
    assert _targets(manifest) == {"Phone": "client.phone", "Telephone": "client.other_phone"}
    third = _unmapped(manifest, "Tel")
    assert third.reason == 'competes with column "Phone" for target client.phone'
    assert third.suggestions[0].target == "client.phone"


def test_two_columns_for_one_target_without_a_fallback_leave_the_weaker_unresolved() -> None:
    columns = column_table([("Organisation", ("Acme",)), ("Account Name", ("Acme GmbH",))])
    manifest = propose_mapping(columns, PROFILES.get("salesforce_contacts"))
    assert _targets(manifest) == {"Account Name": "account.name"}
    loser = _unmapped(manifest, "Organisation")
    assert loser.reason == 'competes with column "Account Name" for target account.name'


def test_multi_valued_target_may_be_fed_by_several_columns() -> None:
    columns = column_table([("Tags", ("vip",)), ("Labels", ("partner",))])
    manifest = propose_mapping(columns, SPREADSHEET)
    assert _targets(manifest) == {"Tags": "client.tags", "Labels": "client.tags"}


def test_emails_under_a_meaningless_header_map_by_values() -> None:
    manifest = propose_mapping(column_table([("Column 7", EMAILS)]), SPREADSHEET)
    entry = _entry(manifest, "Column 7")
    assert (entry.target, entry.origin) == ("client.email", "values")
    assert entry.confidence <= 0.75


def test_emails_under_a_meaningless_header_beside_an_email_column_are_secondary() -> None:
    columns = column_table([("Email", EMAILS), ("Field12", EMAILS)])
    manifest = propose_mapping(columns, SPREADSHEET)
    assert _targets(manifest)["Field12"] == "client.email_secondary"


def test_linkedin_urls_under_a_meaningless_header_map_to_the_linkedin_url() -> None:
    urls = ("https://www.linkedin.com/in/anna", "https://linkedin.com/in/jose")
    manifest = propose_mapping(column_table([("", urls)]), SPREADSHEET)
    assert _entry(manifest, "Column 1").target == "client.linkedin_url"


def test_dates_under_a_meaningless_header_are_unresolved_with_date_suggestions() -> None:
    manifest = propose_mapping(column_table([("Unnamed: 4", DATES)]), SPREADSHEET)
    item = _unmapped(manifest, "Unnamed: 4")
    assert item.disposition == "unresolved"
    assert item.suggestions[0].target == "client.created_at"
    assert item.samples == list(DATES)


def test_loose_header_match_unsupported_by_values_is_not_mapped() -> None:
    manifest = propose_mapping(column_table([("Email Bounced", ("true", "false"))]), SPREADSHEET)
    assert _unmapped(manifest, "Email Bounced").disposition == "unresolved"


def test_header_contradicted_by_its_values_is_not_mapped() -> None:
    manifest = propose_mapping(column_table([("Full Name", EMAILS)]), SPREADSHEET)
    item = _unmapped(manifest, "Full Name")
    assert {s.target for s in item.suggestions} >= {"client.full_name", "client.email"}


def test_higher_threshold_leaves_loose_matches_unresolved() -> None:
    columns = column_table([("Frist Name", NAMES)])
    assert _targets(propose_mapping(columns, SPREADSHEET)) == {"Frist Name": "client.first_name"}
    assert propose_mapping(columns, SPREADSHEET, threshold=0.8).entries == []


def test_saved_manifest_is_reused_for_the_same_column_names() -> None:
    columns = column_table([("Favourite colour", WORDS), ("Notes", WORDS), ("Email", EMAILS)])
    saved = MappingManifest(
        profile="spreadsheet",
        source_system="spreadsheet",
        object="client",
        entries=[
            MappingEntry(
                column="Favourite colour",
                target="client.custom.colour",
                transform="text",
                confidence=1.0,
                origin="operator",
            )
        ],
        unmapped=[UnmappedColumn(column="Notes", disposition="ignore")],
    )
    manifest = propose_mapping(columns, SPREADSHEET, saved=saved)
    reused = _entry(manifest, "Favourite colour")
    assert (reused.target, reused.origin, reused.confidence) == (
        "client.custom.colour",
        "saved",
        1.0,
    )
    assert _unmapped(manifest, "Notes").disposition == "ignore"
    assert _entry(manifest, "Email").origin == "header"


def test_saved_entry_wins_a_target_over_a_proposed_one() -> None:
    columns = column_table([("Email", EMAILS), ("Work email", EMAILS)])
    saved = MappingManifest(
        profile="spreadsheet",
        source_system="spreadsheet",
        object="client",
        entries=[
            MappingEntry(
                column="Work email",
                target="client.email",
                transform="email",
                confidence=0.7,
                origin="operator",
            )
        ],
    )
    manifest = propose_mapping(columns, SPREADSHEET, saved=saved)
    assert _targets(manifest) == {"Work email": "client.email", "Email": "client.email_secondary"}


def _proposed() -> MappingManifest:
    columns = column_table(
        [("Email", EMAILS), ("Phone", PHONES), ("Favourite colour", WORDS), ("Notes", WORDS)]
    )
    return propose_mapping(columns, SPREADSHEET)


def test_edit_with_a_target_makes_an_operator_entry_and_bumps_the_version() -> None:
    before = _proposed()
    after = apply_mapping_edits(
        before, [MappingEdit(column="Favourite colour", target="client.custom.colour")]
    )
    assert after.version == before.version + 1
    assert _entry(after, "Favourite colour").model_dump() == {
        "column": "Favourite colour",
        "target": "client.custom.colour",
        "transform": "text",
        "confidence": 1.0,
        "origin": "operator",
    }
    assert [item.column for item in after.unmapped] == []
    assert before.version == 1


def test_edit_with_a_disposition_makes_an_unmapped_item() -> None:
    after = apply_mapping_edits(
        _proposed(),
        [
            MappingEdit(column="Phone", disposition="ignore"),
            MappingEdit(column="Favourite colour", disposition="custom"),
        ],
    )
    assert "Phone" not in _targets(after)
    assert _unmapped(after, "Phone").disposition == "ignore"
    custom = _unmapped(after, "Favourite colour")
    assert custom.disposition == "custom"
    assert [s.target for s in custom.suggestions] == ["client.custom.favourite_colour"]


def test_edit_of_an_unknown_column_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="no column 'Fax'"):
        apply_mapping_edits(_proposed(), [MappingEdit(column="Fax", target="client.fax")])


def test_edit_to_an_unknown_target_is_invalid() -> None:
    with pytest.raises(InvalidInput, match=r"unknown target 'client\.colour'"):
        apply_mapping_edits(
            _proposed(), [MappingEdit(column="Favourite colour", target="client.colour")]
        )


def test_edit_that_makes_two_columns_share_a_target_names_both() -> None:
    with pytest.raises(InvalidInput) as caught:
        apply_mapping_edits(_proposed(), [MappingEdit(column="Notes", target="client.email")])
    assert caught.value.message == 'columns "Email" and "Notes" would both map to client.email'
    assert caught.value.details["columns"] == ["Email", "Notes"]


def test_edit_naming_both_a_target_and_a_disposition_is_invalid() -> None:
    edit = MappingEdit(column="Notes", target="client.description", disposition="ignore")
    with pytest.raises(InvalidInput, match="either a target or a disposition"):
        apply_mapping_edits(_proposed(), [edit])


def test_swapping_two_targets_in_one_call_is_allowed() -> None:
    after = apply_mapping_edits(
        _proposed(),
        [
            MappingEdit(column="Email", target="client.email_secondary"),
            MappingEdit(column="Notes", target="client.email"),
        ],
    )
    assert _targets(after)["Notes"] == "client.email"
    assert _targets(after)["Email"] == "client.email_secondary"
