"""Apply is one transaction: a killed apply process leaves the graph untouched, and concurrent
applies of one batch on PostgreSQL never double-apply."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.db.models import ChangeLogEntry, Client, Delta
from backend.runtime import Runtime
from backend.services import batch_actions
from tests.factories.imports import import_rows


def _rows(count: int) -> list[list[str]]:
    return [
        [
            f"003X{i:05d}",
            f"First{i}",
            f"Last{i}",
            f"person{i}@company{i % 50}.com",
            f"+1 415 555 {i % 10000:04d}",
            f"Company {i % 50}",
            "Buyer",
            "Boston",
            "USA",
        ]
        for i in range(count)
    ]


def _count(runtime: Runtime, statement) -> int:  # type: ignore[no-untyped-def]
    with runtime.unit() as session:
        return int(session.scalar(statement) or 0)


def test_killed_apply_process_leaves_the_graph_untouched(
    runtime: Runtime, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    summary = import_rows(runtime, tmp_path, _rows(4000), name="big.csv")
    batch_actions.approve_all(runtime, summary.import_id, risks=None, actor="t", role="approver")
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "apply", summary.import_id],
        env={**os.environ, **cli_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(2.5)  # past start-up and migrations, well inside the apply of 8,000 deltas
    if process.poll() is not None:
        pytest.fail("apply finished before it could be killed; make the batch larger")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _count(runtime, select(func.count()).select_from(Client)) == 0
    assert _count(runtime, select(func.count()).select_from(ChangeLogEntry)) == 0
    applied = select(func.count()).select_from(Delta).where(Delta.status == "applied")
    assert _count(runtime, applied) == 0
    result = batch_actions.apply(runtime, summary.import_id, actor="t")
    assert result.status == "applied"
    assert _count(runtime, select(func.count()).select_from(Client)) == 4000


def test_concurrent_applies_of_one_batch_apply_each_delta_once(
    runtime: Runtime, tmp_path: Path
) -> None:
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("row locks are what this test exercises; SQLite serialises all writers")
    summary = import_rows(runtime, tmp_path, _rows(200), name="concurrent.csv")
    batch_actions.approve_all(runtime, summary.import_id, risks=None, actor="t", role="approver")
    results = []
    errors: list[BaseException] = []

    def apply() -> None:
        try:
            results.append(batch_actions.apply(runtime, summary.import_id, actor="t"))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=apply) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(result.applied for result in results)[-1] > 0
    assert sum(result.applied for result in results) == _count(
        runtime, select(func.count()).select_from(Delta).where(Delta.status == "applied")
    )
    assert _count(runtime, select(func.count()).select_from(Client)) == 200
    writes = (
        select(func.count())
        .select_from(Delta)
        .where(Delta.status == "applied", Delta.op != "no_change")
    )
    assert _count(runtime, select(func.count()).select_from(ChangeLogEntry)) == _count(
        runtime, writes
    )
