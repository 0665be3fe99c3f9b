"""Source profiles: built-in files validate, operator files override them, broken ones say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.errors import BrokenProfile, NotFound
from backend.services.imports.source_profiles import ProfileRegistry, SourceProfile
from backend.services.imports.targets import CANONICAL_ENUMS, is_known_target

REQUIRED_KEYS = {
    "salesforce_contacts",
    "salesforce_leads",
    "salesforce_accounts",
    "salesforce_opportunities",
    "salesforce_tasks",
    "hubspot_contacts",
    "hubspot_companies",
    "hubspot_deals",
    "hubspot_engagements",
    "pipedrive_people",
    "pipedrive_organizations",
    "pipedrive_deals",
    "pipedrive_activities",
    "zoho_contacts",
    "zoho_leads",
    "zoho_accounts",
    "zoho_deals",
    "dynamics365_contacts",
    "dynamics365_accounts",
    "dynamics365_opportunities",
    "close_leads",
    "copper_people",
    "freshsales_contacts",
    "spreadsheet",
}

MINIMAL_PROFILE = """\
key: {key}
system: hubspot
object: client
label: {label}
columns:
  Email: client.email
"""

BUILTIN = ProfileRegistry.load().all()


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_required_profile_is_built_in() -> None:
    assert {profile.key for profile in BUILTIN} >= REQUIRED_KEYS


@pytest.mark.parametrize("profile", BUILTIN, ids=lambda profile: profile.key)
def test_builtin_profile_names_only_known_targets_and_canonical_values(
    profile: SourceProfile,
) -> None:
    named = [*profile.columns.values(), *profile.default_values]
    assert [target for target in named if not is_known_target(target)] == []
    for target, vocabulary in profile.vocabularies.items():
        assert set(vocabulary.values()) <= set(CANONICAL_ENUMS[target])
    if profile.id_column is not None:
        assert profile.columns[profile.id_column].endswith(".source_id")


@pytest.mark.parametrize("profile", BUILTIN, ids=lambda profile: profile.key)
def test_vendor_profile_has_a_signature_and_real_sources(profile: SourceProfile) -> None:
    if profile.system == "spreadsheet":
        assert (profile.header_signature, profile.columns) == ([], {})
        return
    assert len(profile.header_signature) >= 5
    assert profile.sources


def test_builtin_profiles_are_read_once_and_shared() -> None:
    first = ProfileRegistry.load().get("hubspot_contacts")
    assert ProfileRegistry.load().get("hubspot_contacts") is first


def test_unknown_profile_key_is_not_found() -> None:
    with pytest.raises(NotFound, match="no_such_profile"):
        ProfileRegistry.load().get("no_such_profile")


def test_operator_file_with_a_builtin_key_overrides_the_builtin(tmp_path: Path) -> None:
    _write(tmp_path, "mine.yaml", MINIMAL_PROFILE.format(key="hubspot_contacts", label="Ours"))
    registry = ProfileRegistry.load(tmp_path)
    assert registry.get("hubspot_contacts").label == "Ours"
    assert registry.get("hubspot_contacts").columns == {"Email": "client.email"}
    assert ProfileRegistry.load().get("hubspot_contacts").label != "Ours"


def test_operator_file_with_a_new_key_adds_a_profile(tmp_path: Path) -> None:
    _write(tmp_path, "acme.yml", MINIMAL_PROFILE.format(key="acme_contacts", label="Acme"))
    registry = ProfileRegistry.load(tmp_path)
    assert registry.get("acme_contacts").label == "Acme"
    assert len(registry.all()) == len(BUILTIN) + 1


def test_yaml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "broken.yaml", "key: broken\ncolumns:\n  Email: [client.email\n")
    with pytest.raises(BrokenProfile) as caught:
        ProfileRegistry.load(tmp_path)
    assert "broken.yaml" in caught.value.message
    assert "YAML syntax error at line" in caught.value.message


def test_unknown_target_names_the_file_and_field_path(tmp_path: Path) -> None:
    text = MINIMAL_PROFILE.format(key="acme", label="Acme") + "  Fax: client.telefax\n"
    _write(tmp_path, "acme.yaml", text)
    with pytest.raises(BrokenProfile) as caught:
        ProfileRegistry.load(tmp_path)
    assert "acme.yaml" in caught.value.message
    assert "columns.Fax: unknown target 'client.telefax'" in caught.value.message


def test_vocabulary_value_outside_the_canonical_set_is_refused(tmp_path: Path) -> None:
    text = MINIMAL_PROFILE.format(key="acme", label="Acme") + (
        "vocabularies:\n  opportunity.stage:\n    Won: won\n"
    )
    _write(tmp_path, "acme.yaml", text)
    with pytest.raises(BrokenProfile, match=r"vocabularies\.opportunity\.stage\.Won: 'won'"):
        ProfileRegistry.load(tmp_path)


def test_vocabulary_for_a_target_without_enum_is_refused(tmp_path: Path) -> None:
    text = MINIMAL_PROFILE.format(key="acme", label="Acme") + (
        "vocabularies:\n  client.email:\n    x: y\n"
    )
    _write(tmp_path, "acme.yaml", text)
    with pytest.raises(BrokenProfile, match="has no canonical vocabulary"):
        ProfileRegistry.load(tmp_path)


def test_unknown_profile_field_is_refused(tmp_path: Path) -> None:
    text = MINIMAL_PROFILE.format(key="acme", label="Acme") + "colums: {}\n"
    _write(tmp_path, "acme.yaml", text)
    with pytest.raises(BrokenProfile, match="colums: Extra inputs are not permitted"):
        ProfileRegistry.load(tmp_path)


def test_a_label_given_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    text = MINIMAL_PROFILE.format(key="acme", label="Acme") + "  Email: client.email_secondary\n"
    _write(tmp_path, "acme.yaml", text)
    with pytest.raises(BrokenProfile, match="duplicate key 'Email'"):
        ProfileRegistry.load(tmp_path)


def test_id_column_must_be_one_of_the_columns(tmp_path: Path) -> None:
    text = MINIMAL_PROFILE.format(key="acme", label="Acme") + "id_column: Record ID\n"
    _write(tmp_path, "acme.yaml", text)
    with pytest.raises(BrokenProfile, match="id_column: 'Record ID' is not one of"):
        ProfileRegistry.load(tmp_path)


def test_two_operator_files_with_one_key_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", MINIMAL_PROFILE.format(key="acme", label="A"))
    _write(tmp_path, "b.yaml", MINIMAL_PROFILE.format(key="acme", label="B"))
    with pytest.raises(BrokenProfile, match=r"b\.yaml: key 'acme' is already defined by .*a\.yaml"):
        ProfileRegistry.load(tmp_path)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "list.yaml", "- just\n- a list\n")
    with pytest.raises(BrokenProfile, match=r"list\.yaml: a source profile must be a YAML mapping"):
        ProfileRegistry.load(tmp_path)


def test_missing_operator_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BrokenProfile, match="does not exist"):
        ProfileRegistry.load(tmp_path / "nowhere")
