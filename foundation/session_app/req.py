"""`SessionReq[In, ORM]`: the base of the request types of a session app.

An app subclasses it once per authorization level and declares the fields that level
guarantees, typed as precisely as the level allows (`session_id: str` where a session is
required, `str | None` where not); `from_auth` fills them from the caller's session.

    @dataclass(kw_only=True, eq=False)
    class UserReq(ProductReq[In]):
        session_id: str
        user: UserSummary

        @classmethod
        def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
            auth = require_session(auth)
            return {"session_id": auth.session_id, "user": auth.user}
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from database.xact import Conn, Q
from foundation.auth.sessions import Auth
from foundation.base.errors import ImpossibleError
from foundation.rpc.errors import UnauthorizedError
from foundation.rpc.req import Req

In = TypeVar("In")
ORM = TypeVar("ORM")
ORM_co = TypeVar("ORM_co", covariant=True)


class Opener(Protocol[ORM_co]):
    """Opens a transaction of one kind (customer with a fixed context, or admin)."""

    def __call__(
        self, *, within: Conn[Any] | None = None
    ) -> AbstractAsyncContextManager[Q[ORM_co]]: ...


@dataclass(kw_only=True, eq=False)
class SessionReq(Req[In], Generic[In, ORM]):
    """A call of a session app: the input, the transaction, and what the level guarantees."""

    _tx: Q[ORM] | None = field(repr=False)
    """The framework's transaction (None for `hold=False` routes): read it as `q`."""
    _opener: Opener[ORM] = field(repr=False)
    """Opens a transaction of this route's kind: call `transaction()`."""

    @property
    def q(self) -> Q[ORM]:
        """The call's transaction."""
        if self._tx is None:
            raise ImpossibleError(
                "this route runs without a transaction; use `async with req.transaction()`",
                route=self.route.name,
            )
        return self._tx

    def transaction(self) -> AbstractAsyncContextManager[Q[ORM]]:
        """A new transaction of the kind the route declares (customer with RLS, or admin),
        for `hold=False` routes doing slow work between short transactions."""
        return self._opener()

    @classmethod
    def from_auth(cls, auth: Auth | None) -> dict[str, Any]:
        """The level's fields from the caller's session (None: no valid session). Raise
        an `RPCError` when the session does not satisfy the level."""
        raise NotImplementedError(f"{cls.__name__} must define from_auth")


def require_session(auth: Auth | None) -> Auth:
    """`auth`, or `UnauthorizedError` without a session (signed-in levels' `from_auth`)."""
    if auth is None:
        raise UnauthorizedError()
    return auth
