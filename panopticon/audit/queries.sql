-- name: AuditAppend :one
-- Append one entry to the admin audit log (in the transaction of the change it records).
INSERT INTO admin_audit_log (
    admin_user_id, actor, action, target_type, target, reason, diff, request_extid, client, at
) VALUES (
    sqlc.narg(admin_user_id), @actor, @action, @target_type, @target, @reason, @diff,
    sqlc.narg(request_extid), sqlc.narg(client), @at
)
RETURNING *;

-- name: AuditList :many
-- Audit entries, newest first, optionally of one admin, one target or one action, before
-- a cursor id.
SELECT * FROM admin_audit_log
WHERE (sqlc.narg(admin_user_id)::text IS NULL OR admin_user_id = sqlc.narg(admin_user_id))
  AND (sqlc.narg(target)::text IS NULL OR target = sqlc.narg(target))
  AND (sqlc.narg(action)::text IS NULL OR action = sqlc.narg(action))
  AND (sqlc.narg(before_id)::text IS NULL OR id < sqlc.narg(before_id))
ORDER BY id DESC
LIMIT @row_limit;
