"""The `blossom` CLI: the one root allowed to import every package."""
