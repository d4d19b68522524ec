"""Errors of the external services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from foundation.base.errors import BaseError
from foundation.rpc.errors import RPCError


@dataclass
class ExternalServiceNotConfiguredError(RPCError):
    """The feature needs an external service this deployment has not configured (e.g. no
    LLM_API_KEY): an operator has to set it up; retrying will not help."""

    status: ClassVar[int] = 501
    service: str


@dataclass
class ExternalServiceFailedError(RPCError):
    """The external service behind this feature failed even after retries; try again
    later."""

    status: ClassVar[int] = 502
    service: str


class ExternalServiceError(BaseError):
    """A call to an external service failed (after its retries), or its answer was not
    what the API promises. Callers catch this one (a missing test recording is not one)."""


class MissingRecordingError(BaseError):
    """A test made an LLM call that has no recorded response."""
