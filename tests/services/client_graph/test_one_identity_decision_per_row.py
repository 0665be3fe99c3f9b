"""One identity decision per row and client, through the services on SQLite and PostgreSQL: a
row in doubt against the stored clients that a doubt inside its own file also involves gets a
single decision carrying every candidate and all the conflicting evidence, and its one answer
settles the row (no second question about the same client is left to contradict it)."""

from __future__ import annotations

from pathlib import Path

from backend.repositories import review_repository
from backend.runtime import Runtime
from backend.services import batch_actions
from backend.services.client_graph import aggregation_service, search_service
from tests.factories.imports import ANN, BOB, import_rows
from tests.factories.review import answer, client_deltas, identity_decisions

ANNE = ["003A3", "Anne", "Lee", "anne.lee@gmail.com", "", "Acme Inc", "", "Boston", "USA"]
JOHN = [
    "003M1",
    "John",
    "Miller",
    "lees.home@gmail.com",
    "+1 617 555 0142",
    "",
    "",
    "Boston",
    "USA",
]

#: Robert Stone's Salesforce id on a row with Ann Lee's name, company and e-mail.
MIXED_UP = ["003A2", *ANN[1:]]
#: A colleague's row written with Ann's e-mail address.
TOM_WITH_ANNS_EMAIL = ["003Q9", "Tom", "Lee", "ann.lee@acme.com", "", "", "", "Boston", "USA"]
#: Near Ann and Anne Lee, writing from the Lee family mailbox that John Miller also uses.
ANNIE_AT_HOME = [
    "003X1",
    "Annie",
    "Lee",
    "lees.home@gmail.com",
    "",
    "Acme Inc",
    "",
    "Boston",
    "USA",
]


def _stored(runtime: Runtime, tmp_path: Path, rows: list[list[str]]) -> dict[str, str]:
    """Import and apply existing clients; their ids by first name."""
    summary = import_rows(runtime, tmp_path, rows, name="existing.csv")
    batch_actions.approve_all(runtime, summary.import_id, risks=None, actor="t", role="approver")
    batch_actions.apply(runtime, summary.import_id, actor="t")
    with runtime.unit() as session:
        return {
            row[1]: search_service.find_clients(session, email=row[3])[0].client_id for row in rows
        }


def test_source_id_against_email_with_a_near_candidate_and_a_shared_email_is_one_decision(
    runtime: Runtime, tmp_path: Path
) -> None:
    ids = _stored(runtime, tmp_path, [ANN, BOB, ANNE])
    summary = import_rows(runtime, tmp_path, [MIXED_UP, TOM_WITH_ANNS_EMAIL], name="mixed.csv")

    row_one = next(d for d in client_deltas(runtime, summary.import_id) if d.source_row == 1)
    tom = next(d for d in client_deltas(runtime, summary.import_id) if d.source_row == 2)
    decision, toms = identity_decisions(runtime, summary.import_id)
    assert (decision.kind, decision.risk) == ("identity_conflict", "high")
    assert decision.delta_ids == [row_one.delta_id]
    assert [o.id for o in decision.options] == [
        f"match:{ids['Robert']}",
        f"match:{ids['Ann']}",
        f"match:{ids['Anne']}",
        "create_new",
    ]
    assert decision.recommended == "create_new"
    assert decision.question.startswith(
        f"e-mail says {ids['Ann']} but source id says {ids['Robert']}"
    )
    assert "Also in this file, row 2 (Tom Lee): two rows share e-mail ann.lee@acme.com" in (
        decision.question
    )
    candidates = [e["candidate"] for e in decision.evidence if "candidate" in e]
    assert candidates == [ids["Robert"], ids["Ann"], ids["Anne"]]
    (in_file,) = [e for e in decision.evidence if "in_file_row" in e]
    assert (in_file["in_file_row"], in_file["client_id"], in_file["existing"]) == (
        2,
        tom.entity_id,
        False,
    )
    assert in_file["comparisons"]
    assert decision.client_ids == [ids["Robert"], ids["Ann"], ids["Anne"]]
    assert summary.deltas["client"] == {"create": 2}  # no merge waits beside the decisions
    # Tom's row gives Ann's stored e-mail: its own one question, not a second one about row 1.
    assert (toms.kind, toms.delta_ids) == ("identity_conflict", [tom.delta_id])
    assert [o.id for o in toms.options] == [f"match:{ids['Ann']}", "create_new"]
    assert "Also in this file, row 1 (Ann Lee)" in toms.question

    answer(runtime, decision, f"match:{ids['Ann']}")
    batch_actions.apply(runtime, summary.import_id, actor="tester")

    assert [d.status for d in identity_decisions(runtime, summary.import_id)] == [
        "approved",
        "pending",
    ]
    deltas = {d.source_row: d for d in client_deltas(runtime, summary.import_id)}
    assert (deltas[1].op, deltas[1].entity_id, deltas[1].status) == (
        "update",
        ids["Ann"],
        "applied",
    )
    # Tom's own row is untouched by the answer: a create of its own that waits for its decision.
    assert (deltas[2].op, deltas[2].entity_id, deltas[2].status) == (
        "create",
        tom.entity_id,
        "pending",
    )
    with runtime.unit() as session:
        assert aggregation_service.snapshot(session, ids["Robert"]).status == "active"


