"""Shared fixtures: a `runtime` on SQLite and on PostgreSQL for every storage and pipeline test,
each test on a fresh database cloned from a migrated template, and a real HTTP server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from backend.db.engine import make_engine, normalize_url, upgrade_to_head
from backend.runtime import Runtime
from backend.settings import Settings
from tests.factories.processes import served_api
from tests.pg_harness import scratch_database, throwaway_postgres

BACKENDS = ["sqlite", "postgresql"]
TEMPLATE_DB = "velocity_template"


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL server: the configured one, or a throwaway one started for this run."""
    configured = os.environ.get("VELOCITY_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    with throwaway_postgres() as url:
        yield url


def _admin_engine(server_url: str):  # type: ignore[no-untyped-def]
    return create_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template(postgres_server_url: str) -> Iterator[str]:
    """A database migrated to head, cloned by every PostgreSQL test."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    template = f"{TEMPLATE_DB}_{worker}"
    admin = _admin_engine(postgres_server_url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{template}"'))
        connection.execute(text(f'CREATE DATABASE "{template}"'))
    url = make_url(postgres_server_url).set(database=template)
    engine = make_engine(url.render_as_string(hide_password=False))
    upgrade_to_head(engine)
    engine.dispose()
    yield template
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{template}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, copied by every SQLite test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A fresh, migrated database of each kind for one test."""
    if request.param == "sqlite":
        path = tmp_path / "velocity.sqlite3"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    server_url = request.getfixturevalue("postgres_server_url")
    template = request.getfixturevalue("postgres_template")
    with scratch_database(server_url, template=template) as url:
        yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings pointing at the test's database and data directory."""
    return Settings(data_dir=tmp_path / "data", database_url=database_url, operator="tester")


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    """The product runtime on the test's database."""
    engine = make_engine(settings.effective_database_url)
    yield Runtime(settings=settings, engine=engine)
    engine.dispose()


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment for CLI invocations against the test's database."""
    return {
        "VELOCITY_DATABASE_URL": settings.effective_database_url,
        "VELOCITY_DATA_DIR": str(settings.data_dir),
        "VELOCITY_OPERATOR": "tester",
    }


@pytest.fixture
def api(settings: Settings) -> Iterator[httpx.Client]:
    """An HTTP client talking to the real app served by uvicorn on a loopback port."""
    with served_api(settings) as client:
        yield client
