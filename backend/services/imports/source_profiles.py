"""Source profiles: data files that describe one source system's export of one object.

This module owns the `SourceProfile` model (header signature, column labels and their targets,
labels to ignore or to leave unresolved, vocabularies, date order and defaults), the strict reading
of profile files (YAML validated on load, so that a typo in a target or a vocabulary is an error
naming the file and the field path, never a silent mis-mapping) and the `ProfileRegistry` that
merges the built-in profiles with an operator's directory, where a file with the same key overrides
the built-in one. It does not match headers (`header_matching`) nor choose a profile for a file
(`profile_inference`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from backend.contracts.source_systems import ImportSourceSystem
from backend.errors import BrokenProfile, NotFound
from backend.services.imports.targets import CANONICAL_ENUMS, is_known_target

BUILTIN_PROFILES_DIR = Path(__file__).with_name("source_profiles")
SPREADSHEET_PROFILE_KEY = "spreadsheet"

ProfileObject = Literal["client", "account", "opportunity", "interaction"]
DateOrder = Literal["mdy", "dmy", "ymd"]


def _known_target(target: str) -> str:
    if not is_known_target(target):
        raise ValueError(f"unknown target {target!r}")
    return target


def _enum_target(target: str) -> str:
    if target not in CANONICAL_ENUMS:
        raise ValueError(f"{target!r} has no canonical vocabulary")
    return target


Target = Annotated[str, AfterValidator(_known_target)]
EnumTarget = Annotated[str, AfterValidator(_enum_target)]


class SourceProfile(BaseModel):
    """One source system's export of one object, as read from a profile file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    system: ImportSourceSystem
    #: The row's primary entity; other entities a row names are linked to it.
    object: ProfileObject
    label: str = Field(min_length=1)
    #: Where the labels come from (vendor documentation pages).
    sources: list[str] = Field(default_factory=list)
    #: Headers distinctive of this export, for profile inference.
    header_signature: list[str] = Field(default_factory=list)
    id_column: str | None = None
    #: Header label -> target; several labels may name one target.
    columns: dict[str, Target] = Field(default_factory=dict)
    #: Labels that carry nothing for us (checksums, derived values, counters).
    ignore: list[str] = Field(default_factory=list)
    #: Labels that carry data with no canonical target: left to the operator, never guessed.
    unresolved: list[str] = Field(default_factory=list)
    #: Enum target -> {raw label: canonical value}.
    vocabularies: dict[EnumTarget, dict[str, str]] = Field(default_factory=dict)
    date_order: DateOrder | None = None
    default_region: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    default_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    #: Target -> constant every row implies (a leads export implies `client.lifecycle_stage: lead`).
    default_values: dict[Target, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_consistency(self) -> SourceProfile:
        problems = [*self._vocabulary_problems(), *self._label_problems()]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _vocabulary_problems(self) -> Iterable[str]:
        for target, vocabulary in self.vocabularies.items():
            allowed = CANONICAL_ENUMS[target]
            for raw, canonical in vocabulary.items():
                if canonical not in allowed:
                    yield (
                        f"vocabularies.{target}.{raw}: {canonical!r} is not one of "
                        f"{', '.join(allowed)}"
                    )
        for target, value in self.default_values.items():
            if target in CANONICAL_ENUMS and value not in CANONICAL_ENUMS[target]:
                yield f"default_values.{target}: {value!r} is not a canonical value"

    def _label_problems(self) -> Iterable[str]:
        if self.id_column is not None and self.id_column not in self.columns:
            yield f"id_column: {self.id_column!r} is not one of the profile's columns"
        for name, labels in (("ignore", self.ignore), ("unresolved", self.unresolved)):
            for label in sorted(set(self.columns) & set(labels)):
                yield f"{name}: {label!r} is also mapped in columns"
        for label in sorted(set(self.ignore) & set(self.unresolved)):
            yield f"unresolved: {label!r} is also ignored"


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a mapping key given twice (YAML keeps the last silently)."""


def _construct_unique_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def read_yaml_file(path: Path) -> Any:
    """The parsed content of a configuration YAML file; a syntax error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BrokenProfile(f"{path}: cannot be read: {exc}", file=str(path)) from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise BrokenProfile(
            f"{path}: YAML syntax error{where}: {exc.problem or exc.context}", file=str(path)
        ) from exc
    except yaml.YAMLError as exc:
        raise BrokenProfile(f"{path}: YAML error: {exc}", file=str(path)) from exc


def describe_validation_error(error: ValidationError) -> str:
    """One readable line per failing field path of a Pydantic validation error."""
    lines = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {message}" if path else message)
    return "; ".join(lines)


def load_profile_file(path: Path) -> SourceProfile:
    """Read and validate one profile file; a problem raises `BrokenProfile` naming the file."""
    content = read_yaml_file(path)
    if not isinstance(content, dict):
        raise BrokenProfile(f"{path}: a source profile must be a YAML mapping", file=str(path))
    try:
        return SourceProfile.model_validate(content)
    except ValidationError as exc:
        raise BrokenProfile(f"{path}: {describe_validation_error(exc)}", file=str(path)) from exc


def _read_directory(directory: Path) -> dict[str, SourceProfile]:
    if not directory.is_dir():
        raise BrokenProfile(f"{directory}: source profile directory does not exist")
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    profiles: dict[str, SourceProfile] = {}
    origins: dict[str, Path] = {}
    for path in files:
        profile = load_profile_file(path)
        if profile.key in origins:
            raise BrokenProfile(
                f"{path}: key {profile.key!r} is already defined by {origins[profile.key]}",
                file=str(path),
            )
        profiles[profile.key] = profile
        origins[profile.key] = path
    return profiles


@functools.cache
def _builtin_profiles() -> tuple[SourceProfile, ...]:
    return tuple(_read_directory(BUILTIN_PROFILES_DIR).values())


class ProfileRegistry:
    """The source profiles known to this process, by key."""

    def __init__(self, profiles: Iterable[SourceProfile]) -> None:
        self._profiles = {profile.key: profile for profile in profiles}

    @classmethod
    def load(cls, extra_dir: Path | None = None) -> ProfileRegistry:
        """The built-in profiles, overridden or extended by the files of `extra_dir`."""
        profiles = {profile.key: profile for profile in _builtin_profiles()}
        if extra_dir is not None:
            profiles.update(_read_directory(extra_dir))
        return cls(profiles.values())

    def get(self, key: str) -> SourceProfile:
        """The profile with this key; `NotFound` when there is none."""
        try:
            return self._profiles[key]
        except KeyError:
            raise NotFound(f"no source profile {key!r}", key=key) from None

    def all(self) -> list[SourceProfile]:
        """Every profile, ordered by key."""
        return [self._profiles[key] for key in sorted(self._profiles)]
