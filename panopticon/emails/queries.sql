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

-- name: EmailForResend :one
-- @optional
-- One outbox row, locked, for a resend: its status and whether it carried a code (the
-- body says `{code}`; a failed email's code is erased, so it cannot be sent again).
SELECT emails.id, emails.status, emails.to_address, emails.kind,
       position('{code}' in emails.body) > 0 AS had_code
FROM emails
WHERE emails.id = @id
FOR UPDATE;

-- name: EmailRequeue :exec
-- A failed email back in the queue, due now, its attempts counted afresh (the last
-- error stays until it is sent).
UPDATE emails
SET status = 'pending', attempts = 0, next_attempt_at = @now,
    storytime = storytime_event(storytime, 'requeued by an admin', @by_user_id, @now)
WHERE emails.id = @id;
