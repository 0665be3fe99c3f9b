"""match_incoming: the conflicting-identity shapes, caps and deterministic links."""

from __future__ import annotations

from backend.services.client_graph.matching import (
    InProcessEngine,
    LinkageEngine,
    MatchOutcome,
    PersonRecord,
    match_incoming,
)

MATCH, REVIEW = 0.9, 0.6


def person(key: str, first: str | None, last: str | None, **fields: object) -> PersonRecord:
    return PersonRecord(key=key, first_name=first, last_name=last, **fields)  # type: ignore[arg-type]


def resolve_one(
    incoming: PersonRecord, existing: list[PersonRecord], **options: object
) -> MatchOutcome:
    (outcome,) = match_incoming(
        [incoming],
        existing,
        match_threshold=MATCH,
        review_threshold=REVIEW,
        **options,  # type: ignore[arg-type]
    )
    return outcome


def texts(outcome: MatchOutcome) -> list[str]:
    assert outcome.best is not None
    return [c.text for c in outcome.best.evidence]


def test_bob_and_robert_with_one_email_match_with_the_nickname_in_evidence() -> None:
    existing = [person("cli_A", "Robert", "Smith", emails=("bob@acme.com",), company_key="acme")]
    outcome = resolve_one(person("row:1", "Bob", "Smith", emails=("bob@acme.com",)), existing)

    assert outcome.decision == "match"
    assert outcome.best is not None
    assert outcome.best.key == "cli_A"
    assert outcome.best.probability > 0.99
    assert "first name Bob~Robert nickname (+4.6)" in texts(outcome)
    assert any(t.startswith("e-mail bob@acme.com equal (+") for t in texts(outcome))


def test_email_saying_one_client_and_source_id_another_is_a_conflict() -> None:
    existing = [
        person("cli_A", "Hans", "Müller", source_links=("salesforce:contact:003A",)),
        person("cli_B", "Peter", "Meier", emails=("peter.meier@firma.de",)),
    ]
    incoming = person(
        "row:4",
        "Peter",
        "Meier",
        emails=("peter.meier@firma.de",),
        source_links=("salesforce:contact:003A",),
    )
    outcome = resolve_one(incoming, existing)

    assert outcome.decision == "conflict"
    assert outcome.conflict == "e-mail says cli_B but source id says cli_A"
    assert outcome.best is not None
    assert outcome.best.key == "cli_A"
    assert [c.key for c in outcome.candidates] == ["cli_A", "cli_B"]


def test_shared_source_link_alone_is_a_match_with_probability_one() -> None:
    existing = [person("cli_A", "Hans", "Müller", source_links=("hubspot:contact:7",))]
    outcome = resolve_one(
        person("row:1", "Hans", "Mueller", source_links=("hubspot:contact:7",)), existing
    )

    assert outcome.decision == "match"
    assert outcome.best is not None
    assert outcome.best.probability == 1.0
    assert texts(outcome)[0] == "same source record hubspot:contact:7"


def test_one_incoming_matching_two_existing_clients_is_a_conflict() -> None:
    existing = [
        person("cli_A", "Maria", "García", emails=("maria@acme.es",), phones=("+34611000001",)),
        person("cli_B", "María", "Garcia", emails=("maria@acme.es",), phones=("+34611000001",)),
    ]
    incoming = person("row:1", "Maria", "Garcia", emails=("maria@acme.es",))
    outcome = resolve_one(incoming, existing)

    assert outcome.decision == "conflict"
    assert outcome.conflict is not None
    assert outcome.conflict.startswith("matches both cli_")
    assert {c.key for c in outcome.candidates} == {"cli_A", "cli_B"}


def test_namesakes_at_different_companies_stay_apart() -> None:
    existing = [
        person("cli_A", "John", "Smith", emails=("john.smith@globex.com",), company_key="globex",
               phones=("+14155550101",), city="Chicago"),
    ]  # fmt: skip
    incoming = person("row:1", "John", "Smith", emails=("john.smith@initech.com",),
                      company_key="initech", phones=("+12125550177",), city="Chicago")  # fmt: skip
    outcome = resolve_one(incoming, existing)

    assert outcome.decision == "new"
    assert outcome.best is None


