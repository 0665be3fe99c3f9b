"""Blocking: which pairs get scored, without pairwise loops."""

from __future__ import annotations

from backend.services.client_graph.matching import PersonRecord
from backend.services.client_graph.matching.blocking import BlockIndex, blocking_keys, probe_keys
from backend.services.client_graph.matching.features import extract_features


def features_of(*records: PersonRecord):  # type: ignore[no-untyped-def]
    (features,), _ = extract_features([list(records)], min_people=3)
    return features


def test_nickname_and_full_name_share_a_surname_block() -> None:
    bob, robert = features_of(
        PersonRecord("a", "Bob", "Smith"), PersonRecord("b", "Robert", "Smyth")
    )
    assert set(blocking_keys(bob)) & set(blocking_keys(robert))


def test_double_surname_meets_its_single_part() -> None:
    double, single = features_of(
        PersonRecord("a", "Ana", "García López"), PersonRecord("b", "Ana", "López")
    )
    assert set(blocking_keys(double)) & set(blocking_keys(single))


def test_records_with_nothing_in_common_share_no_key() -> None:
    a, b = features_of(
        PersonRecord("a", "Ann", "Lee", postal_code="10115"),
        PersonRecord("b", "Tom", "Ford", postal_code="80331"),
    )
    assert not set(blocking_keys(a)) & set(blocking_keys(b))


def test_oversized_blocks_are_skipped_but_source_links_never() -> None:
    crowd = [
        PersonRecord(f"c{i}", "John", "Smith", source_links=("x:contact:1",)) for i in range(30)
    ]
    features = features_of(*crowd)
    index = BlockIndex(features, max_block_size=10, lone_block_size=5)
    probe = features_of(PersonRecord("p", "John", "Smith"))[0]

    assert index.candidates(probe_keys(probe)) == set()
    assert index.candidates(probe_keys(features[0])) == set(range(30))
    assert index.linked(features[0]) == list(range(30))


def test_members_of_mid_size_blocks_need_a_second_shared_key() -> None:
    crowd = [PersonRecord(f"c{i}", "John", "Smith", company_key=f"co{i}") for i in range(8)]
    crowd.append(PersonRecord("twin", "John", "Smith", company_key="acme"))
    features = features_of(*crowd)
    index = BlockIndex(features, max_block_size=100, lone_block_size=3)
    probe = features_of(PersonRecord("p", "John", "Smith", company_key="acme"))[0]

    assert index.candidates(probe_keys(probe)) == {8}


def test_names_the_other_way_round_find_their_straight_form() -> None:
    straight, turned = features_of(
        PersonRecord("a", "Laura", "Braunack"), PersonRecord("b", "Braunack", "Laura")
    )
    index = BlockIndex([straight], max_block_size=100, lone_block_size=40)

    assert index.candidates(probe_keys(turned)) == {0}
