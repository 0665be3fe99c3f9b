"""The normalize context of an imported cell, read back for an operator's corrected value: the
row's country as the phone region, the column's day/month order as the normalize stage decided
it; and a correction kept across a re-proposal of its batch. Through the services, on SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.contracts.review import DecisionAnswer, ReviewDecision
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph.policy import Policy
from backend.services.imports.cell_context_service import CellContexts
from tests.factories.imports import SF_CONTACT_HEADER, import_rows

HEADER = [*SF_CONTACT_HEADER, "Birthdate", "Favourite Colour"]
ROWS = [
    ["003D1", "Ann", "Lee", "ann@acme.com", "+1 415 555 0101", "Acme", "CFO", "Boston", "USA"],
    [
        "003D2",
        "Oliver",
        "Smith",
        "oliver@globex.co.uk",
        "ask reception",
        "Globex",
        "Director",
        "London",
        "United Kingdom",
    ],
    ["003D3", "Maria", "Garcia", "maria@initech.com", "+1 415 555", "Initech", "VP", "Austin", ""],
]
BIRTHDATES = ["25/03/1980", "sometime in 1975", "12/11/1990"]
COLOURS = ["blue", "green", "red"]


def _import(runtime: Runtime, tmp_path: Path) -> str:
    rows = [
        [*row, born, colour] for row, born, colour in zip(ROWS, BIRTHDATES, COLOURS, strict=True)
    ]
    return import_rows(runtime, tmp_path, rows, header=HEADER).import_id


def _decisions(runtime: Runtime, import_id: str, kind: str) -> list[ReviewDecision]:
    with runtime.unit() as session:
        return read_models.decisions_of(session, batch_id=import_id, kind=kind, status=None)


def _invalid(runtime: Runtime, import_id: str, raw_value: str) -> ReviewDecision:
    """The `invalid_value` decision about a raw cell."""
    decisions = _decisions(runtime, import_id, "invalid_value")
    return next(d for d in decisions if d.evidence[0]["raw_value"] == raw_value)


def _change(runtime: Runtime, decision: ReviewDecision, field: str) -> dict[str, Any]:
    with runtime.unit() as session:
        deltas = read_models.deltas_of(session, decision.import_id or "")
    (delta,) = [d for d in deltas if d.delta_id in decision.delta_ids]
    return next(c.model_dump(mode="json") for c in delta.changes if c.field == field)


def _correct(runtime: Runtime, decision: ReviewDecision, value: str) -> None:
    batch_actions.decide(
        runtime,
        decision.decision_id,
        DecisionAnswer(option="correct", value=value),
        approve=True,
        actor="dana",
        role="approver",
    )


def test_a_phone_cell_had_its_rows_country_and_a_date_cell_its_columns_order(
    runtime: Runtime, tmp_path: Path
) -> None:
    import_id = _import(runtime, tmp_path)
    cells = CellContexts(runtime.profiles, policy_region="US")
    with runtime.unit() as session:
        oliver = cells.context_of(
            session, import_id=import_id, row=2, column="Phone", target="client.phone"
        )
        maria = cells.context_of(
            session, import_id=import_id, row=3, column="Phone", target="client.phone"
        )
        born = cells.context_of(
            session, import_id=import_id, row=2, column="Birthdate", target="client.birth_date"
        )
    assert (oliver.region, oliver.country) == ("GB", "GB")
    assert (maria.region, maria.country) == ("US", None)
    # The profile says month first; the column's own values say day first.
    assert born.date_order == "dmy"


def test_a_corrected_date_is_read_in_its_columns_order(runtime: Runtime, tmp_path: Path) -> None:
    runtime.__dict__["policy"] = Policy(default_region="US")
    import_id = _import(runtime, tmp_path)
    decision = _invalid(runtime, import_id, "sometime in 1975")
    _correct(runtime, decision, "04/03/1975")
    change = _change(runtime, decision, "birth_date")
    assert (change["new"], change["valid"]) == ("1975-03-04", True)
    assert change["provenance"]["raw_value"] == "04/03/1975"


def test_a_correction_survives_a_reproposal_or_is_asked_again_when_it_no_longer_holds(
    runtime: Runtime, tmp_path: Path
) -> None:
    runtime.__dict__["policy"] = Policy(default_region="US")
    import_id = _import(runtime, tmp_path)
    _correct(runtime, _invalid(runtime, import_id, "+1 415 555"), "(415) 555-0100")
    birthdate = _invalid(runtime, import_id, "sometime in 1975")
    _correct(runtime, birthdate, "1975-06-01")
    (unmapped,) = _decisions(runtime, import_id, "unmapped_column")

    # Without a default region the typed national number is no phone number any more.
    runtime.__dict__["policy"] = Policy()
    batch_actions.decide(
        runtime,
        unmapped.decision_id,
        DecisionAnswer(),
        approve=True,
        actor="dana",
        role="approver",
    )
    kept = _invalid(runtime, import_id, "sometime in 1975")
    assert (kept.decision_id, kept.status, kept.chosen_option) == (
        birthdate.decision_id,
        "approved",
        "correct",
    )
    assert _change(runtime, kept, "birth_date")["new"] == "1975-06-01"
    asked_again = _invalid(runtime, import_id, "+1 415 555")
    assert (asked_again.status, asked_again.chosen_option) == ("pending", None)
    assert _change(runtime, asked_again, "phone")["valid"] is False


def test_a_corrected_amount_is_read_in_the_currency_its_row_states(
    runtime: Runtime, tmp_path: Path
) -> None:
    header = ["Deal Name", "Amount", "Currency"]
    rows = [["Fleet renewal", "about 500", "CAD"], ["Fleet expansion", "tbd", "SEK"]]
    import_id = import_rows(
        runtime, tmp_path, rows, header=header, name="deals.csv", profile=None
    ).import_id
    renewal = _invalid(runtime, import_id, "about 500")
    _correct(runtime, renewal, "$500")
    assert _change(runtime, renewal, "amount")["new"] == "500.00"
    assert _change(runtime, renewal, "currency")["new"] == "CAD"
    expansion = _invalid(runtime, import_id, "tbd")
    _correct(runtime, expansion, "1 250 kr")
    assert _change(runtime, expansion, "amount")["new"] == "1250.00"
