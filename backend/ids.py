"""Opaque, time-ordered ids with a type prefix (`cli_…`, `imp_…`, ...)."""

from __future__ import annotations

import secrets
import time


def new_id(prefix: str) -> str:
    """A new id: the prefix, the creation time in milliseconds and 48 random bits, in hex."""
    return f"{prefix}_{int(time.time() * 1000):012x}{secrets.token_hex(6)}"
