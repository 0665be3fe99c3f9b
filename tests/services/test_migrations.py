"""Schema migrations on a database that already holds data: staged records written by the
first schema (a JSON row per raw row) are read back the same after the upgrade to packed
chunks, and after a downgrade."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.db.engine import alembic_config, make_engine
from backend.db.json_codec import json_text
from backend.repositories import staging_repository
from tests.conftest import BACKENDS
from tests.pg_harness import scratch_database

STAGED = [
    (
        number,
        {
            "client": {
                "email": {
                    "value": f"ann.{number}@acme.example",
                    "raw": f"Ann.{number}@ACME.example ",
                    "column": "Email",
                    "transform": "email",
                    "confidence": 1.0,
                },
                "mobile_phone": {
                    "value": None,
                    "raw": "n/a",
                    "column": "Mobile",
                    "transform": "phone",
                    "confidence": 0.0,
                    "invalid": "not a valid phone number: too short",
                    "reason": "invalid_value",
                },
            }
        },
    )
    for number in range(2, 5_010)  # more than one chunk
]


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    with scratch_database(request.getfixturevalue("postgres_server_url")) as url:
        yield url


def _staged(url: str, import_id: str) -> list[tuple[int, object]]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = list(staging_repository.iter_staged(session, import_id))
    engine.dispose()
    return found


def test_staged_records_of_the_first_schema_survive_the_upgrade_and_the_downgrade(
    empty_database: str,
) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0001")
    engine = make_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staged_records (import_id, row_number, entities) "
                "VALUES (:import_id, :row_number, :entities)"
            ),
            [
                {"import_id": batch, "row_number": number, "entities": json_text(entities)}
                for batch in ("imp_old", "imp_other")
                for number, entities in STAGED
            ],
        )
    engine.dispose()

    command.upgrade(config, "head")
    assert _staged(empty_database, "imp_old") == STAGED
    assert _staged(empty_database, "imp_other") == STAGED

    command.downgrade(config, "0001")
    engine = make_engine(empty_database)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT row_number FROM staged_records WHERE import_id = 'imp_old'")
        ).scalars()
        assert sorted(rows) == [number for number, _ in STAGED]
    engine.dispose()
