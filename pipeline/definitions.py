"""The pipeline's Dagster code location: `dagster-webserver -m pipeline.definitions`
(`blossom pipeline dev|webserver|daemon`; `uv run just pipeline`).

Assets: the four daily analytics tables (`pipeline.assets`, each with two checks), and
the product tables they read as source assets (lineage; never materialized here).
Jobs: `daily_analytics` (the assets, one UTC day per run), `housekeeping_job`.
Schedules: the analytics at 00:30 UTC with catch-up of missed days, housekeeping hourly.
Resources: `postgres` (the product database through the project's pool). Loggers: the
runs' lines go through Blossom's logging (`pipeline.logger`: JSON in production).
"""

from __future__ import annotations

from dagster import Definitions

from pipeline.assets import analytics_assets, daily_partitions, product_tables
from pipeline.logger import LOGGERS
from pipeline.resources import PostgresResource
from pipeline.schedules import (
    analytics_job,
    daily_schedule,
    housekeeping_job,
    housekeeping_schedule,
)


def build_definitions() -> Definitions:
    partitions = daily_partitions()
    daily_job = analytics_job()
    return Definitions(
        assets=[*product_tables(), *analytics_assets(partitions)],
        jobs=[daily_job, housekeeping_job],
        schedules=[daily_schedule(partitions, daily_job), housekeeping_schedule(housekeeping_job)],
        resources={"postgres": PostgresResource()},
        loggers=LOGGERS,
    )


defs = build_definitions()
