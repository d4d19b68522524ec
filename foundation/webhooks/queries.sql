-- name: WebhookEmit :exec
-- An event of the organization, in the caller's transaction, with a pending delivery to
-- each of its enabled endpoints subscribed to the type (none if the change rolls back).
WITH event AS (
    INSERT INTO webhook_events (organization_id, type, data, created_at)
    VALUES (@organization_id, @type, sqlc.arg(data)::jsonb, sqlc.arg(now)::timestamptz)
    RETURNING webhook_events.id, webhook_events.organization_id, webhook_events.type
)
INSERT INTO webhook_deliveries (organization_id, event_id, endpoint_id, next_attempt_at, created_at)
SELECT event.organization_id, event.id, webhook_endpoints.id, sqlc.arg(now)::timestamptz,
       sqlc.arg(now)::timestamptz
FROM event
JOIN webhook_endpoints ON webhook_endpoints.organization_id = event.organization_id
WHERE webhook_endpoints.disabled_at IS NULL AND event.type = ANY (webhook_endpoints.events)
ORDER BY webhook_endpoints.id;

-- name: WebhookNotify :exec
-- Wakes the webhook senders (LISTEN blossom_webhooks) when the transaction commits.
SELECT pg_notify('blossom_webhooks', '');

-- name: WebhookUserOrganizations :many
-- The organizations the user is an active member of (user.deleted goes to each).
SELECT organizations_users.organization_id FROM organizations_users
WHERE organizations_users.user_id = @user_id AND organizations_users.removed_at IS NULL
ORDER BY organizations_users.organization_id;

-- name: WebhookClaimNext :one
-- @optional
-- The next due delivery that is the oldest pending one of its enabled endpoint, with the
-- delivery AND its endpoint row-locked for this transaction: concurrent senders skip
-- both, so a delivery is in one sender's hands at a time and an endpoint gets one
-- delivery at a time, in `seq` order.
SELECT webhook_deliveries.id, webhook_deliveries.organization_id, webhook_deliveries.endpoint_id,
       webhook_deliveries.attempts, webhook_deliveries.created_at, webhook_events.id AS event_id,
       webhook_events.type, webhook_events.data, webhook_events.created_at AS event_created_at,
       webhook_endpoints.url
FROM webhook_deliveries
JOIN webhook_endpoints ON webhook_endpoints.id = webhook_deliveries.endpoint_id
JOIN webhook_events ON webhook_events.id = webhook_deliveries.event_id
WHERE webhook_deliveries.status = 'pending'
  AND webhook_deliveries.next_attempt_at <= sqlc.arg(now)::timestamptz
  AND webhook_endpoints.disabled_at IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM webhook_deliveries AS older
      WHERE older.endpoint_id = webhook_deliveries.endpoint_id
        AND older.status = 'pending' AND older.seq < webhook_deliveries.seq
  )
ORDER BY webhook_deliveries.next_attempt_at, webhook_deliveries.seq
LIMIT 1
FOR UPDATE OF webhook_deliveries, webhook_endpoints SKIP LOCKED;

-- name: WebhookSecretNewId :one
SELECT generate_id('whs')::text AS id;

-- name: WebhookSecretInsert :exec
-- A sealed signing secret of the endpoint (the vault's key `key_name`; the customer role
-- writes it and can never read it back).
INSERT INTO webhook_secrets (id, organization_id, endpoint_id, key_name, ciphertext)
VALUES (@id, @organization_id, @endpoint_id, @key_name, @ciphertext);

-- name: WebhookSigningSecrets :many
-- The sealed secrets that sign the endpoint's deliveries now: the current one first, then
-- a rotated-out one until its `signs_until`.
SELECT webhook_secrets.id, webhook_secrets.organization_id, webhook_secrets.key_name,
       webhook_secrets.ciphertext
FROM webhook_secrets
WHERE webhook_secrets.endpoint_id = @endpoint_id
  AND (webhook_secrets.signs_until IS NULL
       OR webhook_secrets.signs_until > sqlc.arg(now)::timestamptz)
ORDER BY webhook_secrets.signs_until NULLS FIRST, webhook_secrets.id;

-- name: WebhookSecretsUnsealed :many
-- Secrets from before they were sealed (`key_name` ''), locked for sealing.
SELECT webhook_secrets.id, webhook_secrets.organization_id, webhook_secrets.ciphertext
FROM webhook_secrets
WHERE webhook_secrets.key_name = ''
ORDER BY webhook_secrets.id
LIMIT @batch
FOR UPDATE SKIP LOCKED;

-- name: WebhookSecretsRotationBatch :many
-- Up to `batch` secrets after `after_id` not yet sealed under `key_name` (those from
-- before sealing included), locked for re-sealing (`blossom vault rotate`).
SELECT webhook_secrets.id, webhook_secrets.organization_id, webhook_secrets.key_name,
       webhook_secrets.ciphertext
FROM webhook_secrets
WHERE webhook_secrets.key_name <> @key_name AND webhook_secrets.id > @after_id
ORDER BY webhook_secrets.id
LIMIT sqlc.arg(batch)::int
FOR UPDATE SKIP LOCKED;

-- name: WebhookSecretsRotationRemaining :one
SELECT count(*)::int AS remaining FROM webhook_secrets WHERE webhook_secrets.key_name <> @key_name;

-- name: WebhookSecretReseal :exec
UPDATE webhook_secrets SET key_name = @key_name, ciphertext = @ciphertext
WHERE webhook_secrets.id = @id;

-- name: WebhookAttemptRecord :exec
-- One attempt at a delivery, and the delivery's state after it: delivered, retried at
-- `next_attempt_at`, or given up (`failed`).
WITH attempt AS (
    INSERT INTO webhook_attempts (organization_id, delivery_id, attempted_at, status_code,
                                  latency_ms, error, response_body)
    VALUES (@organization_id, @delivery_id, sqlc.arg(now)::timestamptz,
            sqlc.narg(status_code)::bigint, @latency_ms, sqlc.narg(error)::text,
            sqlc.narg(response_body)::text)
)
UPDATE webhook_deliveries
SET attempts = attempts + 1,
    last_attempt_at = sqlc.arg(now)::timestamptz,
    last_status_code = sqlc.narg(status_code)::bigint,
    status = @status,
    next_attempt_at = sqlc.arg(next_attempt_at)::timestamptz,
    delivered_at = CASE WHEN @status = 'delivered' THEN sqlc.arg(now)::timestamptz END
WHERE webhook_deliveries.id = @delivery_id;

-- name: WebhookEndpointDisable :exec
-- Stop deliveries to the endpoint (its pending deliveries wait until it is enabled again).
UPDATE webhook_endpoints
SET disabled_at = sqlc.arg(now)::timestamptz, disabled_reason = @reason,
    storytime = storytime_event(storytime, 'disabled: ' || @reason, NULL, sqlc.arg(now)::timestamptz)
WHERE webhook_endpoints.id = @id AND webhook_endpoints.disabled_at IS NULL;

-- name: WebhookOrganizationOwners :many
-- The owners of the organization, told when one of its endpoints is disabled.
SELECT users.id, users.email, organizations.name AS organization_name
FROM organizations_users
JOIN users ON users.id = organizations_users.user_id
JOIN organizations ON organizations.id = organizations_users.organization_id
WHERE organizations_users.organization_id = @organization_id
  AND organizations_users.role = 'owner' AND organizations_users.removed_at IS NULL
  AND users.deleted_at IS NULL
ORDER BY users.id;
