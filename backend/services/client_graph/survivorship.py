"""Survivorship: which of the values seen for a field the golden record shows.

The rule, per field (documented in docs/decisions/0002-survivorship.md):
1. A valid value fills an empty field.
2. A different non-empty value replaces the current one only through an approved overwrite
   (a `field_overwrite` decision, or an approved writeback that sets the field): the latest
   approved overwrite wins.
3. Everything else - invalid values (kept raw), values an operator chose not to use, values a
   batch repeated - is kept as an alternative with its provenance, never dropped.
"""

from __future__ import annotations

from typing import Any


def becomes_current(current: Any, incoming: Any, *, valid: bool, overwrite: bool) -> bool:
    """Whether an incoming value becomes the field's shown value."""
    if not valid or incoming is None:
        return False
    if current is None:
        return True
    return overwrite and incoming != current
