"""Normalize-stage benchmark: the ingest bench's 12-column contacts export (unique e-mails and
phones in mixed formats, accented names, repeated companies and cities) normalized twice and
printed as rows/s:

- the staging core alone in one process, chunk by chunk as a worker stages a batch (decoding
  the stored raw rows, column plan, value cache, normalizers, packing);
- the normalize service on a stored batch in embedded SQLite: reading the raw rows, staging
  them (on every core once the batch has `PARALLEL_FROM_ROWS` rows) and writing the staged
  records and unresolved values - what an import spends in this stage; once for the first
  large batch of a process (the workers start) and once for the next (they are running).

    .venv/bin/python bench/normalize.py --rows 200000

`--instructions` counts instead the instructions the staging core runs per row under
valgrind's callgrind (Debian's package valgrind), the lazily loaded data (public suffix list,
phone rules, country names) loaded before counting: exact from one run to the next, where the
timings of a shared machine vary by a tenth; for comparing two versions of the code.

    .venv/bin/python bench/normalize.py --instructions --rows 30000
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import HEADER, generate  # the ingest bench's export

from backend.db.json_codec import json_text
from backend.native import build_is_current
from backend.runtime import open_runtime
from backend.services.imports import mapping_service, normalize_service, staging_pool
from backend.services.imports.ingest_service import ImportRequest, ingest
from backend.services.imports.mapping_proposal import propose_mapping
from backend.services.imports.normalize_service import defaults_for
from backend.services.imports.record_staging import ColumnPlan, StagingDefaults, plan_columns
from backend.services.imports.source_profiles import ProfileRegistry
from backend.services.imports.staging_pool import StagingPool
from backend.settings import Settings
from tests.factories.columns import column_table

DATES = {"Created Date": HEADER.index("Created Date")}
"""The date column whose values a worker gathers, as the normalize service has it do."""
StagingInput = tuple[list[list[tuple[int, str]]], list[ColumnPlan], StagingDefaults]


def staging_input(path: Path) -> StagingInput:
    """The export's rows as stored (row number, JSON text of the cells), in chunks, and the
    column plan and defaults of its proposed mapping."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [(number, cells) for number, cells in enumerate(reader, start=2)]
    profile = ProfileRegistry.load(None).get("salesforce_contacts")
    sample = [cells for _, cells in rows[:200]]
    columns = column_table([(h, [r[i] for r in sample]) for i, h in enumerate(HEADER)])
    manifest = propose_mapping(columns, profile)
    defaults = defaults_for(profile, "US")
    plans = plan_columns(manifest, HEADER, defaults, {"Created Date": "ymd"})
    stored = [(number, json_text(cells)) for number, cells in rows]  # as raw rows are stored
    size = staging_pool.CHUNK_ROWS
    return [stored[start : start + size] for start in range(0, len(stored), size)], plans, defaults


def core(path: Path) -> None:
    """The staging core alone, in this process, chunk by chunk as a worker stages a batch:
    decode the raw row, stage it (column plan, value cache, normalizers) and pack the chunk."""
    chunks, plans, defaults = staging_input(path)
    rows = sum(len(chunk) for chunk in chunks)
    started = time.perf_counter()
    problems = 0
    with StagingPool(row_count=0) as pool, staging_pool.rare_collections():  # in this process
        for _, found, _ in pool.stage(iter(chunks), plans, defaults, DATES):
            problems += len(found)
    seconds = time.perf_counter() - started
    print(
        f"core, one process:      {rows / seconds:9,.0f} rows/s  ({seconds:5.1f} s, "
        f"{len(plans)} mapped columns, {problems:,} unresolved values)"
    )


def service(path: Path) -> None:
    """The normalize service over a batch stored in embedded SQLite, twice in one process: the
    first large batch starts the staging workers, the next finds them running (as a later
    import does in the API server, which keeps them for `WORKERS_IDLE_SECONDS`)."""
    runtime = open_runtime(
        Settings(data_dir=path.parent, database_url=f"sqlite:///{path.parent}/bench.sqlite3")
    )
    for label in ("service, workers start: ", "service, workers run:   "):
        with path.open("rb") as stream, runtime.unit() as session:
            batch = ingest(
                session, runtime.settings, ImportRequest(path.name, stream, actor="bench")
            )
            manifest = mapping_service.map_batch(
                session,
                batch,
                runtime.profiles,
                mapping_id=None,
                actor="bench",
                assistant=runtime.assistant,
            )
            profile = runtime.profiles.get(manifest.profile)
            started = time.perf_counter()
            unresolved = normalize_service.normalize_batch(
                session, batch, manifest, profile, policy_region="US"
            )
            seconds = time.perf_counter() - started
            rows = batch.rows_parsed
        workers = os.cpu_count() if rows >= staging_pool.PARALLEL_FROM_ROWS else 1
        print(
            f"{label}{rows / seconds:9,.0f} rows/s  ({seconds:5.1f} s, {workers} process(es), "
            f"{unresolved:,} unresolved values, read and written in SQLite)"
        )


WARM_UP_CHUNKS = 2
"""Chunks staged before counting, which load what a worker loads once."""


def counted(path: Path) -> None:
    """The staging core over the export, its chunks after the warm-up between two calls of
    `zlib.crc32`, where callgrind (`--dump-before=zlib_crc32`) cuts its counts."""
    chunks, plans, defaults = staging_input(path)
    with StagingPool(row_count=0) as pool, staging_pool.rare_collections():
        for _ in pool.stage(iter(chunks[:WARM_UP_CHUNKS]), plans, defaults, DATES):
            pass
        zlib.crc32(b"counting")
        for _ in pool.stage(iter(chunks[WARM_UP_CHUNKS:]), plans, defaults, DATES):  # a new run
            pass
        zlib.crc32(b"counted")


def instructions(path: Path, rows: int) -> None:
    """The instructions the staging core runs per row (`counted` under callgrind)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (Debian's package valgrind)")
    out = path.parent / "callgrind.out"
    command = [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}"]
    command += ["--dump-before=zlib_crc32", sys.executable, __file__, "--counted", str(path)]
    subprocess.run(command, check=True, capture_output=True)
    between = out.with_name(f"{out.name}.2").read_text().splitlines()  # dump 2: between marks
    total = int(next(line.split()[1] for line in between if line.startswith("totals:")))
    staged = rows - WARM_UP_CHUNKS * staging_pool.CHUNK_ROWS
    print(
        f"staging core under callgrind: {total / staged:,.0f} instructions a row "
        f"({staged:,} rows after {WARM_UP_CHUNKS} chunks of warm-up)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--counted", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.counted:
        counted(args.counted)
        return
    core_form = "compiled" if build_is_current() else "the sources (not compiled)"
    print(
        f"command: {' '.join(sys.argv)}; {args.rows:,} rows, {os.cpu_count()} cores; "
        f"staging core: {core_form}"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        generate(path, args.rows)
        if args.instructions:
            instructions(path, args.rows)
            return
        core(path)
        service(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
