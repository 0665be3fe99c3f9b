"""Identity matching (stage 5's core): plain records in, scored candidates and decisions out.

Pure: no database, ORM or HTTP. `identity_resolution_service.py` loads records, calls
`model_for_batch` (the model a batch is scored by: EM-estimated from a large enough batch, else
the default), `match_incoming` (incoming rows against existing clients) and
`cluster_within_batch` (duplicates inside one file, and the doubts among them), and turns the
outcomes into deltas and review decisions. The model is a Fellegi-Sunter one
(`match_model.yaml`, refinable with `estimate`); `engine.py`
holds the `LinkageEngine` protocol and the path to Splink for scale-out.
"""

from .clustering import cluster_within_batch
from .engine import InProcessEngine, LinkageEngine
from .estimation import ScoringModel, estimate, model_for_batch, scoring_model
from .model import MatchModel, default_match_model, load_match_model
from .nicknames import are_nicknames
from .records import (
    BatchCluster,
    BatchClustering,
    BatchLink,
    BatchReview,
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
    "BatchClustering",
    "BatchLink",
    "BatchReview",
    "Candidate",
    "Comparison",
    "Decision",
    "InProcessEngine",
    "LinkageEngine",
    "MatchModel",
    "MatchOutcome",
    "PersonRecord",
    "ScoringModel",
    "are_nicknames",
    "cluster_within_batch",
    "default_match_model",
    "estimate",
    "load_match_model",
    "match_incoming",
    "model_for_batch",
    "scoring_model",
    "splink_input_rows",
    "to_splink_settings",
]
