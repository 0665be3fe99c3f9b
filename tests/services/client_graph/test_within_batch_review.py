"""Doubts inside one file through the services, on SQLite and PostgreSQL: a weak chain and rows
sharing an e-mail but not a name become merge decisions (nothing is merged silently) that the
review and apply flow carries out either way; namesakes and relatives stay apart; a large
enough batch is scored by an EM-estimated model that the evidence names and a replay reuses."""

from __future__ import annotations

import random
from pathlib import Path

from backend.contracts.review import ReviewDecision
from backend.db.models import Client
from backend.repositories import imports_repository, review_repository
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph.policy import Policy
from tests.factories.imports import import_rows
from tests.factories.review import answer, client_deltas

#: Robert and Rachel Smith, joined only through "R. Smith" (Robert's e-mail, Rachel's phone).
WEAK_CHAIN = [
    ["003C1", "Robert", "Smith", "rs@acme.com", "", "Acme Inc", "CFO", "Boston", "USA"],
    ["003C2", "R.", "Smith", "rs@acme.com", "+1 617 555 0199", "", "", "", "USA"],
    ["003C3", "Rachel", "Smith", "", "+1 617 555 0199", "", "Nurse", "Denver", "USA"],
]
#: Two people writing from one family mailbox.
SHARED_MAILBOX = [
    ["003D1", "John", "Miller", "millers.home@gmail.com", "", "", "", "Austin", "USA"],
    ["003D2", "Alice", "Brown", "millers.home@gmail.com", "", "", "", "Austin", "USA"],
]


def _decisions(runtime: Runtime, import_id: str) -> list[ReviewDecision]:
    with runtime.unit() as session:
        return read_models.decisions_of(session, batch_id=import_id, status="pending")


