"""A client's history for its Client 360 (pure: plain values in, `HistoryEntry`s out).

It owns how the change log and the undoing of changes read to an operator: every change an
import or writeback made to the client, oldest first, and every revert (of an import or a
writeback) or unmerge (of a merge) that undid some of them as an event of its own - when, who,
which batch, and which of this client's changes it undid with the field values it put back -
while the undone changes stay in place, marked with when and by whom they were undone. Who
undid what comes from the audit log; loading it is `aggregation_service.py`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.contracts.client360 import HistoryEntry, RestoredField, UndoneChange
from backend.services.client_graph.client360 import HIDDEN_FIELDS


@dataclass(frozen=True)
class ChangeRecord:
    """One change-log entry of the client; its before and after images are loaded only when it
    was undone."""

    action: str
    batch_id: str
    delta_id: str | None
    at: datetime
    reverted: bool
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class UndoRecord:
    """An audit event that undid changes: `revert` of the batch `subject_id`, or `unmerge` of
    the merge delta `delta_id`."""

    action: str
    subject_id: str | None
    delta_id: str | None
    actor: str | None
    at: datetime


def client_history(
    changes: Sequence[ChangeRecord], undos: Sequence[UndoRecord]
) -> list[HistoryEntry]:
    """The client's changes in change-log order, with the events that undid some of them placed
    by their time."""
    reverts = {u.subject_id: u for u in undos if u.action == "revert" and u.subject_id}
    unmerges = {u.delta_id: u for u in undos if u.action == "unmerge" and u.delta_id}
    entries: list[HistoryEntry] = []
    events: dict[int, tuple[datetime, HistoryEntry]] = {}
    for change in changes:
        entry = HistoryEntry(
            action=change.action,
            batch_id=change.batch_id,
            delta_id=change.delta_id,
            at=change.at.isoformat(),
            reverted=change.reverted,
        )
        entries.append(entry)
        undo = _undoing(change, reverts, unmerges)
        if undo is None:
            continue
        entry.reverted_at, entry.reverted_by = undo.at.isoformat(), undo.actor
        if id(undo) not in events:
            events[id(undo)] = (undo.at, _undo_event(undo, change))
        events[id(undo)][1].undid.append(_undone(change))
    return _in_time_order(entries, changes, sorted(events.values(), key=lambda e: e[0]))


def _undoing(
    change: ChangeRecord,
    reverts: Mapping[str, UndoRecord],
    unmerges: Mapping[str, UndoRecord],
) -> UndoRecord | None:
    """What undid a change: the split of its merge, else the revert of its batch."""
    if not change.reverted:
        return None
    return unmerges.get(change.delta_id or "") or reverts.get(change.batch_id)


def _in_time_order(
    entries: Sequence[HistoryEntry],
    changes: Sequence[ChangeRecord],
    events: Sequence[tuple[datetime, HistoryEntry]],
) -> list[HistoryEntry]:
    """The changes in their own order, each undo event after the changes made before it."""
    merged: list[HistoryEntry] = []
    pending = list(events)
    for entry, change in zip(entries, changes, strict=True):
        while pending and pending[0][0] < change.at:
            merged.append(pending.pop(0)[1])
        merged.append(entry)
    merged.extend(event for _, event in pending)
    return merged


def _undo_event(undo: UndoRecord, change: ChangeRecord) -> HistoryEntry:
    return HistoryEntry(
        action=undo.action,
        batch_id=change.batch_id,
        delta_id=undo.delta_id if undo.action == "unmerge" else None,
        at=undo.at.isoformat(),
        actor=undo.actor,
    )


def _undone(change: ChangeRecord) -> UndoneChange:
    """A change as its undoing reads: the fields whose values it had changed, put back."""
    before = dict((change.before or {}).get("fields") or {})
    after = dict((change.after or {}).get("fields") or {})
    restored = [
        RestoredField(field=name, value=before.get(name), undone=after.get(name))
        for name in sorted(before.keys() | after.keys())
        if name not in HIDDEN_FIELDS and before.get(name) != after.get(name)
    ]
    return UndoneChange(
        action=change.action,
        delta_id=change.delta_id,
        at=change.at.isoformat(),
        restored=restored if change.before is not None else [],
    )
