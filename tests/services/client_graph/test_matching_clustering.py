"""cluster_within_batch: duplicates inside one file, with weak chains and conflicts flagged."""

from __future__ import annotations

from backend.services.client_graph.matching import PersonRecord, cluster_within_batch

MATCH, REVIEW = 0.9, 0.6


def clusters_of(*records: PersonRecord):  # type: ignore[no-untyped-def]
    return cluster_within_batch(list(records), match_threshold=MATCH, review_threshold=REVIEW)


def test_every_row_lands_in_exactly_one_cluster_and_duplicates_share_one() -> None:
    clusters = clusters_of(
        PersonRecord("row:1", "Bob", "Smith", emails=("bob@acme.com",)),
        PersonRecord("row:2", "Zoe", "Quinn"),
        PersonRecord("row:3", "Robert", "Smith", emails=("bob@acme.com",)),
    )

    assert [c.keys for c in clusters] == [("row:1", "row:3"), ("row:2",)]
    assert clusters[0].links[0].probability > MATCH
    assert not clusters[0].needs_review
    assert not clusters[1].needs_review


def test_two_rows_sharing_an_email_but_not_a_name_are_flagged_as_a_conflict() -> None:
    clusters = clusters_of(
        PersonRecord("row:1", "John", "Smith", emails=("office.mail77@gmail.com",)),
        PersonRecord("row:2", "Alice", "Brown", emails=("office.mail77@gmail.com",)),
    )

    assert [c.keys for c in clusters] == [("row:1",), ("row:2",)]
    expected = "two rows share e-mail office.mail77@gmail.com but not a name (row:1, row:2)"
    assert [c.conflict for c in clusters] == [expected, expected]
    assert all(c.needs_review for c in clusters)


def test_cluster_joined_only_through_a_weak_chain_needs_review() -> None:
    clusters = clusters_of(
        PersonRecord("row:1", "Robert", "Smith", emails=("rs@acme.com",)),
        PersonRecord("row:2", "Robert", "Smith", emails=("rs@acme.com",), phones=("+14155550199",)),
        PersonRecord("row:3", "Robert", "Smith", emails=("bob@other.org",),
                     phones=("+14155550199",)),
    )  # fmt: skip

    (cluster,) = clusters
    assert cluster.keys == ("row:1", "row:2", "row:3")
    assert cluster.needs_review
    assert cluster.reason is not None
    assert cluster.reason.startswith("row:1 and row:3 are joined only through other rows")


def test_same_source_record_twice_in_a_file_is_one_cluster() -> None:
    clusters = clusters_of(
        PersonRecord("row:1", "Ann", "Lee", source_links=("zoho:contact:9",)),
        PersonRecord("row:2", "Anne", "Leigh", source_links=("zoho:contact:9",)),
    )

    assert [c.keys for c in clusters] == [("row:1", "row:2")]
    assert clusters[0].links[0].probability == 1.0
