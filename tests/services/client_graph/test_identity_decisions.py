"""The identity decisions of a batch from plain values (pure): every row in doubt against the
stored clients is asked once, with the rows of its file that a doubt pairs it with, and a doubt
inside the file becomes a merge only among the rows no such decision covers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backend.services.client_graph.identity_decisions import (
    FileDoubt,
    HeldIdentifier,
    IdentityQuestion,
    identity_decisions,
)
from backend.services.client_graph.matching import (
    BatchLink,
    Candidate,
    Comparison,
    MatchOutcome,
    default_match_model,
    scoring_model,
)
from backend.services.client_graph.policy import Policy
from backend.services.client_graph.proposals import KnownEntity, ProposalBuilder

SCORING = scoring_model(default_match_model(), None)


def _client(client_id: str, label: str, *, exists: bool = False) -> KnownEntity:
    return KnownEntity(kind="client", id=client_id, exists=exists, label=label)


def _candidate(key: str, probability: float) -> Candidate:
    line = Comparison("last_name", "exact", 4.0, "last name equal")
    return Candidate(key, probability, 4.0, (line,), False)


def _question(entity: KnownEntity, row: int, *candidates: Candidate) -> IdentityQuestion:
    outcome = MatchOutcome(f"row:{row}", "ambiguous", candidates[0], candidates, None)
    return IdentityQuestion(entity, outcome, row, (f"dlt_row{row}",))


def _pair(a: int, b: int, probability: float) -> tuple[int, int, BatchLink]:
    line = Comparison("email", "exact", 6.0, "same e-mail")
    return a, b, BatchLink((f"row:{a}", f"row:{b}"), probability, 1.0, (line,))


def _decide(
    questions: list[IdentityQuestion], doubts: list[FileDoubt], clients: dict[int, KnownEntity]
) -> ProposalBuilder:
    builder = ProposalBuilder(import_id="imp_1", writeback_id=None, system="salesforce")
    identity_decisions(
        builder,
        questions=questions,
        doubts=doubts,
        clients=clients,
        policy=Policy(),
        scoring=SCORING,
    )
    return builder


def test_two_rows_in_doubt_against_stored_clients_and_each_other_get_one_decision_each() -> None:
    annie, ann = _client("cli_annie", "Annie Lee"), _client("cli_ann2", "Ann Lee")
    doubt = FileDoubt((1, 2), (_pair(1, 2, 0.8),), "uncertain match row:1~row:2 (0.80)", False)
    builder = _decide(
        [
            _question(annie, 1, _candidate("cli_anne", 0.8)),
            _question(ann, 2, _candidate("cli_anne", 0.85)),
        ],
        [doubt],
        {1: annie, 2: ann},
    )

    assert [d.kind for d in builder.decisions] == ["ambiguous_match", "ambiguous_match"]
    assert [d.delta_ids for d in builder.decisions] == [["dlt_row1"], ["dlt_row2"]]
    assert not [d for d in builder.deltas if d.op == "merge"]
    first, second = builder.decisions
    # A client of the file that is new itself is named, not offered: no answer relies on another.
    assert [o.id for o in first.options] == ["match:cli_anne", "create_new"]
    assert "Also in this file, row 2 (Ann Lee): uncertain match" in first.question
    assert "row 1 (Annie Lee)" in second.question
    assert first.client_ids == ["cli_anne"]
    assert [e.get("in_file_row") for e in first.evidence] == [None, 2]


def test_a_weak_chain_merges_only_the_rows_no_identity_decision_covers() -> None:
    robert, r, rachel = (
        _client("cli_robert", "Robert Smith"),
        _client("cli_r", "R. Smith"),
        _client("cli_rachel", "Rachel Smith"),
    )
    chain = FileDoubt(
        (1, 2, 3),
        (_pair(1, 2, 0.95), _pair(2, 3, 0.93)),
        "row:1 and row:3 are joined only through other rows",
        False,
    )
    builder = _decide(
        [_question(r, 2, _candidate("cli_stored_smith", 0.7))],
        [chain],
        {1: robert, 2: r, 3: rachel},
    )

    who, merge = builder.decisions
    assert (who.kind, who.delta_ids) == ("ambiguous_match", ["dlt_row2"])
    assert "row 1 (Robert Smith), row 3 (Rachel Smith)" in who.question
    assert merge.kind == "identity_merge"
    assert merge.client_ids == ["cli_robert", "cli_rachel"]
    assert merge.question.startswith("Are row 1 (Robert Smith), row 3 (Rachel Smith) one person?")
    assert merge.evidence == []  # no scored pair joins the two directly


@pytest.mark.parametrize(
    ("conflict", "kind", "risk", "recommended"),
    [
        (False, "ambiguous_match", "medium", "match:cli_anne"),
        (True, "identity_conflict", "high", "create_new"),
    ],
)
def test_a_shared_email_inside_the_file_makes_the_one_decision_a_conflict(
    conflict: bool, kind: str, risk: str, recommended: str
) -> None:
    annie, john = _client("cli_annie", "Annie Lee"), _client("cli_john", "John Miller", exists=True)
    doubt = FileDoubt((1, 2), (_pair(1, 2, 0.3),), "two rows share e-mail x@y.com", conflict)
    builder = _decide(
        [_question(annie, 1, _candidate("cli_anne", 0.8))], [doubt], {1: annie, 2: john}
    )

    (decision,) = builder.decisions
    assert (decision.kind, decision.risk, decision.recommended) == (kind, risk, recommended)
    assert [o.id for o in decision.options] == ["match:cli_anne", "match:cli_john", "create_new"]
    assert decision.client_ids == ["cli_anne", "cli_john"]
    assert decision.evidence[-1]["candidate"] == "cli_john"
    assert decision.evidence[-1]["probability"] == 0.3


def test_without_an_identity_question_a_doubt_inside_the_file_is_a_merge_as_before() -> None:
    john, alice = _client("cli_john", "John Miller"), _client("cli_alice", "Alice Brown")
    doubt = FileDoubt((1, 2), (_pair(1, 2, 0.02),), "two rows share e-mail m@h.com", True)
    builder = _decide([], [doubt], {1: john, 2: alice})

    (decision,) = builder.decisions
    (merge,) = builder.deltas
    assert (decision.kind, decision.recommended) == ("identity_conflict", "keep_separate")
    assert (merge.op, merge.target_ids) == ("merge", ["cli_john", "cli_alice"])
    assert decision.evidence[0]["rows"] == [1, 2]


def test_a_new_person_giving_identifiers_stored_clients_hold_is_one_conflict_offering_them() -> (
    None
):
    tom = _client("cli_tom", "Tom Lee")
    ann, bob = (
        _client("cli_ann", "Ann Lee", exists=True),
        _client("cli_bob", "Bob Stone", exists=True),
    )
    scored = Candidate(
        "cli_ann", 0.04, -4.0, (Comparison("first_name", "different", -8.3, "Tom≠Ann"),), False
    )
    outcome = MatchOutcome("row:3", "new", None, (), None, holders=(scored,))
    held = (
        HeldIdentifier("email", "ann.lee@acme.com", (ann,), held_by=1),
        HeldIdentifier("email_secondary", "team@acme.com", (ann, bob), held_by=4),
    )
    builder = _decide([IdentityQuestion(tom, outcome, 3, ("dlt_row3",), held)], [], {3: tom})

    (decision,) = builder.decisions
    assert (decision.kind, decision.risk, decision.recommended) == (
        "identity_conflict",
        "high",
        "create_new",
    )
    assert decision.question == (
        "e-mail ann.lee@acme.com already belongs to cli_ann (Ann Lee); e-mail team@acme.com "
        "already belongs to cli_ann (Ann Lee), cli_bob (Bob Stone) and 2 other clients. "
        "Is Tom Lee the same person as an existing client?"
    )
    assert [(o.id, o.label) for o in decision.options] == [
        (
            "match:cli_ann",
            "Same as cli_ann (Ann Lee), who holds e-mail ann.lee@acme.com, e-mail team@acme.com",
        ),
        ("match:cli_bob", "Same as cli_bob (Bob Stone), who holds e-mail team@acme.com"),
        (
            "create_new",
            "A different person: create a new client without e-mail ann.lee@acme.com, "
            "e-mail team@acme.com",
        ),
    ]
    assert decision.client_ids == ["cli_ann", "cli_bob"]
    assert decision.delta_ids == ["dlt_row3"]
    by_holder = {e["candidate"]: e for e in decision.evidence}
    assert (by_holder["cli_ann"]["probability"], by_holder["cli_bob"]["probability"]) == (
        0.04,
        None,
    )
    assert by_holder["cli_bob"]["holds"] == ["e-mail team@acme.com"]
    assert [c["text"] for c in by_holder["cli_bob"]["comparisons"]] == [
        "cli_bob holds e-mail team@acme.com"
    ]
    assert "Tom≠Ann" in [c["text"] for c in by_holder["cli_ann"]["comparisons"]]


def test_a_holder_that_is_already_a_candidate_is_offered_once() -> None:
    tom, ann = _client("cli_tom", "Tom Lee"), _client("cli_ann", "Ann Lee", exists=True)
    held = (HeldIdentifier("email", "ann.lee@acme.com", (ann,), held_by=1),)
    asked = _question(tom, 1, _candidate("cli_ann", 0.7))
    builder = _decide([replace(asked, held=held)], [], {1: tom})

    (decision,) = builder.decisions
    assert decision.kind == "identity_conflict"
    assert [o.id for o in decision.options] == ["match:cli_ann", "create_new"]
    assert decision.evidence[0]["holds"] == ["e-mail ann.lee@acme.com"]