def test_relatives_sharing_a_phone_and_surname_stay_apart() -> None:
    existing = [person("cli_A", "Mario", "Rossi", phones=("+390612345678",), postal_code="00184")]
    incoming = person("row:1", "Maria", "Rossi", phones=("+390612345678",), postal_code="00184")
    outcome = resolve_one(incoming, existing)

    assert outcome.decision != "match"
    assert outcome.best is None or outcome.best.probability < MATCH


def test_relatives_phone_counts_as_household_not_as_person() -> None:
    existing = [person("cli_A", "John", "Rossi", phones=("+390612345678",))]
    incoming = person("row:1", "Anna", "Rossi", phones=("+390612345678",), emails=("x@y.org",))
    (outcome,) = match_incoming([incoming], existing, match_threshold=MATCH, review_threshold=0.0)

    assert outcome.best is not None
    phone = next(c for c in outcome.best.evidence if c.field == "phone")
    assert phone.level == "household"
    assert phone.weight == 0.0


def test_a_phone_without_name_agreement_never_reaches_the_match_threshold() -> None:
    existing = [person("cli_A", "Ann", "Lee", phones=("+14155550123",), company_key="acme",
                       postal_code="94107")]  # fmt: skip
    incoming = person(
        "row:1", None, None, phones=("+14155550123",), company_key="acme", postal_code="94107"
    )
    (outcome,) = match_incoming([incoming], existing, match_threshold=MATCH, review_threshold=0.0)

    assert outcome.decision == "ambiguous"
    assert outcome.best is not None
    assert outcome.best.probability < MATCH
    assert any(c.level == "no_name_agreement" for c in outcome.best.evidence)


def test_placeholder_and_shared_identifiers_do_not_glue_different_people() -> None:
    existing = [
        person("cli_A", "Ann", "Lee", emails=("test@test.com",), phones=("+14155550132",)),
        person("cli_B", "Bo", "Chan", phones=("+14155550132",)),
        person("cli_C", "Cy", "Diaz", phones=("+14155550132",)),
    ]
    incoming = person("row:1", "Dee", "Ford", emails=("test@test.com",), phones=("+14155550132",))
    (outcome,) = match_incoming([incoming], existing, match_threshold=MATCH, review_threshold=0.0)

    assert outcome.decision == "new"
    assert outcome.candidates == ()


def test_ignored_identifiers_are_named_in_the_evidence_with_weight_zero() -> None:
    junk = {"emails": ("test@test.com", "info@acme.com"), "phones": ("+14155550132",)}
    existing = [
        person("cli_A", "Ann", "Lee", **junk),
        person("cli_B", "Bo", "Chan", phones=("+14155550132",)),
        person("cli_C", "Cy", "Diaz", phones=("+14155550132",)),
    ]
    (outcome,) = match_incoming(
        [person("row:1", "Ann", "Lee", **junk)],
        existing,
        match_threshold=MATCH,
        review_threshold=0.0,
    )

    assert outcome.best is not None
    assert outcome.best.key == "cli_A"
    ignored = sorted((c.text, c.weight) for c in outcome.best.evidence if c.level == "ignored")
    assert ignored == [
        ("e-mail info@acme.com is a role address (ignored)", 0.0),
        ("e-mail test@test.com is a placeholder (ignored)", 0.0),
        ("phone +14155550132 is shared by 4 records (ignored)", 0.0),
    ]
    assert outcome.decision == "ambiguous"


