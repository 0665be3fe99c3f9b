"""The shape of the code, enforced: pure cores import neither SQLAlchemy nor FastAPI, and HTTP
routes never reach into repositories (they call services)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[2] / "backend"
CORES = [
    "services/imports/cell_safety.py",
    "services/imports/column_profile.py",
    "services/imports/decoding.py",
    "services/imports/header_matching.py",
    "services/imports/mapping_proposal.py",
    "services/imports/profile_inference.py",
    "services/imports/record_staging.py",
    "services/imports/table_shape.py",
    "services/imports/table_sources.py",
    "services/imports/targets.py",
    "services/imports/value_kinds.py",
    "services/imports/value_patterns.py",
    "services/access_rules.py",
    "services/client_graph/client360.py",
    "services/client_graph/identity_decisions.py",
    "services/client_graph/policy.py",
    "services/client_graph/proposals.py",
    "services/client_graph/record_keys.py",
    "services/client_graph/review_rules.py",
    "services/client_graph/survivorship.py",
    "services/client_graph/value_correction.py",
]


CORES += sorted(
    str(path.relative_to(BACKEND))
    for path in (BACKEND / "services/client_graph/matching").glob("*.py")
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("core", CORES)
def test_core_modules_import_no_database_or_web_framework(core: str) -> None:
    forbidden = {
        n for n in _imports(BACKEND / core) if n.split(".")[0] in ("sqlalchemy", "fastapi")
    }
    assert forbidden == set()
    assert not any(
        n.startswith(("backend.db", "backend.repositories")) for n in _imports(BACKEND / core)
    )


def test_a_staging_worker_loads_neither_the_database_layer_nor_the_contracts() -> None:
    """What a staging worker imports (the pool and the staging core) loads neither SQLAlchemy
    nor pydantic: each worker is a fresh interpreter and would pay for them at every start."""
    script = (
        "import sys, backend.services.imports.staging_pool\n"
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'fastapi') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=BACKEND.parent,
    ).stdout
    assert loaded.strip() == "[]"


@pytest.mark.parametrize(
    "route", sorted((BACKEND / "api").glob("routes_*.py")), ids=lambda p: p.name
)
def test_routes_never_import_repositories(route: Path) -> None:
    assert not any(name.startswith("backend.repositories") for name in _imports(route))
