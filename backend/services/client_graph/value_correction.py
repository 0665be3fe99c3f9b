"""An operator's correction of an invalid imported value (option `correct` of an `invalid_value`
decision): the typed value goes through the normalizer of the field's imported values, with the
context its cell was normalized with, and replaces the invalid change in canonical form. A value
that still does not normalize is refused, so nothing invalid is ever marked valid.

The corrected change keeps where it belongs (import, row, column) and its provenance says that a
person typed it: system `velocity` ("entered in Velocity", CONTRACTS.md section 1), transform
`operator_correction`, and the typed text as its raw value (the source's own raw value stays in
the raw evidence and in the decision's evidence). The context is looked up by the caller; this
module takes and returns plain values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from backend.errors import InvalidInput
from backend.services.imports.normalizers.base import (
    NormalizedValue,
    doubt_of,
    written_part,
)
from backend.services.imports.normalizers.registry import (
    KNOWN_TRANSFORMS,
    NormalizeContext,
    normalize_value,
)
from backend.services.imports.targets import KEPT_APART, TARGET_TRANSFORMS

CORRECTION_SYSTEM: Final = "velocity"
CORRECTION_TRANSFORM: Final = "operator_correction"


def _transform_of(change: Mapping[str, Any], target: str) -> str:
    """The normalizer the change's value came through (its provenance names it)."""
    transform = (change.get("provenance") or {}).get("transform")
    if transform in KNOWN_TRANSFORMS:
        return str(transform)
    if target in TARGET_TRANSFORMS:
        return TARGET_TRANSFORMS[target]
    raise InvalidInput(f"{target} cannot be corrected: no normalizer is known for it.")


def _normalized(
    target: str, transform: str, typed: str, context: NormalizeContext
) -> NormalizedValue:
    """The typed value's normal form, or InvalidInput naming what is still wrong with it (the
    same rule as an imported cell: a value with a reason, none from non-blank text, or a reading
    without confidence)."""
    result = normalize_value(transform, typed, context)
    problem = doubt_of(result)
    if problem is None:
        return result
    raise InvalidInput(
        f"The corrected value {typed!r} for {target} is not valid either ({problem}); "
        "type another value, or keep the raw one.",
        field=target,
        value=typed,
    )


def _corrected_provenance(
    change: Mapping[str, Any], typed: str, confidence: float
) -> dict[str, Any]:
    return {
        **(change.get("provenance") or {}),
        "system": CORRECTION_SYSTEM,
        "raw_value": typed,
        "transform": CORRECTION_TRANSFORM,
        "confidence": confidence,
    }


def _kept_apart(
    target: str, typed: str, result: NormalizedValue, changes: Sequence[Mapping[str, Any]]
) -> dict[str, str]:
    """The parts the corrected value keeps apart (a phone's extension, an amount's currency) that
    the delta does not state yet, by field; a part that disagrees with the row's own is refused."""
    parts: dict[str, str] = {}
    for key, part_target in KEPT_APART.get(target, {}).items():
        part = written_part(result.extra, key)
        if part is None:
            continue
        name = part_target.split(".", 1)[1]
        stated = next((c for c in changes if c["field"] == name), None)
        if stated is None:
            parts[name] = part
        elif not stated.get("valid", True) or stated.get("new") != part:
            shown = stated.get("new") or (stated.get("provenance") or {}).get("raw_value")
            raise InvalidInput(
                f"The corrected value {typed!r} for {target} names {key} {part}, but the row's "
                f"{name} is {shown!r}; type the value without its {key}.",
                field=target,
                value=typed,
            )
    return parts


def corrected_changes(
    changes: Sequence[Mapping[str, Any]],
    *,
    entity: str,
    field: str,
    typed: str,
    context: NormalizeContext,
) -> list[dict[str, Any]]:
    """A delta's changes with `field` set to the typed value's canonical form (and the parts it
    keeps apart added as fills of their own fields); InvalidInput when it does not normalize."""
    target = f"{entity}.{field}"
    corrected: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    for change in changes:
        if change["field"] != field:
            corrected.append(dict(change))
            continue
        result = _normalized(target, _transform_of(change, target), typed, context)
        provenance = _corrected_provenance(change, typed, result.confidence)
        corrected.append({**change, "new": result.value, "valid": True, "provenance": provenance})
        added.extend(
            {
                "field": name,
                "old": None,
                "new": part,
                "provenance": provenance,
                "valid": True,
                "alternative": False,
            }
            for name, part in _kept_apart(target, typed, result, changes).items()
        )
    return corrected + added
