"""`blossom codegen db`: schema.sql and the sqlc-generated query code."""
