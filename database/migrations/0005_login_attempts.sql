-- depends: 0004_tenancy
-- Login attempts counted per email *and client*, reserved before the password is hashed.
--
-- A row is an attempt: written (reserved) before the hash is checked, deleted again when
-- the password was right, so a burst of concurrent guesses cannot get more than the
-- limit evaluated. `login_attempt_reserve` does the counting and the reservation under a
-- per-email advisory lock, in one statement.

ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
DROP INDEX login_failures_email_failed_at_idx;
CREATE INDEX login_failures_app_email_failed_at_idx ON login_failures (app, email, failed_at);

-- Reserve an attempt for (email, app, client) at `attempt_at`, or say when to retry:
--   * at most `client_limit` attempts of one client per `lockout_window` (a lockout that
--     only the client causing it suffers);
--   * past `email_limit` attempts per window from all clients together, one attempt per
--     `email_interval` (many clients slow the guessing down but never lock the owner out).
-- Returns (attempt id, NULL) when reserved, (NULL, retry at) when refused. Rows older than
-- the window for this email are deleted on the way.
CREATE FUNCTION login_attempt_reserve(
    attempt_email TEXT,
    attempt_app TEXT,
    attempt_client TEXT,
    attempt_at TIMESTAMPTZ,
    lockout_window INTERVAL,
    client_limit BIGINT,
    email_limit BIGINT,
    email_interval INTERVAL
) RETURNS TABLE (attempt_id TEXT, retry_at TIMESTAMPTZ)
LANGUAGE plpgsql AS $$
DECLARE
    email_key TEXT := lower(attempt_email);
    lifted_at TIMESTAMPTZ;
    email_count BIGINT;
    newest TIMESTAMPTZ;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('login:' || attempt_app || ':' || email_key, 0));
    DELETE FROM login_failures f
    WHERE f.app = attempt_app AND f.email = email_key AND f.failed_at <= attempt_at - lockout_window;

    -- The client's `client_limit`-th newest attempt: the lock lifts when it leaves the window.
    SELECT f.failed_at + lockout_window INTO lifted_at
    FROM login_failures f
    WHERE f.app = attempt_app AND f.email = email_key AND f.client = attempt_client
    ORDER BY f.failed_at DESC
    OFFSET client_limit - 1 LIMIT 1;
    IF lifted_at IS NOT NULL THEN
        RETURN QUERY SELECT NULL::TEXT, lifted_at;
        RETURN;
    END IF;

    SELECT count(*), max(f.failed_at) INTO email_count, newest
    FROM login_failures f
    WHERE f.app = attempt_app AND f.email = email_key;
    IF email_count >= email_limit AND newest > attempt_at - email_interval THEN
        RETURN QUERY SELECT NULL::TEXT, newest + email_interval;
        RETURN;
    END IF;

    RETURN QUERY
    INSERT INTO login_failures (email, app, client, failed_at)
    VALUES (email_key, attempt_app, attempt_client, attempt_at)
    RETURNING login_failures.id, NULL::TIMESTAMPTZ;
END
$$;
