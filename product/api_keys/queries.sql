-- name: ApiKeyNewId :one
SELECT generate_id('key')::text AS id;

-- name: ApiKeyInsert :one
-- A new key of the current organization (the caller's transaction: RLS checks the
-- organization); only the secret's hash is stored.
INSERT INTO api_keys (id, organization_id, user_id, kind, name, secret_hash, scopes, expires_at, storytime)
VALUES (@id, @organization_id, @user_id, @kind, @name, @secret_hash, sqlc.arg(scopes)::text[],
        sqlc.narg(expires_at),
        storytime_event(NULL, 'api key created', sqlc.arg(user_id)::text, sqlc.arg(now)::timestamptz))
RETURNING id, kind, name, scopes, created_at, expires_at;

-- name: ApiKeysList :many
-- One page of the organization's organization keys and the caller's own personal keys,
-- newest first, before `before_id`.
SELECT id, user_id, kind, name, scopes, created_at, expires_at, revoked_at, last_used_at
FROM api_keys
WHERE organization_id = @organization_id
  AND (kind = 'organization' OR user_id = @user_id)
  AND id < @before_id
ORDER BY id DESC
LIMIT @row_limit;

-- name: ApiKeyForRevoke :one
-- @optional
-- A key of the organization, locked for its revocation.
SELECT id, user_id, kind, revoked_at FROM api_keys
WHERE id = @id AND organization_id = @organization_id
FOR UPDATE;

-- name: ApiKeyRevoke :exec
UPDATE api_keys
SET revoked_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'api key revoked', sqlc.arg(by_user_id)::text,
                                sqlc.arg(now)::timestamptz)
WHERE id = @id AND revoked_at IS NULL;
