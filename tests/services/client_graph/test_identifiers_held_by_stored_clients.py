"""Identifiers stored clients already hold, through the services on SQLite and PostgreSQL: an
e-mail address (or source id) a stored client holds is never proposed for another client
without an operator's answer - a new client's rows are asked about it once, on the row that
creates it, with the address kept off it; a match to a client who does not hold it is a
conflict; a client who holds it already is matched without a question. Every answer applies
without a block."""

from __future__ import annotations

from pathlib import Path

from backend.runtime import Runtime
from backend.services import batch_actions
from backend.services.client_graph import aggregation_service, search_service
from tests.factories.imports import ANN, BOB, import_rows
from tests.factories.review import answer, client_deltas, identity_decisions

SHARED_MAILBOX = [
    ["003D1", "John", "Miller", "millers.home@gmail.com", "", "", "", "Austin", "USA"],
    ["003D2", "Alice", "Brown", "millers.home@gmail.com", "", "", "", "Austin", "USA"],
]


def _apply_everything(runtime: Runtime, import_id: str) -> None:
    """Approve what waits (recommended options) and apply; nothing may be blocked."""
    batch_actions.approve_all(runtime, import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, import_id, actor="t")
    assert (result.status, result.blocked_reasons) == ("applied", [])


def _stored(runtime: Runtime, tmp_path: Path, rows: list[list[str]]) -> list[str]:
    """Import and apply existing clients; their ids in row order."""
    summary = import_rows(runtime, tmp_path, rows, name="existing.csv")
    _apply_everything(runtime, summary.import_id)
    deltas = client_deltas(runtime, summary.import_id)
    return [
        next(d.entity_id or "" for d in deltas if d.source_row == n) for n, _ in enumerate(rows, 1)
    ]


def _emails(runtime: Runtime, client_id: str) -> list[str]:
    with runtime.unit() as session:
        return sorted(e.value for e in aggregation_service.snapshot(session, client_id).emails)


def _holders(runtime: Runtime, email: str) -> list[str]:
    with runtime.unit() as session:
        return sorted(m.client_id for m in search_service.find_clients(session, email=email))


def test_a_later_row_of_a_new_record_giving_a_stored_email_is_asked_on_the_creating_row(
    runtime: Runtime, tmp_path: Path
) -> None:
    ann, _ = _stored(runtime, tmp_path, [ANN, BOB])
    rows = [
        ["003Q9", "Tom", "Lee", "tom.lee@acme.com", "", "", "", "Boston", "USA"],
        ["003Q9", "Tom", "Lee", "ann.lee@acme.com", "", "", "", "Boston", "USA"],
    ]
    summary = import_rows(runtime, tmp_path, rows, name="tom.csv")

    (decision,) = identity_decisions(runtime, summary.import_id)
    deltas = {d.source_row: d for d in client_deltas(runtime, summary.import_id)}
    assert decision.kind == "identity_conflict"
    assert decision.delta_ids == [deltas[1].delta_id]
    assert f"e-mail ann.lee@acme.com already belongs to {ann} (Ann Lee)" in decision.question
    assert [o.id for o in decision.options] == [f"match:{ann}", "create_new"]
    assert "ann.lee@acme.com" not in {c.new for d in deltas.values() for c in d.changes}

    answer(runtime, decision, "create_new")
    _apply_everything(runtime, summary.import_id)

    assert _emails(runtime, deltas[1].entity_id or "") == ["tom.lee@acme.com"]
    assert _holders(runtime, "ann.lee@acme.com") == [ann]


