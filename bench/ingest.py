"""Ingest benchmark (stage 1 only): generates a realistic CRM-like export (accented names,
quoted multi-line notes, phones in mixed formats) and prints rows/s, MB/s and peak RSS for
ingest into SQLite and PostgreSQL, each in its own process so that peak RSS is its own.

    .venv/bin/python bench/ingest.py --rows 1000000
    VELOCITY_BENCH_POSTGRES_URL=postgresql://... .venv/bin/python bench/ingest.py

Without VELOCITY_BENCH_POSTGRES_URL a throwaway PostgreSQL is started from the local binaries.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = [
    "Zoë",
    "José",
    "François",
    "Ann",
    "Robert",
    "Bob",
    "Łukasz",
    "Søren",
    "Ana",
    "Mia",
    "Jürgen",
]
LAST = [
    "Müller",
    "García López",
    "O'Brien",
    "Smith",
    "van der Berg",
    "Nguyễn",
    "Dubois",
    "Kowalski",
]
COMPANIES = [
    "Müller & Söhne GmbH",
    "Acme, S.L.",
    "Northwind Traders Inc.",
    "Contoso Ltd",
    "Initech",
]
PHONES = ["+49 30 {n}", "(415) 555-{n4}", "0171 {n}", "+44 20 7946 {n4}", "415.555.{n4}"]
NOTES = ['Met at trade show.\nFollow up in Q3, "very interested".', "Called; no answer", ""]
HEADER = [
    "Contact ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Mobile",
    "Account Name",
    "Mailing City",
    "Mailing Country",
    "Lead Source",
    "Created Date",
    "Description",
]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write the benchmark export."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            n, n4 = rng.randint(1000000, 9999999), rng.randint(1000, 9999)
            writer.writerow(
                [
                    f"0035g{i:010d}",
                    first,
                    last,
                    f"{first.lower()}.{i}@example{rng.randint(1, 900)}.com",
                    rng.choice(PHONES).format(n=n, n4=n4),
                    rng.choice(PHONES).format(n=n, n4=n4),
                    rng.choice(COMPANIES),
                    rng.choice(["Berlin", "Madrid", "Dublin", "São Paulo"]),
                    rng.choice(["Germany", "Spain", "Ireland", "Brazil"]),
                    "Web",
                    f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:15:00.000Z",
                    rng.choice(NOTES) + " " * rng.randint(0, 40) + "x" * rng.randint(0, 60),
                ]
            )


def child(path: Path, database_url: str, data_dir: Path) -> None:
    """Run one ingest and print its figures as JSON (in a child process)."""
    from backend.runtime import open_runtime
    from backend.services.imports.import_summary import summarize
    from backend.services.imports.ingest_service import ImportRequest, ingest
    from backend.settings import Settings

    runtime = open_runtime(Settings(data_dir=data_dir, database_url=database_url))
    started = time.perf_counter()
    with path.open("rb") as stream, runtime.unit() as session:
        summary = summarize(
            ingest(session, runtime.settings, ImportRequest(path.name, stream, actor="bench"))
        )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "status": summary.status,
                "rows": summary.rows.parsed,
                "seconds": seconds,
                "peak_rss_mb": peak_mb,
                "errors": summary.errors,
            }
        )
    )


def measure(path: Path, database_url: str, label: str) -> None:
    """Ingest in a child process and print the figures."""
    with tempfile.TemporaryDirectory() as data_dir:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path), database_url, data_dir],
            capture_output=True,
            text=True,
            check=True,
        )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    size_mb = path.stat().st_size / 1e6
    print(
        f"{label:<10} {figures['rows']:>9,} rows  {figures['seconds']:7.1f} s  "
        f"{figures['rows'] / figures['seconds']:9,.0f} rows/s  "
        f"{size_mb / figures['seconds']:6.1f} MB/s  peak RSS {figures['peak_rss_mb']:6.0f} MB  "
        f"status {figures['status']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        print(
            f"generated {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - started:.0f} s"
        )
        print(f"command: {' '.join(sys.argv)}")
        measure(path, f"sqlite:///{folder}/bench.sqlite3", "sqlite")
        if args.skip_postgres:
            return
        configured = os.environ.get("VELOCITY_BENCH_POSTGRES_URL")
        if configured:
            measure(path, configured, "postgresql")
            return
        from tests.pg_harness import throwaway_postgres

        with throwaway_postgres() as url:
            measure(path, url, "postgresql")


if __name__ == "__main__":
    main()
