"""A client's Client 360 history: a revert or an unmerge is an event of its own (when, who, which
batch, what it undid for this client, the values it put back) and the changes it undid stay
marked - from plain values, and through the services on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from backend.contracts.client360 import RestoredField
from backend.contracts.review import DecisionAnswer
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph import aggregation_service
from backend.services.client_graph.client_history import ChangeRecord, UndoRecord, client_history
from tests.factories.imports import ANN, import_rows

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _image(**fields: object) -> dict[str, object]:
    return {"fields": fields, "status": "active", "merged_into": None, "row_version": 1}


def test_a_revert_is_an_event_after_the_changes_it_undid_and_before_later_ones() -> None:
    changes = [
        ChangeRecord("create", "imp_1", "dlt_1", _at(0), False),
        ChangeRecord(
            "update",
            "imp_2",
            "dlt_2",
            _at(5),
            True,
            before=_image(job_title="CFO", name_key="lee|ann"),
            after=_image(job_title="CEO", name_key="lee|ann", mobile_phone="+16175550199"),
        ),
        ChangeRecord("update", "imp_3", "dlt_3", _at(30), False),
    ]
    undos = [UndoRecord("revert", "imp_2", None, "carol", _at(20))]

    history = client_history(changes, undos)

    assert [(h.action, h.batch_id) for h in history] == [
        ("create", "imp_1"),
        ("update", "imp_2"),
        ("revert", "imp_2"),
        ("update", "imp_3"),
    ]
    undone, revert = history[1], history[2]
    assert (undone.reverted, undone.reverted_at, undone.reverted_by) == (
        True,
        _at(20).isoformat(),
        "carol",
    )
    assert (revert.at, revert.actor, revert.reverted) == (_at(20).isoformat(), "carol", False)
    (change,) = revert.undid
    assert (change.action, change.delta_id, change.at) == ("update", "dlt_2", _at(5).isoformat())
    assert change.restored == [
        RestoredField(field="job_title", value="CFO", undone="CEO"),
        RestoredField(field="mobile_phone", value=None, undone="+16175550199"),
    ]


def test_an_unmerge_and_a_later_revert_of_the_same_batch_are_two_events() -> None:
    changes = [
        ChangeRecord("update", "imp_2", "dlt_fill", _at(1), True, _image(), _image(city="Austin")),
        ChangeRecord("merge", "imp_2", "dlt_merge", _at(2), True, _image(), _image()),
    ]
    undos = [
        UndoRecord("unmerge", "cli_other", "dlt_merge", "dana", _at(10)),
        UndoRecord("revert", "imp_2", None, "carol", _at(20)),
    ]

    history = client_history(changes, undos)

    assert [(h.action, h.delta_id, h.actor) for h in history] == [
        ("update", "dlt_fill", None),
        ("merge", "dlt_merge", None),
        ("unmerge", "dlt_merge", "dana"),
        ("revert", None, "carol"),
    ]
    assert [c.delta_id for c in history[2].undid] == ["dlt_merge"]
    assert [c.delta_id for c in history[3].undid] == ["dlt_fill"]
    assert [h.reverted_by for h in history[:2]] == ["carol", "dana"]


def test_an_undone_change_whose_undoing_is_not_recorded_stays_flagged_without_an_event() -> None:
    changes = [ChangeRecord("update", "imp_9", "dlt_9", _at(0), True, _image(), _image(a="b"))]

    (entry,) = client_history(changes, [])

    assert (entry.reverted, entry.reverted_at, entry.undid) == (True, None, [])


def _approve_and_apply(runtime: Runtime, import_id: str, actor: str) -> None:
    batch_actions.approve_all(runtime, import_id, risks=None, actor=actor, role="approver")
    batch_actions.apply(runtime, import_id, actor=actor)


def test_reverting_an_import_shows_who_undid_what_for_the_client(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id, "alice")
    with runtime.unit() as session:
        deltas = read_models.deltas_of(session, first.import_id)
    client_id = next(d.entity_id for d in deltas if d.entity == "client") or ""
    promoted = [*ANN]
    promoted[6] = "CEO"
    second = import_rows(runtime, tmp_path, [promoted], name="promoted.csv")
    with runtime.unit() as session:
        (overwrite,) = read_models.decisions_of(
            session, batch_id=second.import_id, kind="field_overwrite"
        )
    batch_actions.decide(
        runtime,
        overwrite.decision_id,
        DecisionAnswer(option="overwrite"),
        approve=True,
        actor="bob",
        role="approver",
    )
    _approve_and_apply(runtime, second.import_id, "bob")

    batch_actions.revert(runtime, second.import_id, actor="carol")

    with runtime.unit() as session:
        history = aggregation_service.snapshot(session, client_id).history
    assert [(h.action, h.batch_id, h.reverted) for h in history] == [
        ("create", first.import_id, False),
        ("update", second.import_id, True),
        ("revert", second.import_id, False),
    ]
    update, revert = history[1], history[2]
    assert (revert.actor, update.reverted_by, update.reverted_at) == ("carol", "carol", revert.at)
    (undone,) = revert.undid
    assert undone.delta_id == update.delta_id
    assert undone.restored == [RestoredField(field="job_title", value="CFO", undone="CEO")]
