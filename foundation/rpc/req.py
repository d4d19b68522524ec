"""`Req[In]`: what a handler receives — the validated input plus the request around it.

    @route("note_fetch", method="GET")
    async def note_fetch(req: Req[NoteFetchIn]) -> NoteOut:
        req.data.note_id          # the validated input
        req.cookies["session"]    # incoming cookies
        req.set_cookie("seen", "1", max_age=3600)

Upper layers subclass `Req` to add their own attributes (a transaction, the signed-in
user...) and build the subclass from the framework's request with `derive`, which keeps
the pending response cookies shared:

    @dataclass(kw_only=True, eq=False)
    class ProductReq(Req[In]):
        user: User

    product_req = req.derive(ProductReq, user=user)
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from foundation.base.env import ENV
from foundation.rpc.http import RequestHeaders
from foundation.rpc.spec import Route

In = TypeVar("In")
R = TypeVar("R", bound="Req[Any]")

SameSiteEnum = Literal["Lax", "Strict", "None"]


@dataclass(slots=True)
class CookieChange:
    """A cookie to set (or, with `delete`, to expire) on the response."""

    name: str
    value: str = ""
    max_age: int | datetime.timedelta | None = None
    expires: datetime.datetime | None = None
    http_only: bool = True
    secure: bool = True
    same_site: SameSiteEnum | None = "Lax"
    path: str = "/"
    delete: bool = False


@dataclass(kw_only=True, eq=False)
class Req(Generic[In]):
    """One RPC call: the validated input and the HTTP request it came in."""

    data: In
    request_id: str
    headers: RequestHeaders
    cookies: dict[str, str]
    client: str
    """The client's address (`client_address.py`; `""` when unknown)."""
    route: Route[Any, Any]
    cookie_changes: list[CookieChange] = field(default_factory=list[CookieChange], repr=False)
    """Applied to the response by the framework, for success and error responses alike."""
    after_success: list[Callable[[], Awaitable[None]]] = field(
        default_factory=list[Callable[[], Awaitable[None]]], repr=False
    )
    """Started in the background once the call succeeded (see `after_commit`)."""

    def after_commit(self, work: Callable[[], Awaitable[None]]) -> None:
        """Run `work()` once this call succeeded, its transaction committed, in the
        background: the response never waits for it, and a failed call never runs it
        (`foundation.rpc.background`)."""
        self.after_success.append(work)

    def set_cookie(
        self,
        name: str,
        value: str,
        *,
        max_age: int | datetime.timedelta | None = None,
        expires: datetime.datetime | None = None,
        http_only: bool = True,
        secure: bool | None = None,
        same_site: SameSiteEnum | None = "Lax",
        path: str = "/",
    ) -> None:
        """Set a cookie on the response. `secure` defaults to on outside development."""
        self.cookie_changes.append(
            CookieChange(
                name=name,
                value=value,
                max_age=max_age,
                expires=expires,
                http_only=http_only,
                secure=(not ENV.is_development) if secure is None else secure,
                same_site=same_site,
                path=path,
            )
        )

    def delete_cookie(self, name: str, *, path: str = "/") -> None:
        """Expire a cookie on the client."""
        self.cookie_changes.append(
            CookieChange(name=name, path=path, secure=not ENV.is_development, delete=True)
        )

    def derive(self, cls: type[R], **extra: Any) -> R:
        """A `cls` (a `Req` subclass) carrying this request's fields plus `extra`.

        The pending cookie changes are shared, so cookies set on either reach the response.
        """
        base = {name: getattr(self, name) for name in _REQ_FIELDS}
        return cls(**base, **extra)


_REQ_FIELDS = tuple(f.name for f in dataclasses.fields(Req) if f.init)
