"""Which days a backfill would still add: those some asset has no materialization of in
Dagster's instance."""

from __future__ import annotations

import asyncio

from dagster import DagsterInstance

from pipeline.analytics import ANALYTICS
from pipeline.run import materialize_days, unmaterialized_days
from pipeline.testing import claim_day


async def test_a_day_counts_as_done_once_every_asset_has_it() -> None:
    # Dagster's signature has an untyped settings dict.
    instance = DagsterInstance.ephemeral()  # pyright: ignore[reportUnknownMemberType]
    day = claim_day()
    other = claim_day()
    assert unmaterialized_days([day, other], instance=instance) == [day, other]
    one = [next(iter(ANALYTICS))]
    await asyncio.to_thread(materialize_days, [day], one, report=None, instance=instance)
    assert unmaterialized_days([day, other], instance=instance) == [day, other]
    await asyncio.to_thread(materialize_days, [day], [], report=None, instance=instance)
    assert unmaterialized_days([day, other], instance=instance) == [other]