def test_an_ambiguous_row_sharing_a_mailbox_with_a_stored_client_is_asked_once(
    runtime: Runtime, tmp_path: Path
) -> None:
    ids = _stored(runtime, tmp_path, [ANN, JOHN])
    summary = import_rows(runtime, tmp_path, [ANNIE_AT_HOME, JOHN], name="family.csv")

    (decision,) = identity_decisions(runtime, summary.import_id)
    assert decision.kind == "identity_conflict"
    assert [o.id for o in decision.options] == [
        f"match:{ids['Ann']}",
        f"match:{ids['John']}",
        "create_new",
    ]
    assert decision.options[1].label == f"Same as {ids['John']} (row 2 of this file)"
    assert "row 2 (John Miller)" in decision.question
    assert "lees.home@gmail.com" in decision.question
    assert not [d for d in client_deltas(runtime, summary.import_id) if d.op == "merge"]

    answer(runtime, decision, "create_new")
    batch_actions.approve_all(runtime, summary.import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, summary.import_id, actor="tester")

    assert result.status == "applied", result.blocked_reasons
    annie = next(d for d in client_deltas(runtime, summary.import_id) if d.source_row == 1)
    assert annie.op == "create"
    with runtime.unit() as session:
        kept_apart = review_repository.rejected_pairs(session, "client")
    assert frozenset((annie.entity_id, ids["Ann"])) in kept_apart
    assert frozenset((annie.entity_id, ids["John"])) in kept_apart


def test_an_ambiguous_row_and_a_new_row_sharing_its_email_leave_one_question(
    runtime: Runtime, tmp_path: Path
) -> None:
    ids = _stored(runtime, tmp_path, [ANN, BOB, ANNE])
    summary = import_rows(runtime, tmp_path, [ANNIE_AT_HOME, JOHN], name="family.csv")

    (decision,) = identity_decisions(runtime, summary.import_id)
    john = next(d for d in client_deltas(runtime, summary.import_id) if d.source_row == 2)
    assert decision.kind == "identity_conflict"
    assert {o.id for o in decision.options} == {
        f"match:{ids['Ann']}",
        f"match:{ids['Anne']}",
        "create_new",
    }
    assert john.entity_id not in decision.client_ids  # shown, not offered: its row is new too
    assert john.delta_id not in decision.delta_ids

    answer(runtime, decision, f"match:{ids['Anne']}")
    batch_actions.approve_all(runtime, summary.import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, summary.import_id, actor="tester")

    assert result.status == "applied", result.blocked_reasons
    with runtime.unit() as session:
        anne = aggregation_service.snapshot(session, ids["Anne"])
        john_360 = aggregation_service.snapshot(session, john.entity_id or "")
    assert "lees.home@gmail.com" in {e.value for e in anne.emails}
    assert john_360.status == "active"
    assert [e.value for e in john_360.emails] == ["lees.home@gmail.com"]
