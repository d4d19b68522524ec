"""The Dagster data pipeline over the product database (to come)."""
