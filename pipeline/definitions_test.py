from dagster import Definitions

from pipeline.analytics import ANALYTICS
from pipeline.assets import PRODUCT_TABLES
from pipeline.definitions import defs


def test_the_definitions_load_and_validate() -> None:
    Definitions.validate_loadable(defs)
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert keys == set(ANALYTICS) | set(PRODUCT_TABLES)  # the product tables: source assets
    assert {s.name for s in repository.schedule_defs} == {
        "daily_analytics_schedule",
        "housekeeping_schedule",
    }
    assert {j.name for j in repository.get_all_jobs()} >= {"daily_analytics", "housekeeping_job"}
    checks = {
        (key.asset_key.to_user_string(), key.name)
        for key in repository.asset_graph.asset_check_keys
    }
    assert len(checks) == 2 * len(ANALYTICS)
