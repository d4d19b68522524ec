-- name: VaultSecretNewId :one
SELECT generate_id('vs')::text AS id;

-- name: VaultSecretInsert :one
INSERT INTO vaulted_secrets (id, organization_id, name, ciphertext, key_name, storytime)
VALUES (@id, @organization_id, @name, @ciphertext, @key_name,
        storytime_event(NULL, 'created', sqlc.arg(by_user_id)::text, now()))
RETURNING id, name, created_at;

-- name: VaultSecretsList :many
-- One page of the organization's secrets (names only), oldest first, after `after_id`.
SELECT id, name, created_at FROM vaulted_secrets
WHERE organization_id = @organization_id AND id > @after_id
ORDER BY id
LIMIT @row_limit;

-- name: VaultSecretDelete :one
-- @optional
-- Delete the secret and note who did it in the organization's storytime; the deleted id.
WITH deleted AS (
    DELETE FROM vaulted_secrets
    WHERE vaulted_secrets.id = @id AND vaulted_secrets.organization_id = @organization_id
    RETURNING vaulted_secrets.id, vaulted_secrets.name
), noted AS (
    UPDATE organizations
    SET storytime = storytime_event(
        organizations.storytime,
        'deleted vault secret ' || (SELECT deleted.id || ' (' || deleted.name || ')' FROM deleted),
        sqlc.arg(by_user_id)::text,
        now()
    )
    WHERE organizations.id = @organization_id AND EXISTS (SELECT 1 FROM deleted)
)
SELECT deleted.id FROM deleted;

-- name: VaultSecretSealed :one
-- @optional
-- The sealed value of one secret.
SELECT organization_id, ciphertext, key_name FROM vaulted_secrets WHERE id = @id;

-- name: VaultRotationBatch :many
-- Up to `batch` secrets after `after_id` not yet under `key_name`, locked for re-encryption.
SELECT id, organization_id, ciphertext, key_name FROM vaulted_secrets
WHERE key_name <> @key_name AND id > @after_id
ORDER BY id
LIMIT sqlc.arg(batch)::int
FOR UPDATE SKIP LOCKED;

-- name: VaultRotationRemaining :one
SELECT count(*)::int AS remaining FROM vaulted_secrets WHERE key_name <> @key_name;

-- name: VaultSecretReseal :exec
UPDATE vaulted_secrets
SET ciphertext = @ciphertext, key_name = @key_name,
    storytime = storytime_event(storytime, 're-encrypted under ' || @key_name, NULL, now())
WHERE id = @id;
