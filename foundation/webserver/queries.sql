-- name: DatabasePing :one
-- GET /ping's database check: one round trip on a pooled connection, no table read.
SELECT 1::integer AS ok;
