"""Keyset pagination, the one implementation behind every list RPC of both apps.

A list RPC takes `cursor` and `limit` (`PageIn`'s fields) and answers one page and the
cursor of the next (`next_cursor`, null on the last page). Its query walks an index in id
order (ids are time-sortable: creation order) from the last id shown, so rows inserted or
deleted between two calls never repeat or skip the others.

A cursor names the list it belongs to and the last row shown: base64url of
`<list>:<row id>`. Anything else, including a cursor of another list, is
`InvalidCursorError`.

    page = Page.of("members", req.data.cursor, req.data.limit)
    rows = await q.orm.members_page(after_id=page.after, row_limit=page.fetch, ...)
    return MembersPage(items=[... for r in page.shown(rows)], next_cursor=page.next(rows))

A list newest first compares with `page.before` (`id < before`), one oldest first with
`page.after` (`id > after`).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Protocol, TypeVar

from pydantic import Field, StringConstraints

from foundation.base.base64url import b64url_decode, b64url_encode
from foundation.rpc.errors import RPCError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
Limit = Annotated[int, Field(ge=1)]
"""Rows per page: 50 by default; larger values are capped at 200."""

Cursor = Annotated[str, StringConstraints(max_length=200)]
"""The `next_cursor` of the previous page (opaque); none for the first page."""

_ID = re.compile(r"^[a-z]{2,3}_[1-9A-HJ-NP-Za-km-z]{11}$")
NO_CURSOR = "~"
"""Sorts after every id (ids are ASCII letters, digits and `_`): `id < NO_CURSOR` is
every row, for the first page of a list newest first."""
NO_CURSOR_AFTER = ""
"""Sorts before every id: `id > NO_CURSOR_AFTER` is every row, for the first page of a
list oldest first."""


@dataclass
class InvalidCursorError(RPCError):
    """The cursor is not one this list handed out; start again without it."""


@dataclass
class PageIn:
    """The input of a list RPC without filters: which page, how many rows."""

    cursor: Cursor | None = None
    """The `next_cursor` of the previous page; none for the first page."""
    limit: Limit = DEFAULT_LIMIT
    """Rows per page: 50 by default; larger values are capped at 200."""


def encode_cursor(kind: str, last_id: str) -> str:
    return b64url_encode(f"{kind}:{last_id}".encode())


def decode_cursor(kind: str, cursor: str | None, key: re.Pattern[str] = _ID) -> str | None:
    """The id of the last row of the previous page (None for the first page); `key`: what
    a list ordered by another key than the id (the admin console's users by email) holds
    instead."""
    if cursor is None or cursor == "":
        return None
    try:
        raw = b64url_decode(cursor).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursorError() from None
    found_kind, _, last_id = raw.partition(":")
    if found_kind != kind or not key.match(last_id):
        raise InvalidCursorError()
    return last_id


class HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=HasId)


@dataclass(frozen=True)
class Page:
    """One page of a keyset-paginated list: query from `before` / `after` with `fetch`
    rows, one more than shown, to know whether a next page exists."""

    kind: str
    last_id: str | None
    limit: int

    @classmethod
    def of(cls, kind: str, cursor: str | None, limit: int) -> Page:
        """`InvalidCursorError` for a cursor this list did not hand out; `limit` capped."""
        return cls(kind=kind, last_id=decode_cursor(kind, cursor), limit=min(limit, MAX_LIMIT))

    @property
    def before(self) -> str:
        """For a list newest first: `id < before`."""
        return NO_CURSOR if self.last_id is None else self.last_id

    @property
    def after(self) -> str:
        """For a list oldest first: `id > after`."""
        return NO_CURSOR_AFTER if self.last_id is None else self.last_id

    @property
    def fetch(self) -> int:
        return self.limit + 1

    def shown(self, rows: Sequence[R]) -> Sequence[R]:
        return rows[: self.limit]

    def next(self, rows: Sequence[R]) -> str | None:
        """The cursor of the next page, or None when this page is the last."""
        if len(rows) <= self.limit:
            return None
        return encode_cursor(self.kind, rows[self.limit - 1].id)
