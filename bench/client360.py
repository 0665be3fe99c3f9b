"""Client 360 benchmark: p50/p95 latency of `GET /api/crm/client-360/{id}` over real HTTP for a
client with 10,000 interactions and 100 opportunities, in a graph of N clients (default
1,000,000, bulk-loaded), and the time to (re)build that client's snapshot.

    .venv/bin/python bench/client360.py --clients 1000000
    VELOCITY_BENCH_POSTGRES_URL=postgresql://... .venv/bin/python bench/client360.py

Without VELOCITY_BENCH_POSTGRES_URL the PostgreSQL run uses a throwaway server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import Table, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.api.app import create_app
from backend.db.models import Client, EntityLink, Interaction, Opportunity
from backend.runtime import open_runtime
from backend.services.client_graph import aggregation_service
from backend.settings import Settings

CHUNK = 20_000


def _table(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


def load(settings: Settings, clients: int) -> str:
    """Bulk-load N clients and one rich client; returns the rich client's id."""
    runtime = open_runtime(settings)
    with runtime.engine.begin() as connection:
        for start in range(0, clients, CHUNK):
            connection.execute(
                insert(_table(Client)),
                [
                    {
                        "id": f"cli_{i:012d}",
                        "status": "active",
                        "fields": {
                            "first_name": f"F{i}",
                            "last_name": f"L{i % 5000}",
                            "email": f"p{i}@example.com",
                        },
                        "display_name": f"F{i} L{i % 5000}",
                        "search_name": f"f{i}l{i % 5000}",
                        "last_name_key": f"l{i % 5000}",
                        "primary_email": f"p{i}@example.com",
                        "row_version": 1,
                    }
                    for i in range(start, min(start + CHUNK, clients))
                ],
            )
        rich = "cli_rich000000000"
        connection.execute(
            insert(_table(Client)),
            [
                {
                    "id": rich,
                    "status": "active",
                    "row_version": 1,
                    "fields": {"first_name": "Rich", "last_name": "Client"},
                }
            ],
        )
        connection.execute(
            insert(_table(Opportunity)),
            [
                {
                    "id": f"opp_{i:08d}",
                    "status": "active",
                    "row_version": 1,
                    "fields": {
                        "name": f"Deal {i}",
                        "amount": f"{1000 + i}.00",
                        "currency": ["EUR", "USD"][i % 2],
                        "stage": ["proposal", "closed_won", "closed_lost"][i % 3],
                    },
                }
                for i in range(100)
            ],
        )
        connection.execute(
            insert(_table(Interaction)),
            [
                {
                    "id": f"itr_{i:08d}",
                    "status": "active",
                    "row_version": 1,
                    "kind": "call",
                    "fields": {
                        "kind": ["call", "email", "note"][i % 3],
                        "occurred_at": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00Z",
                        "subject": f"Touch {i}",
                    },
                }
                for i in range(10_000)
            ],
        )
        links = [
            {
                "from_kind": "opportunity",
                "from_id": f"opp_{i:08d}",
                "to_kind": "client",
                "to_id": rich,
                "role": "contact",
            }
            for i in range(100)
        ]
        links += [
            {
                "from_kind": "interaction",
                "from_id": f"itr_{i:08d}",
                "to_kind": "client",
                "to_id": rich,
                "role": "participant",
            }
            for i in range(10_000)
        ]
        connection.execute(insert(_table(EntityLink)), links)
    started = time.perf_counter()
    with runtime.unit() as session:
        aggregation_service.refresh(session, [rich])
    print(f"  snapshot build for the rich client: {time.perf_counter() - started:.2f} s")
    return rich


def measure(label: str, settings: Settings, clients: int, requests: int) -> None:
    """Load, serve over HTTP and time the endpoint."""
    started = time.perf_counter()
    rich = load(settings, clients)
    print(f"{label}: loaded {clients:,} clients in {time.perf_counter() - started:.0f} s")
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    timings = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        client.get(f"/api/crm/client-360/{rich}").raise_for_status()
        for _ in range(requests):
            began = time.perf_counter()
            client.get(f"/api/crm/client-360/{rich}").raise_for_status()
            timings.append((time.perf_counter() - began) * 1000)
    server.should_exit = True
    cuts = statistics.quantiles(timings, n=20)
    print(
        f"  GET /api/crm/client-360: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {cuts[18]:.1f} ms over {requests} requests"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as folder:
        measure(
            "sqlite",
            Settings(data_dir=Path(folder), database_url=None),
            args.clients,
            args.requests,
        )
        if args.skip_postgres:
            return
        configured = os.environ.get("VELOCITY_BENCH_POSTGRES_URL")
        if configured:
            measure(
                "postgresql",
                Settings(data_dir=Path(folder), database_url=configured),
                args.clients,
                args.requests,
            )
            return
        from tests.pg_harness import throwaway_postgres

        with throwaway_postgres() as url:
            measure(
                "postgresql",
                Settings(data_dir=Path(folder), database_url=url),
                args.clients,
                args.requests,
            )


if __name__ == "__main__":
    main()
