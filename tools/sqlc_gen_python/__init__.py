"""sqlc-gen-python: the sqlc plugin that turns `queries.sql` files into typed asyncpg code.

Entry point `main.main` (console script `sqlc-gen-python`, or `python -m
tools.sqlc_gen_python`). See `main.py` for the sqlc.yaml setup and `generate.py` for
what is generated.
"""
