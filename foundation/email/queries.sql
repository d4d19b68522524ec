-- name: EmailQueue :exec
-- Queue an email in the caller's transaction (it is sent only if that commits). No
-- RETURNING: customer transactions may insert emails but never read them.
INSERT INTO emails (user_id, kind, to_address, subject, body, html, secret, next_attempt_at)
VALUES (sqlc.narg(user_id), @kind, @to_address, @subject, @body, sqlc.narg(html),
        sqlc.narg(secret), @now);

-- name: EmailUserLocale :one
-- @optional
-- The language of the user's emails (no row: no such user, or one RLS hides).
SELECT users.locale FROM users WHERE users.id = @user_id;

-- name: EmailClaimNext :one
-- @optional
-- The next pending email due by `now`, row-locked for this transaction; concurrent
-- senders skip it (each row is in one sender's hands at a time).
SELECT * FROM emails
WHERE emails.status = 'pending' AND emails.next_attempt_at <= sqlc.arg(now)::timestamptz
ORDER BY emails.next_attempt_at, emails.id
LIMIT 1
FOR UPDATE SKIP LOCKED;

-- name: EmailMarkSent :exec
-- Delivered: the code it carried is erased.
UPDATE emails
SET status = 'sent', sent_at = @now, attempts = attempts + 1, secret = NULL, last_error = NULL
WHERE emails.id = @id;

-- name: EmailMarkAttemptFailed :exec
-- A failed attempt: try again at `next_attempt_at`, or give up (`failed`, code erased).
UPDATE emails
SET attempts = attempts + 1,
    last_error = @last_error,
    next_attempt_at = @next_attempt_at,
    status = CASE WHEN sqlc.arg(give_up)::boolean THEN 'failed' ELSE 'pending' END,
    secret = CASE WHEN sqlc.arg(give_up)::boolean THEN NULL ELSE secret END
WHERE emails.id = @id;

-- name: EmailsPendingCount :one
SELECT count(*) AS pending FROM emails WHERE emails.status = 'pending';

-- name: EmailSenderProbe :exec
-- A notification on the senders' channel with `payload`: a starting sender checks that it
-- hears its own (its LISTEN is on a session of its own, not through a transaction pooler).
SELECT pg_notify('blossom_emails', sqlc.arg(payload)::text);