def _statuses(runtime: Runtime, client_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    with runtime.unit() as session:
        return {
            client_id: (client.status, client.merged_into)
            for client_id in client_ids
            if (client := session.get(Client, client_id)) is not None
        }


def test_weak_chain_in_one_file_is_one_merge_decision_and_nothing_is_merged_silently(
    runtime: Runtime, tmp_path: Path
) -> None:
    summary = import_rows(runtime, tmp_path, WEAK_CHAIN)

    assert summary.deltas["client"] == {"create": 3, "merge": 1}
    (decision,) = _decisions(runtime, summary.import_id)
    assert decision.kind == "identity_merge"
    assert decision.risk == "high"
    assert [o.id for o in decision.options] == ["merge", "keep_separate"]
    assert decision.recommended == "keep_separate"
    assert len(decision.client_ids) == 3
    assert "row 1 (Robert Smith)" in decision.question
    assert "joined only through other rows" in decision.question
    assert {e["rows"][0] for e in decision.evidence} == {1, 2}
    assert all(e["comparisons"] for e in decision.evidence)
    merge = next(d for d in client_deltas(runtime, summary.import_id) if d.op == "merge")
    assert merge.target_ids == decision.client_ids
    assert decision.delta_ids == [merge.delta_id]
    assert any(e.field == "batch" and "joined only" in e.text for e in merge.evidence)

    batch_actions.approve_all(
        runtime, summary.import_id, risks=["low"], actor="tester", role="approver"
    )
    result = batch_actions.apply(runtime, summary.import_id, actor="tester")

    assert result.status == "partially_applied"
    statuses = _statuses(runtime, decision.client_ids)
    assert {status for status, _ in statuses.values()} == {"active"}


def test_approving_the_merge_of_a_weak_chain_merges_the_rows_into_one_client(
    runtime: Runtime, tmp_path: Path
) -> None:
    summary = import_rows(runtime, tmp_path, WEAK_CHAIN)
    (decision,) = _decisions(runtime, summary.import_id)

    answer(runtime, decision, "merge")
    batch_actions.approve_all(runtime, summary.import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, summary.import_id, actor="tester")

    assert result.status == "applied", result.blocked_reasons
    survivor, *others = decision.client_ids
    statuses = _statuses(runtime, decision.client_ids)
    assert statuses[survivor] == ("active", None)
    assert [statuses[other] for other in others] == [("merged", survivor)] * 2


def test_keeping_a_weak_chain_apart_creates_three_clients_and_remembers_the_answer(
    runtime: Runtime, tmp_path: Path
) -> None:
    summary = import_rows(runtime, tmp_path, WEAK_CHAIN)
    (decision,) = _decisions(runtime, summary.import_id)

    answer(runtime, decision, "keep_separate")
    batch_actions.approve_all(runtime, summary.import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, summary.import_id, actor="tester")

    assert result.status == "applied", result.blocked_reasons
    assert {s for s, _ in _statuses(runtime, decision.client_ids).values()} == {"active"}
    first, *others = decision.client_ids
    with runtime.unit() as session:
        rejected = review_repository.rejected_pairs(session, "client")
    assert {frozenset((first, other)) for other in others} <= rejected


def test_two_rows_sharing_an_email_but_not_a_name_are_an_identity_conflict(
    runtime: Runtime, tmp_path: Path
) -> None:
    summary = import_rows(runtime, tmp_path, SHARED_MAILBOX)

    assert summary.deltas["client"] == {"create": 2, "merge": 1}
    (decision,) = _decisions(runtime, summary.import_id)
    assert decision.kind == "identity_conflict"
    assert decision.recommended == "keep_separate"
    assert "share e-mail millers.home@gmail.com but not a name" in decision.question
    assert len(decision.client_ids) == 2


def test_namesakes_at_different_companies_in_one_file_stay_apart(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = [
        ["003E1", "Ann", "Lee", "ann.lee@acme.com", "+1 415 555 0101", "Acme Inc", "CFO",
         "Boston", "USA"],
        ["003E2", "Ann", "Lee", "ann@othercorp.de", "+49 30 1234567", "Other Corp GmbH",
         "Nurse", "Berlin", "Germany"],
    ]  # fmt: skip
    summary = import_rows(runtime, tmp_path, rows)

    assert summary.deltas["client"] == {"create": 2}
    assert [d.kind for d in _decisions(runtime, summary.import_id)] == []


def test_relatives_sharing_a_phone_and_surname_in_one_file_stay_apart(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = [
        ["003F1", "Ann", "Lee", "ann.lee@acme.com", "+1 415 555 0101", "Acme Inc", "CFO",
         "Boston", "USA"],
        ["003F2", "Tom", "Lee", "tom.lee@gmail.com", "+1 415 555 0101", "", "", "Boston", "USA"],
    ]  # fmt: skip
    summary = import_rows(runtime, tmp_path, rows)

    assert summary.deltas["client"] == {"create": 2}
    assert [d.kind for d in _decisions(runtime, summary.import_id)] == []


def _contacts(count: int) -> list[list[str]]:
    """A realistic contacts export with some people twice (a nickname, a typo)."""
    rng = random.Random(5)
    firsts = ["Robert", "Maria", "James", "Linda", "David", "Susan", "Thomas", "Karen", "Peter"]
    lasts = ["Stone", "Garcia", "Novak", "Okafor", "Lindqvist", "Moreau", "Brandt", "Haddad"]
    cities = ["Boston", "Austin", "Denver", "Seattle"]
    rows = []
    for n in range(count):
        first, last = rng.choice(firsts), f"{rng.choice(lasts)}{rng.choice(['', 'son', 'er'])}"
        email = f"{first.lower()}.{last.lower()}{n}@example{n % 7}.com"
        phone = f"+1 617 555 {1000 + n:04d}"
        city = rng.choice(cities)
        rows.append([f"003G{n}", first, last, email, phone, "", "", city, "USA"])
        if n % 4 == 0:
            twin = {"Robert": "Bob", "James": "Jim", "Thomas": "Tom"}.get(first, first)
            rows.append([f"003H{n}", twin, last, email.upper(), phone, "", "", city, "USA"])
    return rows


def test_a_large_batch_is_scored_by_an_estimated_model_that_the_evidence_names(
    runtime: Runtime, tmp_path: Path
) -> None:
    runtime.__dict__["policy"] = Policy(estimate_min_records=100)
    summary = import_rows(runtime, tmp_path, _contacts(100), name="large.csv")

    with runtime.unit() as session:
        recorded = imports_repository.get_batch(session, summary.import_id).counts["match_model"]
    assert recorded["name"] == "estimated"
    assert recorded["estimated_from"] >= 100
    lines = [
        e for d in client_deltas(runtime, summary.import_id) for e in d.evidence
        if e.field == "model"
    ]  # fmt: skip
    assert lines
    assert {line.outcome for line in lines} == {"estimated"}
    assert all(recorded["fingerprint"] in line.text for line in lines)

    again = import_rows(runtime, tmp_path, _contacts(100), name="large.csv")
    with runtime.unit() as session:
        replayed = imports_repository.get_batch(session, again.import_id).counts["match_model"]
    assert again.replay_of == summary.import_id
    assert replayed["fingerprint"] == recorded["fingerprint"]


def test_a_small_batch_is_scored_by_the_default_model(runtime: Runtime, tmp_path: Path) -> None:
    summary = import_rows(runtime, tmp_path, WEAK_CHAIN[:1])

    with runtime.unit() as session:
        recorded = imports_repository.get_batch(session, summary.import_id).counts["match_model"]
    assert recorded["name"] == "default"
    assert recorded["estimated_from"] is None


def test_rows_joined_as_one_new_person_carry_the_score_and_evidence_that_joined_them(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = [
        [
            "003E1",
            "Robert",
            "Jones",
            "rjones@initech.com",
            "+1 512 555 0101",
            "Initech",
            "",
            "",
            "USA",
        ],
        [
            "003E2",
            "Bob",
            "Jones",
            "bob.jones@gmail.com",
            "+1 512 555 0101",
            "Initech",
            "",
            "",
            "USA",
        ],
        ["003E1", "Robert", "Jones", "", "", "", "CTO", "Austin", "USA"],
    ]
    summary = import_rows(runtime, tmp_path, rows)
    deltas = client_deltas(runtime, summary.import_id)
    assert deltas[0].op == "create"
    updates = deltas[1:]
    assert {d.op for d in updates} == {"update"}
    assert all(d.score is not None and d.evidence for d in updates)
    joined = [d for d in updates if d.score != 1.0]
    assert joined
    assert all(d.score is not None and d.score >= 0.9 for d in joined)
    assert any("phone" in e.text for e in joined[0].evidence)
    same_record = updates[-1]
    assert same_record.score == 1.0
    assert "same source record as row 1" in same_record.evidence[0].text
