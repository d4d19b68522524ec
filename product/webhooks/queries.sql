-- name: WebhookEndpointCreate :one
INSERT INTO webhook_endpoints (organization_id, url, description, events, storytime)
VALUES (@organization_id, @url, @description, sqlc.arg(events)::text[],
        storytime_event(NULL, 'created', @by_user_id, sqlc.arg(now)::timestamptz))
RETURNING *;

-- name: WebhookEndpointsList :many
-- One page of the organization's endpoints, oldest first, after `after_id`.
SELECT * FROM webhook_endpoints
WHERE webhook_endpoints.organization_id = @organization_id
  AND webhook_endpoints.id > @after_id
ORDER BY webhook_endpoints.id
LIMIT @row_limit;

-- name: WebhookEndpointUpdate :one
-- @optional
-- Change what is given (null: unchanged); `enabled` true enables a disabled endpoint (its
-- waiting deliveries resume), false disables it.
UPDATE webhook_endpoints
SET url = coalesce(sqlc.narg(url)::text, url),
    description = coalesce(sqlc.narg(description)::text, description),
    events = coalesce(sqlc.narg(events)::text[], events),
    disabled_at = CASE
        WHEN sqlc.narg(enabled)::boolean IS NULL THEN disabled_at
        WHEN sqlc.narg(enabled)::boolean THEN NULL
        ELSE coalesce(disabled_at, sqlc.arg(now)::timestamptz) END,
    disabled_reason = CASE
        WHEN sqlc.narg(enabled)::boolean IS NULL THEN disabled_reason
        WHEN sqlc.narg(enabled)::boolean THEN NULL
        ELSE coalesce(disabled_reason, 'disabled by the organization') END,
    storytime = storytime_event(storytime, 'updated', @by_user_id, sqlc.arg(now)::timestamptz)
WHERE webhook_endpoints.id = @id AND webhook_endpoints.organization_id = @organization_id
RETURNING *;

-- name: WebhookEndpointDelete :one
-- @optional
-- Delete the endpoint (its deliveries and attempts go with it); the deletion is noted on
-- the organization.
WITH gone AS (
    DELETE FROM webhook_endpoints
    WHERE webhook_endpoints.id = @id AND webhook_endpoints.organization_id = @organization_id
    RETURNING webhook_endpoints.id
)
UPDATE organizations
SET storytime = storytime_event(storytime, 'webhook endpoint deleted', @by_user_id,
                                sqlc.arg(now)::timestamptz)
FROM gone
WHERE organizations.id = @organization_id
RETURNING gone.id;

-- name: WebhookEndpointRotateSecret :one
-- @optional
-- Note the rotation on the endpoint (the new secret goes in with WebhookSecretInsert).
UPDATE webhook_endpoints
SET storytime = storytime_event(storytime, 'secret rotated', @by_user_id, sqlc.arg(now)::timestamptz)
WHERE webhook_endpoints.id = @id AND webhook_endpoints.organization_id = @organization_id
RETURNING *;

-- name: WebhookSecretsRetire :exec
-- The endpoint's current secret keeps signing until `previous_until`; a secret rotated
-- out before stops now.
WITH gone AS (
    DELETE FROM webhook_secrets
    WHERE webhook_secrets.endpoint_id = @endpoint_id
      AND webhook_secrets.organization_id = @organization_id
      AND webhook_secrets.signs_until IS NOT NULL
)
UPDATE webhook_secrets SET signs_until = sqlc.arg(previous_until)::timestamptz
WHERE webhook_secrets.endpoint_id = @endpoint_id
  AND webhook_secrets.organization_id = @organization_id
  AND webhook_secrets.signs_until IS NULL;

-- name: WebhookDeliveriesList :many
-- One page of the endpoint's deliveries, newest first, before `before_id`, optionally of
-- one status.
SELECT webhook_deliveries.id, webhook_deliveries.event_id, webhook_events.type,
       webhook_deliveries.status, webhook_deliveries.attempts, webhook_deliveries.created_at,
       webhook_deliveries.next_attempt_at, webhook_deliveries.last_attempt_at,
       webhook_deliveries.last_status_code, webhook_deliveries.delivered_at,
       last_attempt.error AS last_error, last_attempt.response_body AS last_response_body,
       last_attempt.latency_ms AS last_latency_ms
FROM webhook_deliveries
JOIN webhook_events ON webhook_events.id = webhook_deliveries.event_id
LEFT JOIN LATERAL (
    SELECT webhook_attempts.error, webhook_attempts.response_body, webhook_attempts.latency_ms
    FROM webhook_attempts WHERE webhook_attempts.delivery_id = webhook_deliveries.id
    ORDER BY webhook_attempts.attempted_at DESC, webhook_attempts.id DESC LIMIT 1
) AS last_attempt ON true
WHERE webhook_deliveries.endpoint_id = @endpoint_id
  AND webhook_deliveries.organization_id = @organization_id
  AND (sqlc.narg(status)::text IS NULL OR webhook_deliveries.status = sqlc.narg(status)::text)
  AND webhook_deliveries.id < @before_id
ORDER BY webhook_deliveries.id DESC
LIMIT @row_limit;

-- name: WebhookDeliveryRetry :one
-- @optional
-- Try a delivered or failed delivery again now (same webhook-id: receivers de-duplicate).
UPDATE webhook_deliveries
SET status = 'pending', next_attempt_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'retry requested', @by_user_id, sqlc.arg(now)::timestamptz)
WHERE webhook_deliveries.id = @id AND webhook_deliveries.organization_id = @organization_id
  AND webhook_deliveries.status <> 'pending'
RETURNING webhook_deliveries.id;
