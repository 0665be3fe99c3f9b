"""The staging core compiled with mypyc, used where a build of the current sources exists.

Normalizing runs on every mapped cell of an import, and the interpreter's dispatch is most of
its cost. Compiled by mypyc (the compiler that ships with mypy, and builds mypy and black), the
normalizers and `record_staging` stage a row about a quarter faster, from the same sources: they
are already checked by `mypy --strict`, which is what mypyc compiles from.

`scripts/setup.sh` builds them (`python -m backend.native`) into `build/compiled/`, outside the
source tree, with a digest of the Python it was built for, the sources it compiled and the
project modules they import without being compiled (`targets.py`: mypyc compiles against their
types and constants). The packages holding the compiled modules call `use_build` first thing:
a process looks in the build only while that digest matches. An edited module, a machine
without a C compiler, another Python or `VELOCITY_COMPILED=0` runs the sources themselves, with
the same results. (An installed, not editable, package has no build beside it: the sources
run.)
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import MutableSequence
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "compiled"
DIGEST = BUILD / "sources.json"
GROUP = "velocity_staging"
"""The name of the shared library that holds every compiled module."""


def compiled_sources() -> list[Path]:
    """The modules compiled: `record_staging` and every normalizer (not the packages' own
    `__init__`, which must run first to point the package at the build)."""
    normalizers = ROOT / "backend" / "services" / "imports" / "normalizers"
    return [
        ROOT / "backend" / "services" / "imports" / "record_staging.py",
        *sorted(path for path in normalizers.glob("*.py") if path.name != "__init__.py"),
    ]


def compiled_against() -> list[Path]:
    """The project modules the compiled modules import and that are not compiled themselves."""
    compiled = set(compiled_sources())
    found: set[Path] = set()
    for source in compiled:
        package = source.parent.relative_to(ROOT).parts
        for node in ast.walk(ast.parse(source.read_bytes())):
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else ()
                names = [(*base, *(node.module or "").split("."))]
            elif isinstance(node, ast.Import):
                names = [tuple(alias.name.split(".")) for alias in node.names]
            else:
                continue
            for name in names:
                module = ROOT.joinpath(*(part for part in name if part))
                for candidate in (module.with_suffix(".py"), module / "__init__.py"):
                    if name[0] == "backend" and candidate.is_file():
                        found.add(candidate)
                        break
    return sorted(found - compiled)


def sources_digest(against: list[Path]) -> str:
    """A digest of this Python's ABI and of the names and contents of the compiled modules and
    of the modules they were compiled against."""
    digest = hashlib.sha256(sys.implementation.cache_tag.encode() + b"\0")
    for path in [*compiled_sources(), *against]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def build_is_current() -> bool:
    """Whether `build/compiled/` holds the modules compiled from the sources as they are now."""
    if os.environ.get("VELOCITY_COMPILED", "1") == "0":
        return False
    try:
        built = json.loads(DIGEST.read_text(encoding="utf-8"))
        against = [ROOT / name for name in built["compiled_against"]]
        return bool(built["sha256"] == sources_digest(against))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def use_build(package: str, path: MutableSequence[str]) -> None:
    """Look for a package's modules in the build before its sources, if the build is current
    (called by the package's `__init__` with its `__name__` and `__path__`)."""
    if not build_is_current():
        return
    path.insert(0, str(BUILD.joinpath(*package.split("."))))
    if str(BUILD) not in sys.path:
        sys.path.append(str(BUILD))  # where the shared library of the compiled modules is


def build() -> None:
    """Compile the modules into `build/compiled/`, replacing an earlier build; the digest is
    written last, of the sources as they were when the compiler read them."""
    from mypyc.build import mypycify  # build-time tools (dev dependencies)
    from setuptools import setup

    against = compiled_against()
    digest = sources_digest(against)
    os.chdir(ROOT)  # mypyc names each module by its path from the project root
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        extensions = mypycify(
            [path.relative_to(ROOT).as_posix() for path in compiled_sources()],
            opt_level="3",
            group_name=GROUP,
            target_dir=str(work / "c"),
        )
        setup(
            name="velocity-compiled",
            ext_modules=extensions,
            script_args=[
                "--quiet",
                "build_ext",
                f"--build-lib={work / 'lib'}",
                f"--build-temp={work / 'temp'}",
            ],
        )
        shutil.rmtree(BUILD, ignore_errors=True)
        shutil.copytree(work / "lib", BUILD)
    record_build(digest, against)


def record_build(digest: str, against: list[Path]) -> None:
    """Write what `build_is_current` checks beside the compiled modules: the digest they were
    built from and the modules they were compiled against."""
    names = [path.relative_to(ROOT).as_posix() for path in against]
    DIGEST.write_text(json.dumps({"sha256": digest, "compiled_against": names}), encoding="utf-8")


def main() -> None:
    """Build unless the build is current."""
    if build_is_current():
        print("native: the compiled staging core is current")
        return
    build()
    print(f"native: compiled {len(compiled_sources())} modules into {BUILD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
