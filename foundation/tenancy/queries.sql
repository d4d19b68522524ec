-- name: OrganizationLockMembers :one
-- @optional
-- Serializes membership changes of one organization (the last-owner rule needs it): the
-- organization row, locked until the transaction ends; no row when there is none.
SELECT id FROM organizations WHERE id = @id FOR UPDATE;

-- name: MembershipActiveRole :one
-- @optional
-- The user's role in the organization while they are an active member.
SELECT role FROM organizations_users
WHERE user_id = @user_id AND organization_id = @organization_id AND removed_at IS NULL;

-- name: OrganizationOwnersCount :one
SELECT count(*)::int AS owners FROM organizations_users
WHERE organization_id = @organization_id AND role = 'owner' AND removed_at IS NULL;

-- name: MemberRoleUpdate :exec
-- The active member's new role (a custom role they had ends with it); `did` is the
-- history note, with the caller's address and the role before and after.
UPDATE organizations_users
SET role = @role,
    custom_role_id = NULL,
    storytime = storytime_event_detail(
        storytime, sqlc.arg(did)::text, sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz,
        sqlc.narg(client)::text,
        jsonb_build_object('role', jsonb_build_object('before', role, 'after', @role::text)))
WHERE organization_id = @organization_id AND user_id = @user_id AND removed_at IS NULL;

-- name: MemberRemove :exec
-- The active member leaves (the row stays, marked removed); `did` is the history note,
-- with the caller's address and the role the member had.
UPDATE organizations_users
SET custom_role_id = NULL,
    removed_at = sqlc.arg(now)::timestamptz,
    removed_by_user_id = sqlc.narg(removed_by_user_id),
    storytime = storytime_event_detail(
        storytime, sqlc.arg(did)::text, sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz,
        sqlc.narg(client)::text,
        jsonb_build_object('role', jsonb_build_object('before', role, 'after', NULL)))
WHERE organization_id = @organization_id AND user_id = @user_id AND removed_at IS NULL;
