"""Apply benchmark (stages 7-8): a contacts export with accounts (the ingest bench's generator)
is run through the real pipeline - import, normalize, resolve, approve the low-risk changes -
and then applied; prints deltas applied per second, the apply's wall time, how many Client 360
snapshots the apply refreshed and how long that refresh took, and the apply's peak RSS. The
import and the apply each run in their own process, so the peak RSS is the apply's alone.
The generated e-mail domains differ from row to row, so most contact rows also propose to
overwrite their account's domain; those high-risk changes wait for a person and the batch ends
`partially_applied`, as a real import with that data would.

    .venv/bin/python bench/apply.py --rows 100000
    .venv/bin/python bench/apply.py --rows 100000 \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres

SQLite always runs; with --database-url (a PostgreSQL server) a scratch database is created on
that server for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import generate  # the ingest bench's contacts export (accounts in "Account Name")

from backend.repositories import imports_repository
from backend.runtime import open_runtime
from backend.services import batch_actions
from backend.services.import_pipeline import run_import
from backend.services.imports.ingest_service import ImportRequest
from backend.settings import Settings
from tests.pg_harness import scratch_database


def _prepare(path: Path, settings: Settings) -> dict[str, Any]:
    """Import the file and approve its low-risk decisions and deltas."""
    runtime = open_runtime(settings)
    started = time.perf_counter()
    with path.open("rb") as stream:
        summary = run_import(
            runtime, ImportRequest(path.name, stream, actor="bench", profile="salesforce_contacts")
        )
    imported = time.perf_counter() - started
    decisions, deltas = batch_actions.approve_all(
        runtime, summary.import_id, risks=["low"], actor="bench", role="approver"
    )
    return {
        "import_id": summary.import_id,
        "status": summary.status,
        "import_seconds": imported,
        "deltas": summary.deltas,
        "approved": decisions + deltas,
        "errors": summary.errors,
    }


def _apply(import_id: str, settings: Settings) -> dict[str, Any]:
    """Apply the batch and read back the stage timings apply recorded on it."""
    runtime = open_runtime(settings)
    started = time.perf_counter()
    result = batch_actions.apply(runtime, import_id, actor="bench")
    seconds = time.perf_counter() - started
    with runtime.unit() as session:
        timings = imports_repository.get_batch(session, import_id).timings or {}
    return {
        "status": result.status,
        "applied": result.applied,
        "blocked": result.blocked,
        "refreshed": result.clients_refreshed,
        "seconds": seconds,
        "write_seconds": timings["apply"],
        "refresh_seconds": timings["client360"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(step: str, argument: str, database_url: str, data_dir: Path) -> None:
    """Run one step in this process and print its figures as JSON."""
    settings = Settings(data_dir=data_dir, database_url=database_url)
    figures = (
        _prepare(Path(argument), settings) if step == "prepare" else _apply(argument, settings)
    )
    print(json.dumps(figures))


def _run_child(step: str, argument: str, database_url: str, data_dir: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, argument, database_url, data_dir],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"the {step} step failed:\n{out.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def measure(path: Path, database_url: str, label: str) -> None:
    """Import, approve and apply in child processes, and print the figures."""
    with tempfile.TemporaryDirectory() as data_dir:
        prepared = _run_child("prepare", str(path), database_url, data_dir)
        applied = _run_child("apply", prepared["import_id"], database_url, data_dir)
    print(
        f"{label:<10} import {prepared['import_seconds']:7.1f} s  deltas {prepared['deltas']}  "
        f"approved {prepared['approved']:,}"
    )
    print(
        f"{label:<10} apply  {applied['seconds']:7.1f} s  {applied['applied']:,} deltas applied  "
        f"{applied['applied'] / applied['seconds']:7,.0f} deltas/s  "
        f"(graph writes {applied['write_seconds']:.1f} s, "
        f"{applied['applied'] / applied['write_seconds']:,.0f} deltas/s)  "
        f"blocked {applied['blocked']:,}  status {applied['status']}"
    )
    print(
        f"{label:<10} refresh {applied['refreshed']:,} Client 360 snapshots in "
        f"{applied['refresh_seconds']:.1f} s (inside the apply)  "
        f"peak RSS {applied['peak_rss_mb']:6.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL server to run against as well")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, argument, database_url, data_dir = args.child
        child(step, argument, database_url, Path(data_dir))
        return
    print(f"command: {' '.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        generate(path, args.rows)
        measure(path, f"sqlite:///{folder}/bench.sqlite3", "sqlite")
        if args.database_url:
            with scratch_database(args.database_url) as url:
                measure(path, url, "postgresql")


if __name__ == "__main__":
    main()
