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

-- name: AuditCopyToOrganizations :exec
-- The organization's copy of an admin audit entry (organization_audit_log), for every
-- organization it touched: the organization itself, each organization the target user is
-- an active member of, an invite's or a membership's organization.
INSERT INTO organization_audit_log (organization_id, admin_audit_extid, admin_user_id,
                                    admin_actor, action, target, reason, diff, client, at)
SELECT touched.organization_id, entry.id, entry.admin_user_id, entry.actor, entry.action,
       entry.target,
       entry.reason, entry.diff, entry.client, entry.at
FROM admin_audit_log AS entry,
LATERAL (
    SELECT o.id AS organization_id FROM organizations AS o WHERE o.id = entry.target
    UNION
    SELECT m.organization_id FROM organizations_users AS m
    WHERE (m.user_id = entry.target AND m.removed_at IS NULL) OR m.id = entry.target
    UNION
    SELECT i.organization_id FROM invites AS i WHERE i.id = entry.target
) AS touched
WHERE entry.id = @audit_id;
