"""cluster_within_batch: duplicates inside one file, with weak chains, uncertain pairs and
conflicts kept apart and listed for review."""

from __future__ import annotations

from backend.services.client_graph.matching import (
    BatchClustering,
    PersonRecord,
    cluster_within_batch,
)

MATCH, REVIEW = 0.9, 0.6


def clusters_of(*records: PersonRecord) -> BatchClustering:
    return cluster_within_batch(list(records), match_threshold=MATCH, review_threshold=REVIEW)


def test_every_row_lands_in_exactly_one_cluster_and_duplicates_share_one() -> None:
    found = clusters_of(
        PersonRecord("row:1", "Bob", "Smith", emails=("bob@acme.com",)),
        PersonRecord("row:2", "Zoe", "Quinn"),
        PersonRecord("row:3", "Robert", "Smith", emails=("bob@acme.com",)),
    )

    assert [c.keys for c in found.clusters] == [("row:1", "row:3"), ("row:2",)]
    assert found.clusters[0].links[0].probability > MATCH
    assert found.reviews == ()


def test_two_rows_sharing_an_email_but_not_a_name_are_flagged_as_a_conflict() -> None:
    found = clusters_of(
        PersonRecord("row:1", "John", "Smith", emails=("office.mail77@gmail.com",)),
        PersonRecord("row:2", "Alice", "Brown", emails=("office.mail77@gmail.com",)),
    )

    assert [c.keys for c in found.clusters] == [("row:1",), ("row:2",)]
    (review,) = found.reviews
    assert review.keys == ("row:1", "row:2")
    assert review.conflict
    assert review.reason == (
        "two rows share e-mail office.mail77@gmail.com but not a name (row:1, row:2)"
    )


def test_rows_sharing_an_email_are_not_joined_even_when_the_score_is_high() -> None:
    found = clusters_of(
        PersonRecord("row:1", "Anna", "Schmidt", emails=("anna@acme.de",)),
        PersonRecord("row:2", "Anna", "Meyer", emails=("anna@acme.de",)),
    )

    assert [c.keys for c in found.clusters] == [("row:1",), ("row:2",)]
    (review,) = found.reviews
    assert review.conflict
    assert review.links[0].probability > MATCH


def test_cluster_joined_only_through_a_weak_chain_stays_apart_for_review() -> None:
    found = clusters_of(
        PersonRecord("row:1", "Robert", "Smith", emails=("rs@acme.com",)),
        PersonRecord("row:2", "R.", "Smith", emails=("rs@acme.com",), phones=("+14155550199",)),
        PersonRecord("row:3", "Rachel", "Smith", phones=("+14155550199",)),
    )

    assert [c.keys for c in found.clusters] == [("row:1",), ("row:2",), ("row:3",)]
    (review,) = found.reviews
    assert review.keys == ("row:1", "row:2", "row:3")
    assert not review.conflict
    assert review.reason.startswith("row:1 and row:3 are joined only through other rows")
    assert [link.keys for link in review.links] == [("row:1", "row:2"), ("row:2", "row:3")]


def test_rows_that_only_lack_evidence_of_each_other_are_joined_through_a_third() -> None:
    found = clusters_of(
        PersonRecord("row:1", "Robert", "Smith", emails=("rs@acme.com",)),
        PersonRecord("row:2", "Robert", "Smith", emails=("rs@acme.com",), phones=("+14155550199",)),
        PersonRecord("row:3", "Robert", "Smith", emails=("bob@other.org",),
                     phones=("+14155550199",)),
    )  # fmt: skip

    assert [c.keys for c in found.clusters] == [("row:1", "row:2", "row:3")]
    assert found.reviews == ()


def test_same_source_record_twice_in_a_file_is_one_cluster() -> None:
    found = clusters_of(
        PersonRecord("row:1", "Ann", "Lee", source_links=("zoho:contact:9",)),
        PersonRecord("row:2", "Anne", "Leigh", source_links=("zoho:contact:9",)),
    )

    assert [c.keys for c in found.clusters] == [("row:1", "row:2")]
    assert found.clusters[0].links[0].probability == 1.0


def test_a_pair_between_the_thresholds_stays_apart_as_one_review() -> None:
    found = clusters_of(
        PersonRecord("row:1", "Ann", "Lee", emails=("ann.lee@acme.com",), company_key="acme"),
        PersonRecord("row:2", "Annie", "Lee", company_key="acme"),
    )

    assert [c.keys for c in found.clusters] == [("row:1",), ("row:2",)]
    (review,) = found.reviews
    assert not review.conflict
    assert review.reason.startswith("uncertain match row:1~row:2")
    assert REVIEW <= review.links[0].probability < MATCH
