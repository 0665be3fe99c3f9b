"""Errors as RFC 9457 problem details: the one place product errors meet HTTP."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from backend.cli.output import problem_of
from backend.errors import InvalidInput, VelocityError

PROBLEM_MEDIA_TYPE = "application/problem+json"
# A route's `responses` entry for an error answered as problem details (declared in OpenAPI).
PROBLEM = {"model": dict[str, object], "content": {PROBLEM_MEDIA_TYPE: {}}}


def problem_response(error: VelocityError) -> JSONResponse:
    """The JSON response for an error."""
    return JSONResponse(
        problem_of(error), status_code=error.http_status, media_type=PROBLEM_MEDIA_TYPE
    )


async def _velocity_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, VelocityError)
    return problem_response(error)


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}" for item in error.errors()
    ]
    return problem_response(InvalidInput("; ".join(problems), errors=problems))


def install_problem_handlers(app: FastAPI) -> None:
    """Map product errors and request validation errors to problem details."""
    app.add_exception_handler(VelocityError, _velocity_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
