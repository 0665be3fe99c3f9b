"""The source system an operator names for an import (CONTRACTS.md section 8: `import FILE
--system NAME`, the upload's `source_system` field or its alias `system`). The name must be one of
the contract's source systems (`backend/contracts/source_systems.py`), checked before anything is
stored, so that a typo never becomes the system of a batch's source links and provenance. Case,
spaces, hyphens and underscores are forgiven ("Zendesk Sell" is `zendesk_sell`, "Dynamics 365" is
`dynamics365`); `oracle` is refused, since the intelligence layer's proposals enter as writebacks,
not as files. It does not decide the system of an import that names none: that is the profile's
(`mapping_service`).
"""

from __future__ import annotations

import difflib
import re
from typing import Final

from backend.contracts.source_systems import (
    IMPORT_SOURCE_SYSTEMS,
    WRITEBACK_SOURCE_SYSTEM,
    ImportSourceSystem,
)
from backend.errors import InvalidInput

_SEPARATORS: Final = re.compile(r"[\s_\-]+")


def _spelling_key(name: str) -> str:
    return _SEPARATORS.sub("", name.casefold())


def _refusal(name: str, field: str, reason: str) -> InvalidInput:
    accepted = ", ".join(IMPORT_SOURCE_SYSTEMS)
    return InvalidInput(
        f"{reason}; {field} takes one of: {accepted}.",
        fields=[field],
        value=name,
        accepted=list(IMPORT_SOURCE_SYSTEMS),
    )


def import_source_system(name: str | None, *, field: str) -> ImportSourceSystem | None:
    """The source system `name` stands for (None when it is blank); `InvalidInput` naming the
    accepted systems when it is none of them. `field` is how the caller named the input."""
    if name is None or not name.strip():
        return None
    key = _spelling_key(name)
    for system in IMPORT_SOURCE_SYSTEMS:
        if key == _spelling_key(system):
            return system
    if key == WRITEBACK_SOURCE_SYSTEM:
        reason = (
            f"{name!r} is Velocity's intelligence layer, whose proposals enter as writebacks "
            "(`velocity-crm writeback FILE`, `POST /api/crm/writebacks`), not as imported files"
        )
        raise _refusal(name, field, reason)
    spelled = name.strip().casefold()
    close = difflib.get_close_matches(spelled, IMPORT_SOURCE_SYSTEMS, n=1, cutoff=0.75)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise _refusal(name, field, f"Unknown source system {name!r}{hint}")
