"""Request dependencies: the runtime held by the app."""

from __future__ import annotations

from fastapi import Request

from backend.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """The runtime created by `create_app`."""
    runtime = request.app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime
