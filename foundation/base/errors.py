"""Error hierarchy: every error we raise carries a lowercase message and keyword context.

    raise NotFoundError("user not found", user_id=uid)

`str(err)` renders the message followed by the context as key=value pairs, so logs
and tracebacks show both. Context values are never sent to API clients unless a
route declares them as fields of a typed RPC error.
"""

from __future__ import annotations

from typing import Any


class BaseError(Exception):
    """Root of every error raised by our code."""

    message: str
    context: dict[str, Any]

    def __init__(self, message: str, **context: Any) -> None:
        if message[:1] != message[:1].lower():
            raise ValueError(f"error messages start lowercase: {message!r}")
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        if not self.context:
            return self.message
        pairs = " ".join(f"{k}={v!r}" for k, v in self.context.items())
        return f"{self.message} ({pairs})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class NotFoundError(BaseError):
    """A row or object that was asked for does not exist (or is invisible under RLS)."""


class ConfigurationError(BaseError):
    """The environment or a configuration file is missing or malformed."""


class ImpossibleError(BaseError):
    """A state the code believes cannot happen; reaching it is a bug."""


class InvalidInputError(BaseError):
    """A value given to a function does not have the required form."""


class DatabaseUnavailableError(BaseError):
    """Postgres could not be started or reached."""
