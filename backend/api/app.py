"""The FastAPI application factory: no import-time side effects, everything built from settings.
Serves the built UI (`app/dist`) at `/` when it exists; paths under `/api/` are never the UI's, so
an unknown API route is a 404 problem and a known one with the wrong method a 405 problem."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.convertors import Convertor, register_url_convertor

from backend.api import (
    routes_crm_auth,
    routes_crm_clients,
    routes_crm_imports,
    routes_crm_review,
)
from backend.api.problems import install_problem_handlers
from backend.runtime import open_runtime
from backend.settings import Settings

UI_DIST = Path(__file__).resolve().parents[2] / "app" / "dist"


class UiPath(Convertor[str]):
    """A path the UI serves: anything but `api` and what lies below it."""

    regex = r"(?!api(?:/|$)).*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API on the configured database (migrated to head)."""
    app = FastAPI(
        title="Velocity CRM Import and Client 360",
        version="0.1.0",
        description="Import CRM exports into one canonical client graph, under operator review.",
    )
    runtime = open_runtime(settings or Settings())
    _ = runtime.policy  # a broken policy file stops the server before it takes requests
    app.state.runtime = runtime
    install_problem_handlers(app)
    app.include_router(routes_crm_auth.router)
    app.include_router(routes_crm_imports.router)
    app.include_router(routes_crm_review.router)
    app.include_router(routes_crm_clients.router)
    if (UI_DIST / "index.html").exists():
        app.mount("/assets", StaticFiles(directory=UI_DIST / "assets"), name="assets")

        register_url_convertor("ui_path", UiPath())

        @app.get("/{path:ui_path}", include_in_schema=False)
        def ui(path: str) -> FileResponse:
            """The single-page UI (every non-API path serves index.html)."""
            candidate = UI_DIST / path
            if path and candidate.is_file() and UI_DIST in candidate.resolve().parents:
                return FileResponse(candidate)
            return FileResponse(UI_DIST / "index.html")

    return app
