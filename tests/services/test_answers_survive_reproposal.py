"""Answering a mapping or date-order decision proposes its batch again: every other answer, and
the ids operators hold, survive it; bulk approval maps columns too and leaves what has no
recommendation to a person; once part of a batch is applied, the answer takes effect in a
replay. Through the services, on SQLite and PostgreSQL, with the demo's HubSpot export."""

from __future__ import annotations

from pathlib import Path

from backend.contracts.review import DecisionAnswer, ReviewDecision
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph.policy import Policy
from backend.services.import_pipeline import run_import
from backend.services.imports.ingest_service import ImportRequest

SAMPLES = Path(__file__).resolve().parents[2] / "backend" / "demo" / "samples"


def _import(runtime: Runtime, name: str) -> str:
    with (SAMPLES / name).open("rb") as stream:
        return run_import(
            runtime, ImportRequest(file_name=name, stream=stream, actor="t")
        ).import_id


def _decisions(runtime: Runtime, import_id: str) -> dict[str, ReviewDecision]:
    with runtime.unit() as session:
        found = read_models.decisions_of(session, batch_id=import_id, kind=None, status=None)
    return {d.decision_id: d for d in found}


def _approve(runtime: Runtime, decision_id: str, option: str | None = None) -> None:
    batch_actions.decide(
        runtime,
        decision_id,
        DecisionAnswer(option=option),
        approve=True,
        actor="t",
        role="approver",
    )


def _custom_columns(runtime: Runtime, import_id: str) -> int:
    with runtime.unit() as session:
        return read_models.import_summary(session, import_id).columns.custom


def test_bulk_approval_keeps_the_unmapped_column_and_leaves_the_date_order_to_a_person(
    runtime: Runtime,
) -> None:
    import_id = _import(runtime, "05_hubspot_contacts.csv")
    decided, _ = batch_actions.approve_all(
        runtime, import_id, risks=None, actor="t", role="approver"
    )
    assert decided >= 1
    pending = [d for d in _decisions(runtime, import_id).values() if d.status == "pending"]
    assert [d.kind for d in pending] == ["ambiguous_value"]
    assert _custom_columns(runtime, import_id) == 1


def test_other_answers_and_ids_survive_a_mapping_answer(runtime: Runtime) -> None:
    contacts = _import(runtime, "02_salesforce_contacts.csv")
    batch_actions.approve_all(runtime, contacts, risks=None, actor="t", role="approver")
    batch_actions.apply(runtime, contacts, actor="t")
    import_id = _import(runtime, "05_hubspot_contacts.csv")
    before = _decisions(runtime, import_id)
    unmapped = next(d for d in before.values() if d.kind == "unmapped_column")
    overwrites = [d for d in before.values() if d.kind == "field_overwrite"]
    assert overwrites, "the HubSpot export repeats Salesforce contacts with other values"
    answered = overwrites[0]
    option = next(o.id for o in answered.options if o.id != answered.recommended)
    _approve(runtime, answered.decision_id, option)
    _approve(runtime, unmapped.decision_id)
    after = _decisions(runtime, import_id)
    assert before.keys() <= after.keys()
    assert after[answered.decision_id].status == "approved"
    assert after[answered.decision_id].chosen_option == option
    assert after[unmapped.decision_id].chosen_option == "custom"
    assert _custom_columns(runtime, import_id) == 1
    still = [d for d in before if d not in (answered.decision_id, unmapped.decision_id)]
    assert all(after[d].status == "pending" for d in still)


def test_a_mapping_answer_after_part_of_the_batch_is_applied_replays_it(
    runtime: Runtime,
) -> None:
    runtime.__dict__["policy"] = Policy(auto_approve_low_risk_creates=True)
    import_id = _import(runtime, "05_hubspot_contacts.csv")
    assert batch_actions.apply(runtime, import_id, actor="t").applied > 0
    unmapped = next(
        d for d in _decisions(runtime, import_id).values() if d.kind == "unmapped_column"
    )
    _approve(runtime, unmapped.decision_id)
    assert _decisions(runtime, import_id)[unmapped.decision_id].status == "approved"
    with runtime.unit() as session:
        replays = [s for s in read_models.list_imports(session) if s.replay_of == import_id]
    assert len(replays) == 1
    assert replays[0].columns.custom == 1