def test_a_row_the_score_gives_to_a_client_who_lacks_its_email_is_a_conflict(
    runtime: Runtime, tmp_path: Path
) -> None:
    ann, robert = _stored(runtime, tmp_path, [ANN, BOB])
    row = [
        "003Z9",
        "Robert",
        "Stone",
        "ann.lee@acme.com",
        "+1 415 555 0102",
        "",
        "CTO",
        "Austin",
        "USA",
    ]
    summary = import_rows(runtime, tmp_path, [row], name="bob.csv")

    (decision,) = identity_decisions(runtime, summary.import_id)
    assert (decision.kind, decision.risk, decision.recommended) == (
        "identity_conflict",
        "high",
        "create_new",
    )
    assert decision.question.startswith("the score (")
    assert f"says {robert}, who does not hold e-mail ann.lee@acme.com" in decision.question
    assert [o.id for o in decision.options] == [f"match:{robert}", f"match:{ann}", "create_new"]

    answer(runtime, decision, f"match:{robert}")
    _apply_everything(runtime, summary.import_id)

    assert _emails(runtime, robert) == ["bob.stone@initech.com"]
    assert _holders(runtime, "ann.lee@acme.com") == [ann]


def test_a_placeholder_address_held_by_many_offers_the_first_holders_and_counts_the_rest(
    runtime: Runtime, tmp_path: Path
) -> None:
    names = ["Ava", "Ben", "Cal", "Dee", "Eli", "Fay", "Gus"]
    stored = [
        [f"003P{i}", name, "Park", "noemail@acme.com", "", "", "", "Denver", "USA"]
        for i, name in enumerate(names)
    ]
    holders = sorted(_stored(runtime, tmp_path, stored))
    zoe = ["003P9", "Zoe", "Quinn", "noemail@acme.com", "", "", "", "Denver", "USA"]
    summary = import_rows(runtime, tmp_path, [zoe], name="zoe.csv")

    (decision,) = identity_decisions(runtime, summary.import_id)
    assert [o.id for o in decision.options] == [*(f"match:{h}" for h in holders[:5]), "create_new"]
    assert "and 2 other clients. Is Zoe Quinn the same person" in decision.question
    assert decision.recommended == "create_new"

    _apply_everything(runtime, summary.import_id)

    (create,) = client_deltas(runtime, summary.import_id)
    assert _emails(runtime, create.entity_id or "") == []
    assert _holders(runtime, "noemail@acme.com") == holders


def test_a_client_who_holds_a_shared_mailbox_already_is_matched_without_a_question(
    runtime: Runtime, tmp_path: Path
) -> None:
    john, alice = _stored(runtime, tmp_path, SHARED_MAILBOX)  # kept separate, as recommended
    assert _holders(runtime, "millers.home@gmail.com") == sorted([john, alice])
    again = import_rows(runtime, tmp_path, [SHARED_MAILBOX[0]], name="john.csv")

    assert identity_decisions(runtime, again.import_id) == []
    (delta,) = client_deltas(runtime, again.import_id)
    assert (delta.op, delta.entity_id) == ("no_change", john)

    mia = ["003D3", "Mia", "Miller", "millers.home@gmail.com", "", "", "", "Austin", "USA"]
    summary = import_rows(runtime, tmp_path, [mia], name="mia.csv")
    (decision,) = identity_decisions(runtime, summary.import_id)
    assert decision.kind == "identity_conflict"
    assert {o.target_id for o in decision.options if o.target_id} == {john, alice}
    assert set(decision.client_ids) == {john, alice}


def test_a_different_person_answer_holds_when_the_same_export_comes_again(
    runtime: Runtime, tmp_path: Path
) -> None:
    ann, _ = _stored(runtime, tmp_path, [ANN, BOB])
    tom_row = ["003Q9", "Tom", "Lee", "ann.lee@acme.com", "", "", "", "Boston", "USA"]
    first = import_rows(runtime, tmp_path, [tom_row], name="tom.csv")
    (decision,) = identity_decisions(runtime, first.import_id)
    answer(runtime, decision, "create_new")
    _apply_everything(runtime, first.import_id)
    (created,) = client_deltas(runtime, first.import_id)

    again = import_rows(runtime, tmp_path, [tom_row], name="tom-again.csv")

    assert identity_decisions(runtime, again.import_id) == []
    (delta,) = client_deltas(runtime, again.import_id)
    assert (delta.op, delta.entity_id) == ("no_change", created.entity_id)
    assert any("ann.lee@acme.com already belongs to" in e.text for e in delta.evidence)
    _apply_everything(runtime, again.import_id)
    assert _emails(runtime, created.entity_id or "") == []
    assert _holders(runtime, "ann.lee@acme.com") == [ann]
