"""The analytics' declared sources (Dagster's lineage) are the product tables their fill
queries read."""

from __future__ import annotations

import re

from foundation.base.paths import REPO_ROOT
from pipeline.analytics import ANALYTICS
from pipeline.assets import PRODUCT_TABLES

QUERIES = REPO_ROOT / "pipeline" / "queries.sql"


def _fill_queries() -> dict[str, str]:
    """Each `...Fill` query's text by the snake_case name of its table."""
    blocks = QUERIES.read_text().split("-- name: ")[1:]
    fills: dict[str, str] = {}
    for block in blocks:
        name = block.split()[0]
        if name.endswith("Fill"):
            table = re.sub(r"(?<!^)([A-Z])", r"_\1", name.removesuffix("Fill")).lower()
            fills[table] = block
    return fills


def test_sources_are_the_product_tables_each_fill_query_reads() -> None:
    fills = _fill_queries()
    assert set(fills) == set(ANALYTICS)
    for name, analytics in ANALYTICS.items():
        read = set(re.findall(r"(?:FROM|JOIN)\s+([a-z_]+)", fills[name]))
        assert set(analytics.sources) == read & set(PRODUCT_TABLES), name
    used = {source for a in ANALYTICS.values() for source in a.sources}
    assert used == set(PRODUCT_TABLES)