def test_previously_rejected_pair_is_capped_below_the_match_threshold() -> None:
    existing = [person("cli_A", "Robert", "Smith", phones=("+14155550100",), company_key="acme")]
    incoming = person("row:1", "Robert", "Smith", phones=("+14155550100",), company_key="acme")
    rejected = [frozenset({"row:1", "cli_A"})]

    free = resolve_one(incoming, existing)
    capped = resolve_one(incoming, existing, rejected_pairs=rejected)

    assert free.decision == "match"
    assert capped.decision == "ambiguous"
    assert capped.best is not None
    assert capped.best.previously_rejected is True
    assert MATCH - 0.02 < capped.best.probability < MATCH
    assert any(t.startswith("rejected as not the same before") for t in texts(capped))


def test_previously_rejected_pair_sharing_an_email_now_matches() -> None:
    existing = [person("cli_A", "Robert", "Smith", emails=("rs@acme.com",))]
    incoming = person("row:1", "Robert", "Smith", emails=("rs@acme.com",))
    outcome = resolve_one(incoming, existing, rejected_pairs=[frozenset({"row:1", "cli_A"})])

    assert outcome.decision == "match"
    assert outcome.best is not None
    assert outcome.best.previously_rejected is True
    assert "rejected as not the same before, but they now share an e-mail" in texts(outcome)


def test_evidence_weights_add_up_to_the_candidate_weight() -> None:
    existing = [person("cli_A", "Robert", "Smith", phones=("+14155550100",), company_key="acme")]
    outcome = resolve_one(
        person("row:1", "Robert", "Smith", phones=("+14155550100",), company_key="acme"),
        existing,
        rejected_pairs=[frozenset({"row:1", "cli_A"})],
    )

    assert outcome.best is not None
    assert abs(sum(c.weight for c in outcome.best.evidence) - outcome.best.weight) < 1e-9


def test_outcomes_come_in_input_order_and_unknown_people_are_new() -> None:
    existing = [person("cli_A", "Robert", "Smith", emails=("rs@acme.com",))]
    incoming = [
        person("row:1", "Zoe", "Quinn"),
        person("row:2", "Robert", "Smith", emails=("rs@acme.com",)),
    ]
    outcomes = match_incoming(incoming, existing, match_threshold=MATCH, review_threshold=REVIEW)

    assert [(o.key, o.decision) for o in outcomes] == [("row:1", "new"), ("row:2", "match")]


def test_in_process_engine_is_a_linkage_engine_with_the_same_results() -> None:
    engine: LinkageEngine = InProcessEngine()
    existing = [person("cli_A", "Robert", "Smith", emails=("rs@acme.com",))]
    incoming = [person("row:1", "Bob", "Smith", emails=("rs@acme.com",))]

    through_engine = engine.match_incoming(
        incoming, existing, match_threshold=MATCH, review_threshold=REVIEW
    )

    assert through_engine == match_incoming(
        incoming, existing, match_threshold=MATCH, review_threshold=REVIEW
    )


def test_a_stored_holder_of_the_email_is_scored_beside_the_candidates_without_deciding() -> None:
    existing = [
        person("cli_A", "Ann", "Lee", emails=("ann.lee@acme.com",), city="Boston"),
        person("cli_B", "Robert", "Stone", emails=("bob.stone@initech.com",)),
    ]
    outcome = resolve_one(
        person("row:1", "Tom", "Lee", emails=("ann.lee@acme.com",), city="Boston"), existing
    )

    assert (outcome.decision, outcome.candidates) == ("new", ())
    (holder,) = outcome.holders
    assert holder.key == "cli_A"
    assert holder.probability < REVIEW
    assert any(c.field == "first_name" and c.level == "different" for c in holder.evidence)


def test_a_placeholder_address_blocking_ignores_still_names_its_holders() -> None:
    existing = [
        person(f"cli_{i}", name, "Park", emails=("noemail@acme.com",))
        for i, name in enumerate(["Ava", "Ben", "Cal"])
    ]
    outcome = resolve_one(person("row:1", "Zoe", "Quinn", emails=("noemail@acme.com",)), existing)

    assert outcome.decision == "new"
    assert sorted(h.key for h in outcome.holders) == ["cli_0", "cli_1", "cli_2"]
    assert all(h.probability < REVIEW for h in outcome.holders)
