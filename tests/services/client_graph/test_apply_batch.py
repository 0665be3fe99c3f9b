"""Apply of a large mixed batch, on SQLite and PostgreSQL: creates, fills of existing clients,
a person created and updated within one file, approved overwrites and an approved merge are
written in bulk runs; whatever the run size, the stored snapshots equal a full rebuild and a
revert restores the graph exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend.contracts.review import DecisionAnswer
from backend.db.models import (
    Account,
    Client,
    ContactPoint,
    EntityLink,
    FieldValue,
    SourceLink,
)
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph import aggregation_service, graph_writes
from tests.factories.imports import import_rows

HEADER = [
    "Contact ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Mobile",
    "Account Name",
    "Title",
    "Mailing City",
    "Mailing Country",
]
#: The first export has no mobile numbers at all.
FIRST_HEADER = [name for name in HEADER if name != "Mobile"]
#: Robert and Rachel Smith, joined only through "R. Smith": a merge only an operator approves.
WEAK_CHAIN = [
    ["003C1", "Robert", "Smith", "rs@acme.com", "", "", "Acme Inc", "CFO", "Boston", "USA"],
    ["003C2", "R.", "Smith", "rs@acme.com", "+1 617 555 0199", "", "", "", "", "USA"],
    ["003C3", "Rachel", "Smith", "", "+1 617 555 0199", "", "", "Nurse", "Denver", "USA"],
]


def _person(i: int, *, mobile: str = "", title: str = "Buyer") -> list[str]:
    return [
        f"003A{i:04d}",
        f"First{i}",
        f"Last{i}",
        f"person{i}@company{i % 10}.com",
        f"+1 415 555 {i:04d}",
        mobile,
        f"Company {i % 10}",
        title,
        "Boston",
        "USA",
    ]


def _graph(runtime: Runtime) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the graph (entities without their row version, which revert bumps)."""
    tables = {
        "clients": Client,
        "accounts": Account,
        "field_values": FieldValue,
        "contact_points": ContactPoint,
        "entity_links": EntityLink,
        "source_links": SourceLink,
    }
    graph = {}
    with runtime.unit() as session:
        for name, model in tables.items():
            columns = [c for c in model.__table__.columns if c.name != "row_version"]
            rows = session.execute(select(*columns).order_by(*model.__table__.primary_key))
            graph[name] = [tuple(row) for row in rows]
    return graph


def _answer_all(runtime: Runtime, import_id: str, options: dict[str, str]) -> None:
    with runtime.unit() as session:
        pending = read_models.decisions_of(
            session, batch_id=import_id, status="pending", limit=10_000
        )
    for decision in pending:
        if decision.kind in options:
            batch_actions.decide(
                runtime,
                decision.decision_id,
                DecisionAnswer(option=options[decision.kind]),
                approve=True,
                actor="tester",
                role="approver",
            )
    batch_actions.approve_all(runtime, import_id, risks=None, actor="tester", role="approver")


@pytest.mark.parametrize("run_size", [1, 7, graph_writes.RUN_SIZE])
def test_a_mixed_batch_applies_in_runs_refreshes_exactly_and_reverts_to_the_same_graph(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_size: int
) -> None:
    monkeypatch.setattr(graph_writes, "RUN_SIZE", run_size)
    first = import_rows(
        runtime,
        tmp_path,
        [
            [cell for name, cell in zip(HEADER, _person(i), strict=True) if name != "Mobile"]
            for i in range(120)
        ],
        header=FIRST_HEADER,
    )
    batch_actions.approve_all(runtime, first.import_id, risks=None, actor="t", role="approver")
    batch_actions.apply(runtime, first.import_id, actor="t")
    after_first = _graph(runtime)

    rows = [_person(i, mobile=f"+1 617 555 {i:04d}") for i in range(60)]
    rows += [_person(i, title="Director") for i in range(60, 80)]
    for i in range(200, 300):
        rows += [_person(i), _person(i, mobile=f"+1 617 555 {i:04d}")]
    second = import_rows(runtime, tmp_path, rows + WEAK_CHAIN, header=HEADER, name="second.csv")
    _answer_all(
        runtime, second.import_id, {"identity_merge": "merge", "field_overwrite": "overwrite"}
    )
    result = batch_actions.apply(runtime, second.import_id, actor="t")

    with runtime.unit() as session:
        deltas = read_models.deltas_of(session, second.import_id)
    ops = {d.op for d in deltas if d.status == "applied"}
    assert {"create", "update", "merge"} <= ops
    assert len(deltas) > 300
    assert result.status == "applied"
    assert result.applied == sum(1 for d in deltas if d.status == "applied")
    with runtime.unit() as session:
        clients = {c.id: c for c in session.scalars(select(Client))}
    smiths = [c for c in clients.values() if (c.fields or {}).get("last_name") == "Smith"]
    assert sorted(c.status for c in smiths) == ["active", "merged", "merged"]
    assert sum(1 for c in clients.values() if c.status == "active") == 120 + 100 + 1
    by_email = {(c.fields or {}).get("email"): c for c in clients.values()}
    assert {
        by_email[f"person{i}@company{i % 10}.com"].fields["job_title"] for i in range(60, 80)
    } == {"Director"}
    assert all(
        by_email[f"person{i}@company{i % 10}.com"].fields.get("mobile_phone") for i in range(60)
    )
    assert result.clients_refreshed >= 60 + 20 + 100 + 3

    with runtime.unit() as session:
        stored = {cid: aggregation_service.snapshot(session, cid) for cid in clients}
    with runtime.unit() as session:
        aggregation_service.rebuild_all(session)
    with runtime.unit() as session:
        rebuilt = {cid: aggregation_service.snapshot(session, cid) for cid in clients}
    keep = {"version", "refreshed_at"}
    for client_id, snapshot in stored.items():
        assert rebuilt[client_id].model_dump(exclude=keep) == snapshot.model_dump(exclude=keep)
        assert rebuilt[client_id].version == snapshot.version + 1

    batch_actions.revert(runtime, second.import_id, actor="t")
    assert _graph(runtime) == after_first
