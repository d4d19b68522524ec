"""Typed API errors: what an RPC may answer instead of its output.

Each error is a `@dataclass` subclass of `RPCError`; its fields are the data the client
receives. On the wire:

    HTTP <status>  {"error": "<ClassName>", "data": {<fields>}}

    @dataclass
    class EmailTakenError(RPCError):
        email: str

    @route("user_create", errors=(EmailTakenError,))
    async def user_create(req: Req[UserCreateIn]) -> UserOut:
        raise EmailTakenError(email=req.data.email)

A route declares the errors it raises; the standard errors below may come from any
route. An `RPCError` that is neither declared nor standard is a bug: the client gets
`UnknownError` and the log gets the details.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic_core import to_jsonable_python

from foundation.base.errors import BaseError


class RPCError(Exception):
    """Base of every typed API error; subclasses are dataclasses whose fields are the data."""

    status: ClassVar[int] = 400

    def data(self) -> dict[str, Any]:
        """The error's fields as JSON-compatible values."""
        if not dataclasses.is_dataclass(self):
            return {}
        raw = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return to_jsonable_python(raw)

    def to_json(self) -> dict[str, Any]:
        """The response body: `{"error": "<ClassName>", "data": {...}}`."""
        return {"error": type(self).__name__, "data": self.data()}

    def __str__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.data().items())
        return f"{type(self).__name__}({fields})"


class RouteDefinitionError(BaseError):
    """A route or router is defined wrongly; raised at import or start-up, never per request."""


@dataclass
class InputValidationError(RPCError):
    """The input does not match the route's input type: one message per failing field.

    Keys are dotted paths (`email`, `items.0.name`); `__root__` means the whole input.
    """

    fields: dict[str, str]


@dataclass
class ServerJSONDeserializeError(RPCError):
    """The request body is not valid JSON."""

    message: str


@dataclass
class UnauthorizedError(RPCError):
    """The caller is not signed in (or may not call this route)."""

    status: ClassVar[int] = 401


@dataclass
class RPCNotFoundError(RPCError):
    """No RPC has this name."""

    status: ClassVar[int] = 404
    name: str


@dataclass
class MethodNotAllowedError(RPCError):
    """The RPC exists but answers another HTTP method (listed in `allowed`)."""

    status: ClassVar[int] = 405
    allowed: list[str]


@dataclass
class RequestTimeoutError(RPCError):
    """The request body did not arrive within `timeout_seconds`."""

    status: ClassVar[int] = 408
    timeout_seconds: float


@dataclass
class RequestTooLargeError(RPCError):
    """The request body is larger than the configured limit."""

    status: ClassVar[int] = 413
    max_bytes: int


@dataclass
class UnsupportedMediaTypeError(RPCError):
    """A POST body must be `Content-Type: application/json`."""

    status: ClassVar[int] = 415
    expected: str


@dataclass
class RPCTimeoutError(RPCError):
    """The handler did not finish within its timeout."""

    status: ClassVar[int] = 504
    timeout_seconds: float


@dataclass
class ServiceUnavailableError(RPCError):
    """The server is too busy right now (the database unreachable or busy, or too many
    passwords being hashed); nothing was changed. Retry after `retry_after_seconds` (also
    sent as the `Retry-After` header)."""

    status: ClassVar[int] = 503
    retry_after_seconds: int


@dataclass
class DatabaseReadOnlyError(ServiceUnavailableError):
    """The database this server reached only reads right now (a read replica, or a
    primary being failed over); nothing was changed. Retry after `retry_after_seconds`
    (also sent as the `Retry-After` header)."""


@dataclass
class UnknownError(RPCError):
    """Something went wrong on our side; the log has the details under `request_id`."""

    status: ClassVar[int] = 500
    request_id: str


STANDARD_ERRORS: tuple[type[RPCError], ...] = (
    InputValidationError,
    ServerJSONDeserializeError,
    UnauthorizedError,
    RPCNotFoundError,
    MethodNotAllowedError,
    RequestTimeoutError,
    RequestTooLargeError,
    UnsupportedMediaTypeError,
    RPCTimeoutError,
    ServiceUnavailableError,
    DatabaseReadOnlyError,
    UnknownError,
)
"""Errors any route may answer without declaring them."""
