"""The FastAPI application factory: no import-time side effects, everything built from settings."""

from __future__ import annotations

from fastapi import FastAPI

from backend.api import routes_crm_imports
from backend.api.problems import install_problem_handlers
from backend.runtime import open_runtime
from backend.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API on the configured database (migrated to head)."""
    app = FastAPI(
        title="Velocity CRM Import and Client 360",
        version="0.1.0",
        description="Import CRM exports into one canonical client graph, under operator review.",
    )
    app.state.runtime = open_runtime(settings or Settings())
    install_problem_handlers(app)
    app.include_router(routes_crm_imports.router)
    return app
