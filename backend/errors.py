"""The typed error hierarchy: each error has a stable code, mapped in one place to RFC 9457 problem
details (`backend/api/problems.py`) and in one place to CLI exit codes (`backend/cli/output.py`)."""

from __future__ import annotations

from typing import Any, ClassVar


class VelocityError(Exception):
    """Base of every error the product reports to a person."""

    code: ClassVar[str] = "velocity_error"
    title: ClassVar[str] = "Error"
    http_status: ClassVar[int] = 500

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(VelocityError):
    """The request or document is malformed or names something that cannot be."""

    code = "invalid_input"
    title = "Invalid input"
    http_status = 422


class UnreadableFile(VelocityError):
    """The uploaded file cannot be parsed into a table."""

    code = "unreadable_file"
    title = "Unreadable file"
    http_status = 422


class FileTooLarge(UnreadableFile):
    """The uploaded file is over the configured size limit."""

    code = "file_too_large"
    title = "File too large"
    http_status = 413


class BrokenProfile(VelocityError):
    """A source profile or policy file does not validate."""

    code = "broken_profile"
    title = "Broken configuration file"
    http_status = 500


class NotFound(VelocityError):
    """The named import, decision, client or profile does not exist."""

    code = "not_found"
    title = "Not found"
    http_status = 404


class Conflict(VelocityError):
    """The change cannot be made in the current state (already decided, newer data, ...)."""

    code = "conflict"
    title = "Conflict"
    http_status = 409


class Forbidden(VelocityError):
    """The caller's role does not allow this action."""

    code = "forbidden"
    title = "Forbidden"
    http_status = 403


class Unauthenticated(VelocityError):
    """No valid bearer token was presented."""

    code = "unauthenticated"
    title = "Unauthenticated"
    http_status = 401


class MethodNotAllowed(VelocityError):
    """The route exists but does not take this HTTP method."""

    code = "method_not_allowed"
    title = "Method not allowed"
    http_status = 405


class DatabaseUnavailable(VelocityError):
    """The configured database cannot be reached or used."""

    code = "database_unavailable"
    title = "Database unavailable"
    http_status = 503


class InternalError(VelocityError):
    """An unexpected failure; its details stay in the server log."""

    code = "internal_error"
    title = "Internal error"
    http_status = 500
