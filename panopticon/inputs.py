"""Input types shared by panopticon's RPCs: the `reason` every mutation takes, list
limits, and the opaque cursors of paginated lists.

A cursor names the last row of a page and the list it belongs to (`users`,
`organizations`, `audit`): base64url of `<list>:<row id>`. Anything else, including a
cursor of another list, is `InvalidCursorError`.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Protocol, TypeVar

from pydantic import Field, StringConstraints

from foundation.rpc.errors import RPCError

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
"""Why an admin makes a change: 3 to 500 characters after trimming; kept in the audit log."""

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
Limit = Annotated[int, Field(ge=1)]
"""Rows per page: 50 by default; larger values are capped at 200."""

SearchQuery = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
"""What an admin typed in a search box (trimmed; empty lists everything)."""

_ID = re.compile(r"^[a-z]{2,3}_[1-9A-HJ-NP-Za-km-z]{11}$")
NO_CURSOR = "~"
"""Sorts after every id (ids are ASCII letters, digits and `_`): `id < NO_CURSOR` is
every row, for the first page."""


@dataclass
class InvalidCursorError(RPCError):
    """The cursor is not one this list handed out; start again without it."""


def encode_cursor(kind: str, last_id: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None) -> str:
    """The row id a page continues before (`NO_CURSOR` for the first page)."""
    if cursor is None or cursor == "":
        return NO_CURSOR
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursorError() from None
    found_kind, _, last_id = raw.partition(":")
    if found_kind != kind or not _ID.match(last_id):
        raise InvalidCursorError()
    return last_id


class HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=HasId)


@dataclass(frozen=True)
class Page:
    """One page of a cursor-paginated list, newest first: query `before` (an id, or
    NO_CURSOR) with `fetch` rows, one more than shown, to know whether a next page exists.

        page = Page.of("audit", req.data.cursor, req.data.limit)
        rows = await q.orm.audit_page(before_id=page.before, row_limit=page.fetch, ...)
        return AuditListOut(entries=[... for r in page.shown(rows)], next_cursor=page.next(rows))
    """

    kind: str
    before: str
    limit: int

    @classmethod
    def of(cls, kind: str, cursor: str | None, limit: int) -> Page:
        """`InvalidCursorError` for a cursor this list did not hand out; `limit` capped."""
        return cls(kind=kind, before=decode_cursor(kind, cursor), limit=min(limit, MAX_LIMIT))

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


def like_pattern(text: str) -> str:
    """`%text%` for LIKE, lowercased, with LIKE's special characters escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
