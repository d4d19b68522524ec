"""The typed errors of authentication, shared by both apps' routes."""

from __future__ import annotations

from dataclasses import dataclass

from foundation.rpc.errors import RPCError


@dataclass
class InvalidCredentialsError(RPCError):
    """Wrong email or password (also: unfinished signup, disabled user, not an admin)."""


@dataclass
class TooManyAttemptsError(RPCError):
    """Too many attempts (failed logins for this email, or a rate limit of this action);
    try again after `retry_after_seconds`."""

    retry_after_seconds: int


@dataclass
class WeakPasswordError(RPCError):
    """The password is too easy to guess; `reason` says why."""

    reason: str
