"""Answering a mapping or date-order decision proposes its batch again: every other answer, and
the ids operators hold, survive it; bulk approval maps columns too and leaves what has no
recommendation to a person; once part of a batch is applied, the answer takes effect in a
replay. An answer follows what it is about (its column, or its row and field), not the wording
of its question: it is carried over when the new proposal words the question differently, and an
answered decision the new proposal no longer asks is removed with an audit trail, so that no
decision is left governing deltas that no longer exist. Through the services, on SQLite and
PostgreSQL, with the demo's HubSpot export and small Salesforce contact exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.contracts.review import DecisionAnswer, ReviewDecision
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph import search_service
from backend.services.client_graph.policy import Policy
from backend.services.import_pipeline import run_import
from backend.services.imports.ingest_service import ImportRequest
from tests.factories.imports import ANN, BOB, SF_CONTACT_HEADER, import_rows

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


HEADER = [*SF_CONTACT_HEADER, "Favourite Colour"]
#: A contact with neither a name nor an e-mail: its questions name its new client's id.
UNNAMED = ["003E1", "", "", "", "415-555-01", "Globex", "Buyer", "Austin", "USA", "green"]
#: A national number with no country on its row: valid only under a default phone region.
MARIA = ["003E2", "Maria", "Garcia", "maria@initech.com", "415 555 0101", "", "", "Austin", ""]
ANNE = ["003A3", "Anne", "Lee", "anne.lee@gmail.com", "", "Acme Inc", "", "Boston", "USA"]
#: Robert Stone's Salesforce id on a row with Ann Lee's name, company and e-mail.
MIXED_UP = ["003A2", "Ann", "Lee", "ann.lee@acme.com", "+1 415 555 0101", "Acme Inc", "CFO", "", ""]
#: Robert and Rachel Smith, joined only through "R. Smith" (Robert's e-mail, Rachel's phone).
WEAK_CHAIN = [
    ["003C1", "Robert", "Smith", "rs@acme.com", "", "Acme Inc", "CFO", "Boston", "USA"],
    ["003C2", "R.", "Smith", "rs@acme.com", "+1 617 555 0199", "", "", "", "USA"],
    ["003C3", "Rachel", "Smith", "", "+1 617 555 0199", "", "Nurse", "Denver", "USA"],
]


def _import_rows(runtime: Runtime, tmp_path: Path, rows: list[list[str]]) -> str:
    """Contacts with a column no target fits (its answer proposes the batch again)."""
    with_colour = [row if len(row) == len(HEADER) else [*row, "blue"] for row in rows]
    return import_rows(runtime, tmp_path, with_colour, header=HEADER).import_id


def _map_the_colour_column(runtime: Runtime, import_id: str) -> None:
    (unmapped,) = [
        d
        for d in _decisions(runtime, import_id).values()
        if d.kind == "unmapped_column" and d.status == "pending"
    ]
    _approve(runtime, unmapped.decision_id)


def _of_kind(runtime: Runtime, import_id: str, kind: str) -> list[ReviewDecision]:
    return [d for d in _decisions(runtime, import_id).values() if d.kind == kind]


def _assert_no_decision_governs_a_gone_delta(runtime: Runtime, import_id: str) -> None:
    with runtime.unit() as session:
        deltas = {d.delta_id for d in read_models.deltas_of(session, import_id)}
    for decision in _decisions(runtime, import_id).values():
        assert set(decision.delta_ids) <= deltas, decision


def _audit(runtime: Runtime, action: str, subject_id: str) -> list[dict[str, Any]]:
    with runtime.unit() as session:
        events = read_models.audit_events(session)
    return [e["details"] for e in events if (e["action"], e["subject_id"]) == (action, subject_id)]


def test_an_answer_follows_its_row_and_field_when_its_question_is_worded_anew(
    runtime: Runtime, tmp_path: Path
) -> None:
    import_id = _import_rows(runtime, tmp_path, [ANN, UNNAMED])
    (before,) = _of_kind(runtime, import_id, "invalid_value")
    assert before.question.startswith("phone of cli_")
    _approve(runtime, before.decision_id, "keep_raw")

    _map_the_colour_column(runtime, import_id)

    (after,) = _of_kind(runtime, import_id, "invalid_value")
    assert (after.decision_id, after.status, after.chosen_option, after.decided_by) == (
        before.decision_id,
        "approved",
        "keep_raw",
        "t",
    )
    # The new proposal's client has a new id, which the question names.
    assert after.question != before.question
    assert after.delta_ids != before.delta_ids
    _assert_no_decision_governs_a_gone_delta(runtime, import_id)
    (carried,) = _audit(runtime, "carry_over", before.decision_id)
    assert (carried["question"], carried["now"]) == (before.question, after.question)


def test_an_answer_the_new_proposal_no_longer_asks_is_removed_with_an_audit_trail(
    runtime: Runtime, tmp_path: Path
) -> None:
    import_id = _import_rows(runtime, tmp_path, [ANN, MARIA])
    (phone,) = _of_kind(runtime, import_id, "invalid_value")
    assert "no default region" in phone.question
    _approve(runtime, phone.decision_id, "keep_raw")

    # A default region makes the national number a phone number: nothing is left to ask.
    runtime.__dict__["policy"] = Policy(default_region="US")
    _map_the_colour_column(runtime, import_id)

    assert _of_kind(runtime, import_id, "invalid_value") == []
    assert phone.decision_id not in _decisions(runtime, import_id)
    _assert_no_decision_governs_a_gone_delta(runtime, import_id)
    (dropped,) = _audit(runtime, "supersede", phone.decision_id)
    assert dropped["question"] == phone.question
    assert (dropped["status"], dropped["option"], dropped["decided_by"]) == (
        "approved",
        "keep_raw",
        "t",
    )
    assert dropped["reason"] == "the new proposal no longer asks it"
    assert dropped["asked_again"] is False
    with runtime.unit() as session:
        deltas = read_models.deltas_of(session, import_id)
    (maria,) = [d for d in deltas if d.entity == "client" and d.source_row == 2]
    assert next(c.new for c in maria.changes if c.field == "phone") == "+14155550101"


def test_an_identity_answer_follows_its_row_across_a_reproposal(
    runtime: Runtime, tmp_path: Path
) -> None:
    existing = import_rows(runtime, tmp_path, [ANN, BOB, ANNE], name="existing.csv")
    batch_actions.approve_all(runtime, existing.import_id, risks=None, actor="t", role="approver")
    batch_actions.apply(runtime, existing.import_id, actor="t")
    with runtime.unit() as session:
        ann_id = search_service.find_clients(session, email="ann.lee@acme.com")[0].client_id
    import_id = _import_rows(runtime, tmp_path, [MIXED_UP])
    (who,) = _of_kind(runtime, import_id, "identity_conflict")
    _approve(runtime, who.decision_id, f"match:{ann_id}")

    _map_the_colour_column(runtime, import_id)

    (after,) = _of_kind(runtime, import_id, "identity_conflict")
    assert (after.decision_id, after.status, after.chosen_option) == (
        who.decision_id,
        "approved",
        f"match:{ann_id}",
    )
    _assert_no_decision_governs_a_gone_delta(runtime, import_id)
    with runtime.unit() as session:
        deltas = read_models.deltas_of(session, import_id)
    (row,) = [d for d in deltas if d.delta_id in after.delta_ids]
    assert (row.op, row.entity_id, row.status) == ("update", ann_id, "approved")
    assert not any(d.op == "create" and d.entity == "client" for d in deltas)


def test_a_merge_kept_apart_follows_its_rows_across_a_reproposal(
    runtime: Runtime, tmp_path: Path
) -> None:
    import_id = _import_rows(runtime, tmp_path, WEAK_CHAIN)
    (merge,) = _of_kind(runtime, import_id, "identity_merge")
    _approve(runtime, merge.decision_id, "keep_separate")

    _map_the_colour_column(runtime, import_id)

    (after,) = _of_kind(runtime, import_id, "identity_merge")
    assert (after.decision_id, after.status, after.chosen_option) == (
        merge.decision_id,
        "approved",
        "keep_separate",
    )
    # The merged clients are new ones: the new proposal gave them new ids.
    assert set(after.client_ids).isdisjoint(merge.client_ids)
    _assert_no_decision_governs_a_gone_delta(runtime, import_id)
    with runtime.unit() as session:
        deltas = read_models.deltas_of(session, import_id)
    (kept_apart,) = [d for d in deltas if d.op == "merge"]
    assert (kept_apart.delta_id in after.delta_ids, kept_apart.status) == (True, "rejected")
