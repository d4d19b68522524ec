-- name: EmailsPage :many
-- Outbox rows newest first, optionally of one status and/or one recipient, before a
-- cursor id (the secret column is never read here).
SELECT emails.id, emails.created_at, emails.user_id, emails.kind, emails.to_address,
       emails.subject, emails.status, emails.attempts, emails.next_attempt_at,
       emails.last_error, emails.sent_at
FROM emails
WHERE (sqlc.narg(status)::text IS NULL OR emails.status = sqlc.narg(status))
  AND (sqlc.narg(to_address)::text IS NULL OR lower(emails.to_address) = lower(sqlc.narg(to_address)))
  AND emails.id < @before_id
ORDER BY emails.id DESC
LIMIT @row_limit;
