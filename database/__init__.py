"""Everything Postgres: embedded server, pool, transactions, migrations, conventions."""
