"""Errors as RFC 9457 problem details: the one place product errors meet HTTP. Besides the
product's own errors, this answers request validation errors, the router's 404 and 405 and any
unexpected failure as problem details with a stable `type`."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from backend.cli.output import problem_of
from backend.errors import (
    Conflict,
    FileTooLarge,
    Forbidden,
    InternalError,
    InvalidInput,
    MethodNotAllowed,
    NotFound,
    Unauthenticated,
    VelocityError,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"
# A route's `responses` entry for an error answered as problem details (declared in OpenAPI).
PROBLEM = {"model": dict[str, object], "content": {PROBLEM_MEDIA_TYPE: {}}}
#: The product error an HTTP status raised by the framework (not by our code) stands for.
HTTP_STATUS_ERRORS: dict[int, type[VelocityError]] = {
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    413: FileTooLarge,
}
logger = logging.getLogger(__name__)


def problem_response(error: VelocityError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON response for an error."""
    return JSONResponse(
        problem_of(error),
        status_code=error.http_status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
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


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    kind = HTTP_STATUS_ERRORS.get(error.status_code, InvalidInput)
    if error.status_code == 404:
        detail = f"There is no route {request.url.path}."
    elif error.status_code == 405:
        detail = f"{request.url.path} does not take {request.method}."
    else:
        detail = str(error.detail)
    problem = problem_of(kind(detail)) | {"status": error.status_code}
    return JSONResponse(
        problem,
        status_code=error.status_code,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=error.headers,
    )


async def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(InternalError("An unexpected error occurred; see the server log."))


def install_problem_handlers(app: FastAPI) -> None:
    """Map product errors, request validation errors, the router's HTTP errors and unexpected
    failures to problem details."""
    app.add_exception_handler(VelocityError, _velocity_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
