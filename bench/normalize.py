"""Normalize-stage benchmark: a 12-column contacts export run through the staging core
(column plan, per-value cache, normalizers) and printed as rows/s - once in one process and once
split over the machine's cores.

    .venv/bin/python bench/normalize.py --rows 200000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import COMPANIES, FIRST, HEADER, LAST  # the ingest bench's export, same columns

from backend.contracts.mapping import MappingManifest
from backend.services.imports.mapping_proposal import propose_mapping
from backend.services.imports.normalize_service import defaults_for
from backend.services.imports.record_staging import (
    ColumnPlan,
    StagingDefaults,
    ValueCache,
    plan_columns,
    stage_rows,
)
from backend.services.imports.source_profiles import ProfileRegistry
from tests.factories.columns import column_table


def rows(count: int, seed: int = 11) -> list[tuple[int, list[str]]]:
    """A realistic contacts export: unique e-mails and phones, repeated names and cities."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        out.append(
            (
                i + 1,
                [
                    f"0035g{i:010d}",
                    first,
                    last,
                    f"{first.lower()}.{i}@example{i % 900}.com",
                    f"+1 415 555 {i % 10000:04d}",
                    f"(212) 555-{(i * 7) % 10000:04d}",
                    rng.choice(COMPANIES),
                    rng.choice(["Berlin", "Madrid", "Boston"]),
                    rng.choice(["Germany", "Spain", "USA"]),
                    rng.choice(["Web", "Trade Show"]),
                    f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                    rng.choice(["Met at trade show.", "Called; no answer", ""]),
                ],
            )
        )
    return out


def _work(args: tuple[list[tuple[int, list[str]]], list[ColumnPlan], StagingDefaults]) -> int:
    chunk, plans, defaults = args
    staged, _ = stage_rows(chunk, plans, defaults, ValueCache())
    return len(staged)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    data = rows(args.rows)
    registry = ProfileRegistry.load(None)
    profile = registry.get("salesforce_contacts")
    sample = [r for _, r in data[:200]]
    columns = column_table([(h, [r[i] for r in sample]) for i, h in enumerate(HEADER)])
    manifest: MappingManifest = propose_mapping(columns, profile)
    defaults = defaults_for(profile, "US")
    plans = plan_columns(manifest, HEADER, defaults, {"Created Date": "ymd"})
    print(f"command: {' '.join(sys.argv)}; {len(plans)} mapped columns, {args.rows:,} rows")
    started = time.perf_counter()
    _, problems = stage_rows(data, plans, defaults, ValueCache())
    single = time.perf_counter() - started
    print(
        f"one process: {args.rows / single:10,.0f} rows/s  ({single:.1f} s, "
        f"{len(problems)} problems)"
    )
    workers = os.cpu_count() or 1
    size = -(-len(data) // (workers * 4))
    chunks = [(data[i : i + size], plans, defaults) for i in range(0, len(data), size)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        total = sum(pool.map(_work, chunks))
    parallel = time.perf_counter() - started
    print(f"{workers} processes: {total / parallel:9,.0f} rows/s  ({parallel:.1f} s)")


if __name__ == "__main__":
    main()
