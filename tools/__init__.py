"""Developer tooling: lock maintenance, codegen (sqlc plugin, RPC -> TypeScript)."""
