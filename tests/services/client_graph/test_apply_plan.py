"""The apply plan (pure): a run of deltas is planned exactly as one-at-a-time application would
write it - survivorship per field, contact points, relationships and source links once each,
before images and inserted rows per delta."""

from __future__ import annotations

from typing import Any

from backend.services.client_graph.apply_plan import (
    DeltaWrite,
    EntityState,
    GraphState,
    NewRow,
    plan_run,
)


def _delta(
    op: str,
    *,
    changes: list[dict[str, Any]] | None = None,
    links: list[dict[str, Any]] | None = None,
    risk: str = "low",
    entity_id: str = "cli_1",
    delta_id: str = "dlt_1",
) -> DeltaWrite:
    return DeltaWrite(
        id=delta_id,
        op=op,
        entity="client",
        entity_id=entity_id,
        target_ids=[],
        risk=risk,
        import_id="imp_1",
        changes=changes or [],
        links=links or [],
    )


def _state(**values: Any) -> GraphState:
    state = GraphState(
        entities={}, current_values={}, contact_points=set(), entity_links=set(), source_links=set()
    )
    for name, value in values.items():
        setattr(state, name, value)
    return state


def test_an_approved_overwrite_after_a_create_in_one_run_demotes_the_value_just_planned() -> None:
    create = _delta("create", changes=[{"field": "job_title", "new": "CFO"}])
    overwrite = _delta(
        "update", changes=[{"field": "job_title", "new": "CEO"}], risk="high", delta_id="dlt_2"
    )
    plan = plan_run([create, overwrite], _state())
    assert [row["is_current"] for row in plan.rows["field_values"]] == [True, True]
    assert plan.demoted == [NewRow("field_values", 0)]
    created, updated = plan.entries
    assert created.before is None
    assert updated.before is not None
    assert updated.before["fields"] == {"job_title": "CFO"}
    assert (updated.after["fields"], updated.after["row_version"]) == ({"job_title": "CEO"}, 2)
    assert updated.demoted == [NewRow("field_values", 0)]


def test_a_fill_never_replaces_a_shown_value_and_keeps_the_stored_one_current() -> None:
    stored = EntityState(kind="client", id="cli_1", fields={"job_title": "CFO"})
    state = _state(
        entities={("client", "cli_1"): stored},
        current_values={("client", "cli_1", "job_title"): 41},
    )
    plan = plan_run([_delta("update", changes=[{"field": "job_title", "new": "CEO"}])], state)
    assert plan.demoted == []
    assert plan.rows["field_values"][0]["is_current"] is False
    assert plan.entities[("client", "cli_1")].fields == {"job_title": "CFO"}


def test_the_same_number_as_phone_and_mobile_is_one_contact_point() -> None:
    changes = [
        {"field": "phone", "new": "+14155550101"},
        {"field": "mobile_phone", "new": "+14155550101"},
        {"field": "email", "new": "ann@acme.com"},
    ]
    plan = plan_run([_delta("create", changes=changes)], _state())
    points = [
        (p["kind"], p["value"], p["label"], p["is_primary"]) for p in plan.rows["contact_points"]
    ]
    assert points == [
        ("phone", "+14155550101", "phone", True),
        ("email", "ann@acme.com", "email", True),
    ]


def test_relationships_and_source_links_are_added_once_and_never_stolen() -> None:
    account = {"kind": "account", "target_id": "acc_1", "role": "member"}
    stored_account = {"kind": "account", "target_id": "acc_2", "role": "member"}
    mine = {"kind": "source", "source_link": "salesforce:client:003A1"}
    taken = {"kind": "source", "source_link": "salesforce:client:003B9"}
    state = _state(
        entity_links={("client", "cli_1", "account", "acc_2", "member")},
        source_links={("client", "salesforce:client:003B9")},
    )
    first = _delta("create", links=[account, stored_account, mine, taken])
    again = _delta("link", links=[account, mine], delta_id="dlt_2")
    plan = plan_run([first, again], state)
    assert [(link["to_id"], link["role"]) for link in plan.rows["entity_links"]] == [
        ("acc_1", "member")
    ]
    assert [link["source_id"] for link in plan.rows["source_links"]] == ["003A1"]
    assert plan.entries[1].inserted["entity_links"] == []
    assert plan.touched_clients == {"cli_1"}


def test_a_link_to_a_client_touches_that_clients_360() -> None:
    deal = DeltaWrite(
        id="dlt_9",
        op="create",
        entity="opportunity",
        entity_id="opp_1",
        target_ids=[],
        risk="low",
        import_id="imp_1",
        changes=[{"field": "name", "new": "Renewal"}],
        links=[{"kind": "client", "target_id": "cli_7", "role": "contact"}],
    )
    plan = plan_run([deal], _state())
    assert plan.touched_clients == {"cli_7"}
    assert plan.shown_by_clients == {("opportunity", "opp_1")}
    assert plan.rows["contact_points"] == []
