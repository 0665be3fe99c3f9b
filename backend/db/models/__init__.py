"""ORM models, one file per aggregate. Importing this package registers every table on `Base`."""

from backend.db.models.evidence import ImportBatch, RawFile, RawRow, StagedChunk, UnresolvedValue
from backend.db.models.graph import (
    Account,
    Client,
    ContactPoint,
    EntityLink,
    FieldValue,
    Interaction,
    Interest,
    Opportunity,
    SourceLink,
)
from backend.db.models.ledger import ApiToken, AuditEvent, ChangeLogEntry, ClientSnapshot
from backend.db.models.mapping import MappingManifestRow
from backend.db.models.review import Delta, MatchRejection, ReviewDecisionRow, Writeback

__all__ = [
    "Account",
    "ApiToken",
    "AuditEvent",
    "ChangeLogEntry",
    "Client",
    "ClientSnapshot",
    "ContactPoint",
    "Delta",
    "EntityLink",
    "FieldValue",
    "ImportBatch",
    "Interaction",
    "Interest",
    "MappingManifestRow",
    "MatchRejection",
    "Opportunity",
    "RawFile",
    "RawRow",
    "ReviewDecisionRow",
    "SourceLink",
    "StagedChunk",
    "UnresolvedValue",
    "Writeback",
]
