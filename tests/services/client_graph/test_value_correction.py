"""An operator's corrected value goes through the normalizer of the field's imported values, in
the context of its cell, and is refused when it is still not valid (pure core, table-driven)."""

from __future__ import annotations

from typing import Any

import pytest

from backend.errors import InvalidInput
from backend.services.client_graph.value_correction import corrected_changes
from backend.services.imports.normalizers.registry import NormalizeContext


def _invalid(field: str, raw: str, *, transform: str, column: str) -> dict[str, Any]:
    """An invalid fill as proposals store it: no value, the raw cell in its provenance."""
    return {
        "field": field,
        "old": None,
        "new": None,
        "valid": False,
        "alternative": False,
        "provenance": {
            "system": "salesforce",
            "import_id": "imp_1",
            "row": 4,
            "column": column,
            "raw_value": raw,
            "transform": transform,
            "confidence": 0.0,
            "observed_at": "2026-11-20T10:00:00Z",
        },
    }


NAME = {
    "field": "first_name",
    "old": None,
    "new": "Oliver",
    "valid": True,
    "alternative": False,
    "provenance": {"column": "First Name", "raw_value": "Oliver", "transform": "name_part"},
}
US = NormalizeContext(region="US")
GB_ROW = NormalizeContext(region="GB", country="GB")


@pytest.mark.parametrize(
    ("field", "transform", "typed", "context", "canonical"),
    [
        ("phone", "phone", "(415) 555-0100", US, "+14155550100"),
        ("mobile_phone", "phone", "020 7946 0958", GB_ROW, "+442079460958"),
        ("email", "email", " Ann.Lee@Acme.COM ", NormalizeContext(), "ann.lee@acme.com"),
        ("country", "country", "Deutschland", NormalizeContext(), "DE"),
        ("birth_date", "date", "25/03/1980", NormalizeContext(date_order="dmy"), "1980-03-25"),
    ],
)
def test_a_correction_is_stored_in_canonical_form_as_typed_by_an_operator(
    field: str, transform: str, typed: str, context: NormalizeContext, canonical: str
) -> None:
    changes = [NAME, _invalid(field, "n/a", transform=transform, column="Source column")]
    corrected = corrected_changes(
        changes, entity="client", field=field, typed=typed, context=context
    )
    assert corrected[0] == NAME
    assert corrected[1]["new"] == canonical
    assert corrected[1]["valid"] is True
    provenance = corrected[1]["provenance"]
    assert provenance["system"] == "velocity"
    assert provenance["transform"] == "operator_correction"
    assert provenance["raw_value"] == typed
    assert (provenance["import_id"], provenance["row"], provenance["column"]) == (
        "imp_1",
        4,
        "Source column",
    )


@pytest.mark.parametrize(
    ("field", "transform", "typed", "context", "problem"),
    [
        ("phone", "phone", "415-555-01", US, "too short"),
        ("phone", "phone", "(415) 555-0100", NormalizeContext(), "no default region"),
        ("mobile_phone", "phone", "020 7946 0958", US, "too long"),
        ("email", "email", "ann.lee@acme", NormalizeContext(), "should have a period"),
        ("birth_date", "date", "03/04/1980", NormalizeContext(), "day/month"),
        ("phone", "phone", "555-0100", US, "best reading: +15550100"),
        ("email", "email", "ann.lee@gmial.com", NormalizeContext(), "typo of gmail.com"),
    ],
)
def test_a_correction_that_is_still_not_valid_is_refused(
    field: str, transform: str, typed: str, context: NormalizeContext, problem: str
) -> None:
    changes = [_invalid(field, "n/a", transform=transform, column="Source column")]
    with pytest.raises(InvalidInput) as refused:
        corrected_changes(changes, entity="client", field=field, typed=typed, context=context)
    assert f"The corrected value {typed!r} for client.{field} is not valid" in refused.value.message
    assert problem in refused.value.message


def test_a_phone_extension_typed_with_the_number_is_kept_apart() -> None:
    changes = [_invalid("phone", "ask reception", transform="phone", column="Phone")]
    corrected = corrected_changes(
        changes, entity="client", field="phone", typed="(415) 555-0100 ext. 12", context=US
    )
    assert [(c["field"], c["new"], c["valid"]) for c in corrected] == [
        ("phone", "+14155550100", True),
        ("phone_extension", "12", True),
    ]
    assert corrected[1]["provenance"]["raw_value"] == "(415) 555-0100 ext. 12"


def test_an_extension_that_disagrees_with_the_rows_own_is_refused() -> None:
    extension = {
        "field": "phone_extension",
        "old": None,
        "new": "7",
        "valid": True,
        "provenance": {"column": "Ext.", "raw_value": "7", "transform": "phone_extension"},
    }
    changes = [_invalid("phone", "ask reception", transform="phone", column="Phone"), extension]
    with pytest.raises(InvalidInput, match="names extension 12, but the row's phone_extension"):
        corrected_changes(
            changes, entity="client", field="phone", typed="(415) 555-0100 x12", context=US
        )
    agreeing = corrected_changes(
        changes, entity="client", field="phone", typed="(415) 555-0100 x7", context=US
    )
    assert [c["field"] for c in agreeing] == ["phone", "phone_extension"]
    assert agreeing[1] == extension
