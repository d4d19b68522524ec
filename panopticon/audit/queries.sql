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
-- Audit entries, newest first, optionally of one admin, one target, one action or a time
-- range [from_at, to_at), before a cursor id, with the target's name (a user's or an
-- organization's) and email (a user's).
SELECT
    admin_audit_log.id, admin_audit_log.at, admin_audit_log.admin_user_id,
    admin_audit_log.actor, admin_audit_log.action, admin_audit_log.target_type,
    admin_audit_log.target, admin_audit_log.reason, admin_audit_log.diff,
    admin_audit_log.request_extid, admin_audit_log.client,
    coalesce(target_users.name, target_organizations.name) AS target_name,
    target_users.email AS target_email
FROM admin_audit_log
LEFT JOIN users AS target_users ON target_users.id = admin_audit_log.target
LEFT JOIN organizations AS target_organizations
    ON target_organizations.id = admin_audit_log.target
WHERE (sqlc.narg(admin_user_id)::text IS NULL
       OR admin_audit_log.admin_user_id = sqlc.narg(admin_user_id))
  AND (sqlc.narg(target)::text IS NULL OR admin_audit_log.target = sqlc.narg(target))
  AND (sqlc.narg(action)::text IS NULL OR admin_audit_log.action = sqlc.narg(action))
  AND (sqlc.narg(from_at)::timestamptz IS NULL OR admin_audit_log.at >= sqlc.narg(from_at))
  AND (sqlc.narg(to_at)::timestamptz IS NULL OR admin_audit_log.at < sqlc.narg(to_at))
  AND (sqlc.narg(before_id)::text IS NULL OR admin_audit_log.id < sqlc.narg(before_id))
ORDER BY admin_audit_log.id DESC
LIMIT @row_limit;

-- name: AuditActions :many
-- Every action the audit log holds, in order: a skip scan of admin_audit_log_action_idx
-- (one index probe per distinct action, however long the log).
WITH RECURSIVE actions AS (
    (SELECT admin_audit_log.action FROM admin_audit_log ORDER BY admin_audit_log.action LIMIT 1)
    UNION ALL
    SELECT (
        SELECT later.action FROM admin_audit_log AS later
        WHERE later.action > actions.action ORDER BY later.action LIMIT 1
    )
    FROM actions WHERE actions.action IS NOT NULL
)
SELECT actions.action::text AS action FROM actions WHERE actions.action IS NOT NULL;

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
