"""The daily analytics assets: one Dagster asset per table of `pipeline.analytics`,
partitioned by UTC day, each with its two checks run in the same step.

Materializing a partition replaces that day's rows in one transaction and then checks
them; a failing check is recorded in Dagster (the asset's "Checks" tab) and printed by
`blossom pipeline materialize`, and the rows stay (a check reports, it does not undo).
"""

import datetime
import warnings
from dataclasses import dataclass

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetsDefinition,
    AssetSpec,
    DailyPartitionsDefinition,
    MaterializeResult,
    PreviewWarning,
    asset,
)

from foundation.base.env import ENV
from pipeline.analytics import ANALYTICS, Analytics, CheckOutcome, check_day, fill_day
from pipeline.db import pipeline_transaction
from pipeline.resources import PostgresResource

GROUP = "analytics"


def daily_partitions() -> DailyPartitionsDefinition:
    """UTC days from PIPELINE_START_DATE up to yesterday (today is not over)."""
    return DailyPartitionsDefinition(
        start_date=ENV.pipeline_start_date.isoformat(), timezone="UTC", fmt="%Y-%m-%d"
    )


@dataclass(frozen=True)
class DayResult:
    rows: int
    checks: list[CheckOutcome]


async def materialize_day(analytics: Analytics, day: datetime.date) -> DayResult:
    """Replace the day's rows of one table and check them, in one transaction."""
    async with pipeline_transaction() as q:
        rows = await fill_day(q, analytics, day)
        checks = await check_day(q, analytics, day)
    return DayResult(rows=rows, checks=checks)


CHECK_NAMES = ("counts_match_sources", "every_key_present")

CHECK_DESCRIPTIONS = {
    "counts_match_sources": "The day's total in the table equals the same count made "
    "directly from the product tables it reads.",
    "every_key_present": "Every key (source, organization, app...) the product tables "
    "have for the day has its row in the table.",
}

SOURCE_GROUP = "product"

PRODUCT_TABLES = {
    "users": "Accounts: one row per user (the product's `users` table).",
    "organizations": "Organizations, with the inbound source of their signup.",
    "organizations_users": "Memberships: who belongs to which organization, with which role.",
    "invites": "Invitations to organizations: sent, accepted, revoked or expired.",
    "sessions": "Signed-in sessions of both apps (product and panopticon).",
    "login_failures": "Failed sign-in attempts, per app and client.",
}
"""The product tables the analytics read: source assets (Dagster's lineage graph shows
where each analytics table comes from); the product writes them, the pipeline only reads."""


def product_tables() -> list[AssetSpec]:
    return [
        AssetSpec(key=name, description=description, group_name=SOURCE_GROUP, kinds={"postgres"})
        for name, description in PRODUCT_TABLES.items()
    ]


def check_specs(
    analytics: Analytics, partitions: DailyPartitionsDefinition
) -> list[AssetCheckSpec]:
    """The table's two checks, partitioned like it: each result is stored with the day it
    checked (the evaluation's `partition`), so the UI shows a check's status per day and a
    failed day is not hidden by a later day's pass."""
    # Dagster 1.13 calls a partitioned check "preview" and warns at each definition (in every
    # process that loads the code location: webserver, daemon, each run). Used on purpose:
    # it is how an evaluation carries its partition; its API is pinned by
    # `pipeline/assets_test.py` and the webserver test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        return [
            AssetCheckSpec(
                name,
                asset=analytics.name,
                description=CHECK_DESCRIPTIONS[name],
                partitions_def=partitions,
            )
            for name in CHECK_NAMES
        ]


def analytics_asset(
    analytics: Analytics, partitions: DailyPartitionsDefinition
) -> AssetsDefinition:
    @asset(
        name=analytics.name,
        description=analytics.description,
        partitions_def=partitions,
        group_name=GROUP,
        kinds={"postgres"},
        deps=list(analytics.sources),
        check_specs=check_specs(analytics, partitions),
    )
    # Bare MaterializeResult: dagster reads this annotation, and a parametrized one on an asset
    # with checks is refused ("Expected Tuple annotation for multiple outputs").
    def materialize(  # pyright: ignore[reportUnknownParameterType]
        context: AssetExecutionContext, postgres: PostgresResource
    ) -> MaterializeResult:  # pyright: ignore[reportMissingTypeArgument]
        day = datetime.date.fromisoformat(context.partition_key)
        result = postgres.run(lambda: materialize_day(analytics, day))
        context.log.info(f"{analytics.name} {day}: {result.rows} rows")
        return MaterializeResult(
            metadata={"day": day.isoformat(), "rows": result.rows},
            check_results=[
                AssetCheckResult(
                    check_name=check.name,
                    passed=check.passed,
                    severity=AssetCheckSeverity.ERROR,
                    description=check.description,
                    metadata={
                        "day": day.isoformat(),
                        "expected": check.expected,
                        "found": check.found,
                    },
                )
                for check in result.checks
            ],
        )

    return materialize


def analytics_assets(partitions: DailyPartitionsDefinition) -> list[AssetsDefinition]:
    return [analytics_asset(a, partitions) for a in ANALYTICS.values()]
