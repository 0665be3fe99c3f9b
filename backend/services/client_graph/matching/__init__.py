"""Identity matching (stage 5's core): plain records in, scored candidates and decisions out.

Pure: no database, ORM or HTTP. `identity_resolution_service.py` loads records, calls
`match_incoming` (incoming rows against existing clients) and `cluster_within_batch`
(duplicates inside one file), and turns the outcomes into deltas and review decisions. The
model is a Fellegi-Sunter one (`match_model.yaml`, refinable with `estimate`); `engine.py`
holds the `LinkageEngine` protocol and the path to Splink for scale-out.
"""

from .clustering import cluster_within_batch
from .engine import InProcessEngine, LinkageEngine
from .estimation import estimate
from .model import MatchModel, default_match_model, load_match_model
from .nicknames import are_nicknames
from .records import (
    BatchCluster,
    BatchLink,
    Candidate,
    Comparison,
    Decision,
    MatchOutcome,
    PersonRecord,
)
from .resolve import match_incoming
from .splink_settings import splink_input_rows, to_splink_settings

__all__ = [
    "BatchCluster",
    "BatchLink",
    "Candidate",
    "Comparison",
    "Decision",
    "InProcessEngine",
    "LinkageEngine",
    "MatchModel",
    "MatchOutcome",
    "PersonRecord",
    "are_nicknames",
    "cluster_within_batch",
    "default_match_model",
    "estimate",
    "load_match_model",
    "match_incoming",
    "splink_input_rows",
    "to_splink_settings",
]
