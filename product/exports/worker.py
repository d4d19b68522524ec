"""The export worker: builds the zips of pending exports, stores them, emails the link.

    await build_pending()          # every pending export now; the number built
    blossom product exports work   # a loop (`--once`: one pass); `blossom dev` runs it

An export is claimed with `FOR UPDATE SKIP LOCKED` in an admin transaction (two workers
never build one twice), then read **inside a customer transaction of the requester**
(`DB.xact_customer(user=..., organization=...)`: role `customer`, the RLS context of the
user, and of the organization for an organization export). The export queries have no
tenant condition of their own: RLS alone decides what they see, so an export can never
hold another tenant's rows. An organization export is built only while its requester is
still an owner (read in that transaction). The zip (one JSON file per table, plus
`README.txt`, the data dictionary made from the columns' documentation) is stored in
`data_exports.archive` with the "export ready" email queued in the same transaction;
it can be downloaded for `LIFETIME`, then each pass erases its bytes.
"""

from __future__ import annotations

import asyncio
import datetime
import io
import json
import zipfile

from foundation.base.clock import CLOCK
from foundation.base.logs import get_logger
from foundation.base.observability.errors import report_error
from foundation.email.links import EXPORTS, product_page
from foundation.email.outbox import queue_email
from product.db import DB, xact_admin
from product.exports.tables import ExportedTable, ScopeEnum, exported

LIFETIME = datetime.timedelta(days=7)
POLL_SECONDS = 10.0

log = get_logger()


class RequesterNotOwnerError(Exception):
    """The requester of an organization export is no longer its owner: nothing is built."""


async def build_pending() -> int:
    """Build every pending export (and erase the expired ones' zips); how many were built."""
    built = 0
    while await build_next() is not None:
        built += 1
    async with xact_admin() as q:
        await q.orm.data_exports_erase(now=CLOCK.now())
    return built


async def build_next() -> str | None:
    """Claim the oldest pending export, build it, store it and queue its email; its id (None
    when none is pending). A failure marks it failed (the user may ask again)."""
    async with xact_admin() as q:
        job = await q.orm.data_export_claim()
        if job is None:
            return None
        now = CLOCK.now()
        try:
            archive = await build_archive(job.user_id, job.organization_id, now)
        except Exception as exc:  # any failure is this export's: the next ones still run
            report_error(exc, "data export failed", export_id=job.id)
            await q.orm.data_export_fail(id=job.id, now=now, reason=type(exc).__name__)
            return job.id
        expires_at = now + LIFETIME
        await q.orm.data_export_store(
            id=job.id, now=now, expires_at=expires_at, archive=archive, size_bytes=len(archive)
        )
        await queue_email(
            q,
            to=job.email,
            kind="export_ready",
            user_id=job.user_id,
            values={
                "organization": job.organization_name or "",
                "expires_at": expires_at,
                "link": product_page(EXPORTS),
            },
        )
        log.info("data export built", export_id=job.id, size_bytes=len(archive))
        return job.id


async def build_archive(user_id: str, organization_id: str | None, now: datetime.datetime) -> bytes:
    """The zip of the user's account (`organization_id` None) or of the organization, read
    in the requester's customer transaction."""
    scope: ScopeEnum = "account" if organization_id is None else "organization"
    tables = exported(scope)
    async with DB.xact_customer(user=user_id, organization=organization_id) as q:
        if organization_id is not None:
            role = await q.orm.membership_active_role(
                user_id=user_id, organization_id=organization_id
            )
            if role != "owner":
                raise RequesterNotOwnerError(organization_id)
        contents = {
            table.table: await table.read(q.orm, sorted(table.excluded)) for table in tables
        }
        docs = await q.orm.export_column_docs(tables=[table.table for table in tables])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        described: dict[str, list[tuple[str, str, str]]] = {}
        for doc in docs:
            described.setdefault(doc.table_name, []).append(
                (doc.column_name, doc.data_type, doc.description)
            )
        archive.writestr("README.txt", readme(scope, now, tables, described))
        for table in tables:
            archive.writestr(
                f"{table.table}.json",
                json.dumps(contents[table.table], indent=2, ensure_ascii=False, sort_keys=True),
            )
    return buffer.getvalue()


def readme(
    scope: ScopeEnum,
    now: datetime.datetime,
    tables: tuple[ExportedTable, ...],
    columns: dict[str, list[tuple[str, str, str]]],
) -> str:
    """The data dictionary: what each file holds, column by column, and what was left out."""
    what = "your account" if scope == "account" else "your organization"
    lines = [
        f"Data export of {what}, made {now.isoformat(timespec='seconds')}.",
        "",
        "Each TABLE.json file is a JSON array with one object per row; times are ISO 8601",
        "in UTC. Secrets and hashes (passwords, codes, sealed secrets) are left out.",
        "",
    ]
    for table in tables:
        lines += [f"{table.table}.json", "=" * len(f"{table.table}.json")]
        for name, data_type, description in columns.get(table.table, []):
            if name not in table.excluded:
                lines.append(f"  {name} ({data_type}): {description}")
        for name, reason in sorted(table.excluded.items()):
            lines.append(f"  (left out) {name}: {reason}")
        lines.append("")
    return "\n".join(lines)


async def work(*, once: bool = False, poll_seconds: float = POLL_SECONDS) -> None:
    """Build pending exports every `poll_seconds` (one pass with `once`)."""
    while True:
        built = await build_pending()
        if built:
            log.info("data exports built", count=built)
        if once:
            return
        await asyncio.sleep(poll_seconds)
