"""Stages 1-4 of an import: ingest, mapping, normalization (see CONTRACTS.md)."""

from backend.native import use_build

use_build(__name__, __path__)  # the compiled staging core, where built (backend/native.py)
