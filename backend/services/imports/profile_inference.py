"""Profile inference: which source profile describes a file, judged from its headers and values.

It owns the score of each profile against a file's columns: how much of the profile's header
signature (the distinctive headers of that export) is present, and how many of the file's
meaningful headers the profile knows, counting only those whose values do not contradict the
profile's target. A file with no vendor's signature, or too weak a score, is a generic spreadsheet.
It does not map columns (`mapping_proposal`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from backend.contracts.imports import ColumnStats
from backend.services.imports.header_matching import (
    column_header,
    fold_header,
    is_meaningless_header,
    profile_disposition,
    profile_target,
)
from backend.services.imports.source_profiles import (
    SPREADSHEET_PROFILE_KEY,
    ProfileRegistry,
    SourceProfile,
)
from backend.services.imports.value_patterns import values_contradict

#: Signature headers that count as full evidence of a vendor's export.
SIGNATURE_SATURATION: Final = 3
SIGNATURE_WEIGHT: Final = 0.5


def _explains(profile: SourceProfile, header: str, column: ColumnStats) -> bool:
    if profile_disposition(header, profile) is not None:
        return True
    target = profile_target(header, profile)
    return target is not None and not values_contradict(column, target)


def profile_score(profile: SourceProfile, columns: Sequence[ColumnStats]) -> float:
    """How well a profile describes these columns, in 0..1; 0 without any of its signature."""
    headers = [(column_header(column), column) for column in columns]
    meaningful = [
        (header, column) for header, column in headers if not is_meaningless_header(header)
    ]
    present = {fold_header(header) for header, _ in meaningful}
    hits = len({fold_header(label) for label in profile.header_signature} & present)
    if hits == 0:
        return 0.0
    explained = sum(1 for header, column in meaningful if _explains(profile, header, column))
    evidence = min(1.0, hits / SIGNATURE_SATURATION)
    return SIGNATURE_WEIGHT * evidence + (1 - SIGNATURE_WEIGHT) * explained / len(meaningful)


def infer_profile(
    columns: Sequence[ColumnStats], registry: ProfileRegistry, *, threshold: float = 0.5
) -> tuple[SourceProfile, float, bool]:
    """The best-fitting profile, its score and True (inferred); below `threshold`, the spreadsheet
    profile with the best vendor score (the evidence that was too weak to choose a vendor)."""
    scored = [(profile_score(profile, columns), profile) for profile in registry.all()]
    best_score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    if best is None or best_score < threshold:
        return registry.get(SPREADSHEET_PROFILE_KEY), round(best_score, 2), True
    return best, round(best_score, 2), True
