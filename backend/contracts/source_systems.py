"""The source systems of CONTRACTS.md section 1: where data came from. The one list of their names,
used by the source profiles (`services/imports/source_profiles.py`) and by the import's
`--system` option and `source_system` upload field (`services/imports/source_system_choice.py`).
"""

from __future__ import annotations

from typing import Final, Literal, get_args

#: The systems a file can come from: the CRMs, a hand-made `spreadsheet`, and `velocity` itself.
ImportSourceSystem = Literal[
    "salesforce",
    "hubspot",
    "pipedrive",
    "zoho",
    "dynamics365",
    "close",
    "copper",
    "freshsales",
    "zendesk_sell",
    "monday",
    "attio",
    "spreadsheet",
    "velocity",
]
#: Velocity's intelligence layer, whose proposals enter as writebacks, never as files.
WRITEBACK_SOURCE_SYSTEM: Final = "oracle"

IMPORT_SOURCE_SYSTEMS: Final[tuple[ImportSourceSystem, ...]] = get_args(ImportSourceSystem)
