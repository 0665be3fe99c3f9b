"""The compiled staging core (backend/native.py): used only while its build matches the sources,
and it reads values as the sources do."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend import native
from backend.services.imports import record_staging
from backend.services.imports.column_profile import ColumnProfiler
from backend.services.imports.decoding import detect_encoding
from backend.services.imports.mapping_proposal import propose_mapping
from backend.services.imports.normalize_service import defaults_for
from backend.services.imports.normalizers import phone
from backend.services.imports.profile_inference import infer_profile
from backend.services.imports.record_staging import ValueCache, plan_columns, stage_rows
from backend.services.imports.source_profiles import ProfileRegistry
from backend.services.imports.staging_pool import stored_unresolved


@pytest.fixture
def build_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(native, "BUILD", tmp_path)
    monkeypatch.setattr(native, "DIGEST", tmp_path / "sources.json")
    monkeypatch.delenv("VELOCITY_COMPILED", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    native.build_is_current.cache_clear()
    yield tmp_path
    native.build_is_current.cache_clear()


def test_a_build_of_the_current_sources_is_looked_in_first(build_dir: Path) -> None:
    native.record_build(native.sources_digest(native.compiled_against()), native.compiled_against())
    path = ["/src/backend/services/imports"]
    native.use_build("backend.services.imports", path)
    assert path == [
        str(build_dir / "backend" / "services" / "imports"),
        "/src/backend/services/imports",
    ]
    assert str(build_dir) in sys.path


@pytest.mark.parametrize("digest", ["0" * 64, ""])
def test_a_build_of_other_sources_is_not_used(build_dir: Path, digest: str) -> None:
    native.record_build(digest, native.compiled_against())
    path = ["/src/backend/services/imports"]
    native.use_build("backend.services.imports", path)
    assert path == ["/src/backend/services/imports"]


def test_no_build_a_damaged_record_or_compiled_off_runs_the_sources(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not native.build_is_current()  # nothing built here
    (build_dir / "sources.json").write_text("{not json")
    native.build_is_current.cache_clear()
    assert not native.build_is_current()
    native.record_build(native.sources_digest(native.compiled_against()), native.compiled_against())
    native.build_is_current.cache_clear()
    assert native.build_is_current()
    monkeypatch.setenv("VELOCITY_COMPILED", "0")
    native.build_is_current.cache_clear()
    assert not native.build_is_current()


@pytest.mark.parametrize(
    "edited",
    ["backend/services/imports/normalizers/phone.py", "backend/services/imports/targets.py"],
)
def test_an_edited_module_compiled_or_compiled_against_changes_the_digest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, edited: str
) -> None:
    against = native.compiled_against()
    assert native.ROOT / "backend" / "services" / "imports" / "targets.py" in against
    original = native.sources_digest(against)
    for source in [*native.compiled_sources(), *against]:
        copy = tmp_path / source.relative_to(native.ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(source.read_bytes())
    relocated = [tmp_path / path.relative_to(native.ROOT) for path in against]
    monkeypatch.setattr(native, "ROOT", tmp_path)
    assert native.sources_digest(relocated) == original
    (tmp_path / edited).write_text((tmp_path / edited).read_text() + "# edited\n")
    assert native.sources_digest(relocated) != original


def test_a_build_for_another_python_is_not_current(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    native.record_build(native.sources_digest(native.compiled_against()), native.compiled_against())
    monkeypatch.setattr(sys.implementation, "cache_tag", "cpython-399")
    native.build_is_current.cache_clear()
    assert not native.build_is_current()


def test_the_staging_core_comes_from_the_build_exactly_when_it_is_current() -> None:
    compiled = native.build_is_current()
    for module in (record_staging, phone):
        assert Path(module.__file__ or "").suffix == (".so" if compiled else ".py")


def test_compiled_and_source_modules_stage_the_same_records() -> None:
    """The same rows staged in a process running the sources and in one running the build
    (`scripts/test.sh` builds it first)."""
    if not native.build_is_current():
        pytest.skip("no build of the current sources (python -m backend.native makes one)")
    script = (
        "import json\n"
        "from backend.services.imports import record_staging\n"
        "from tests.services.imports.test_native_build import stage_sample\n"
        "print(record_staging.__file__.endswith('.so'))\n"
        "print(json.dumps(stage_sample(), sort_keys=True))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "VELOCITY_COMPILED": flag},
            cwd=Path(__file__).parents[3],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n", 1)
        for flag in ("0", "1")
    ]
    assert [compiled for compiled, _ in runs] == ["False", "True"]
    assert runs[0][1] == runs[1][1]
    assert '"+1' in runs[0][1]
    assert "invalid_value" in runs[0][1]


EXPORTS = [
    *sorted((Path(__file__).parents[3] / "backend" / "demo" / "samples").glob("*.csv")),
    *sorted((Path(__file__).parents[2] / "fixtures" / "exports").glob("*.csv")),
]


def stage_sample() -> list[object]:
    """Every bundled sample export and test export staged with its inferred profile and the
    proposed mapping, as JSON-ready lists (run in a child process by the test above)."""
    out: list[object] = []
    registry = ProfileRegistry.load(None)
    for path in EXPORTS:
        data = path.read_bytes()
        text = data.decode(detect_encoding(data, complete=True).name)
        header, *rows = list(csv.reader(io.StringIO(text, newline="")))
        profiler = ColumnProfiler()
        for cells in rows:
            profiler.add_row(cells)
        columns = profiler.result(header, header)
        profile, _, _ = infer_profile(columns, registry)
        defaults = defaults_for(profile, "US")
        plans = plan_columns(propose_mapping(columns, profile), header, defaults, {})
        staged, problems = stage_rows(list(enumerate(rows, start=2)), plans, defaults, ValueCache())
        out.append([path.name, staged, [stored_unresolved(problem) for problem in problems]])
    return out
