"""The product's runtime: settings, engine and session factory built once per process, and the
unit-of-work edge that the CLI and the API share (commit on success, roll back on error)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backend.db.engine import make_engine, session_factory, unit_of_work, upgrade_to_head
from backend.services.client_graph.policy import Policy, load_policy
from backend.services.imports.assistant import Assistant, assistant_from_settings
from backend.services.imports.source_profiles import ProfileRegistry
from backend.settings import Settings


@dataclass
class Runtime:
    """Everything a command or a request needs, created by `open_runtime`."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.engine)

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back otherwise."""
        with unit_of_work(self.sessions) as session:
            yield session

    @cached_property
    def policy(self) -> Policy:
        """The review policy (the built-in default when none is configured)."""
        return load_policy(self.settings.policy)

    @cached_property
    def profiles(self) -> ProfileRegistry:
        """The built-in source profiles and the operator's own."""
        return ProfileRegistry.load(self.settings.profiles_dir)

    @cached_property
    def assistant(self) -> Assistant:
        """The NemoClaw-assisted step: an LLM endpoint when configured, else offline rules."""
        settings = self.settings
        return assistant_from_settings(
            settings.assistant_url,
            settings.assistant_model,
            settings.assistant_api_key,
            settings.assistant_timeout_seconds,
        )

    @property
    def operator(self) -> str:
        """The local operator the CLI acts as."""
        return self.settings.operator or os.environ.get("USER") or getpass.getuser()


def open_runtime(settings: Settings, *, migrate: bool = True) -> Runtime:
    """Connect to the configured database and bring its schema to head."""
    engine = make_engine(settings.effective_database_url)
    if migrate:
        upgrade_to_head(engine)
    return Runtime(settings=settings, engine=engine)
