-- name: DataExportRequest :one
-- @optional
-- A new pending export of the user's account (organization_id null) or of an organization;
-- nothing (null) when one is already pending (the partial unique indexes).
INSERT INTO data_exports (user_id, organization_id, storytime)
VALUES (@user_id, sqlc.narg(organization_id),
        storytime_event(NULL, 'requested', sqlc.arg(user_id)::text, now()))
ON CONFLICT DO NOTHING
RETURNING id, organization_id, created_at;

-- name: DataExportsList :many
-- One page of the user's exports, newest first, before `before_id` (never the archive
-- itself).
SELECT id, organization_id, created_at, ready_at, failed_at, expires_at, size_bytes,
       downloaded_at, archive IS NOT NULL AS available
FROM data_exports
WHERE user_id = @user_id AND id < @before_id
ORDER BY id DESC
LIMIT @row_limit;

-- name: DataExportFetch :one
-- @optional
-- One export by id, with its zip (the caller checks who asked for it).
SELECT id, user_id, organization_id, ready_at, failed_at, expires_at, archive
FROM data_exports
WHERE id = @id;

-- name: DataExportMarkDownloaded :exec
UPDATE data_exports
SET downloaded_at = @now,
    storytime = storytime_event(storytime, 'downloaded', sqlc.arg(user_id)::text, @now)
WHERE id = @id;

-- name: DataExportClaim :one
-- @optional
-- The oldest pending export, locked for the worker (SKIP LOCKED: two workers never build
-- the same one).
SELECT data_exports.id, data_exports.user_id, data_exports.organization_id,
       users.email, organizations.name AS organization_name
FROM data_exports
JOIN users ON users.id = data_exports.user_id
LEFT JOIN organizations ON organizations.id = data_exports.organization_id
WHERE data_exports.ready_at IS NULL AND data_exports.failed_at IS NULL
ORDER BY data_exports.id
LIMIT 1
FOR UPDATE OF data_exports SKIP LOCKED;

-- name: DataExportStore :exec
UPDATE data_exports
SET ready_at = @now, expires_at = @expires_at, archive = @archive, size_bytes = @size_bytes,
    storytime = storytime_event(storytime, 'built', NULL, @now)
WHERE id = @id;

-- name: DataExportFail :exec
UPDATE data_exports
SET failed_at = @now, storytime = storytime_event(storytime, 'failed: ' || @reason::text, NULL, @now)
WHERE id = @id;

-- name: DataExportsErase :execrows
-- Erase the zips of expired exports (the rows stay, for the list).
UPDATE data_exports
SET archive = NULL, storytime = storytime_event(storytime, 'erased (expired)', NULL, @now)
WHERE expires_at <= @now AND archive IS NOT NULL;

-- name: ExportColumnDocs :many
-- The documentation of the exported tables' columns (COMMENT ON COLUMN): the data
-- dictionary of the zip.
SELECT c.relname::text AS table_name, a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod)::text AS data_type,
       coalesce(col_description(c.oid, a.attnum), '')::text AS description
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relname = ANY(sqlc.arg(tables)::text[])
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum;

-- name: ExportUsers :many
-- Each Export... query reads every row the transaction's RLS policies let it see, on
-- purpose with no tenant condition of its own: the customer transaction of the requester
-- is what confines it (product/exports/worker_test.py fails without the role).
-- `excluded`: the columns left out (product/exports/tables.py says why).
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM users t ORDER BY t.id;

-- name: ExportSessions :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM sessions t ORDER BY t.id;

-- name: ExportUserIdentities :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM user_identities t ORDER BY t.id;

-- name: ExportOrganizations :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM organizations t ORDER BY t.id;

-- name: ExportOrganizationsUsers :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM organizations_users t ORDER BY t.id;

-- name: ExportInvites :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM invites t ORDER BY t.id;

-- name: ExportVaultedSecrets :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM vaulted_secrets t ORDER BY t.id;

-- name: ExportOrganizationRoles :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM organization_roles t ORDER BY t.id;

-- name: ExportApiKeys :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM api_keys t ORDER BY t.id;

-- name: ExportScimTokens :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM scim_tokens t ORDER BY t.id;

-- name: ExportWebhookEndpoints :many
SELECT to_jsonb(t) - sqlc.arg(excluded)::text[] AS row FROM webhook_endpoints t ORDER BY t.id;
