-- name: LoginCodeIssue :one
-- The whole of a sign-in code request in one statement, whether or not the email belongs
-- to a live account (the same work either way): the user's open codes are revoked, a new
-- one is stored and the email queued, in the user's language (`renders`: every
-- language's subject, text and html). How many codes were issued (0 or 1).
WITH target AS (
    SELECT users.id, users.email, users.locale FROM users
    WHERE lower(users.email) = lower(@email) AND users.is_enabled AND users.deleted_at IS NULL
      AND users.signup_step = 'complete'
), revoked AS (
    UPDATE login_codes SET revoked_at = sqlc.arg(now)::timestamptz
    WHERE login_codes.user_id = (SELECT target.id FROM target)
      AND login_codes.used_at IS NULL AND login_codes.revoked_at IS NULL
), issued AS (
    INSERT INTO login_codes (user_id, code_hash, expires_at)
    SELECT target.id, @code_hash, @expires_at FROM target
    RETURNING login_codes.user_id
), mailed AS (
    INSERT INTO emails (user_id, kind, to_address, subject, body, html, secret, next_attempt_at)
    SELECT target.id, 'login_code', target.email,
           sqlc.arg(renders)::jsonb -> target.locale ->> 'subject',
           sqlc.arg(renders)::jsonb -> target.locale ->> 'text',
           sqlc.arg(renders)::jsonb -> target.locale ->> 'html',
           @secret, sqlc.arg(now)::timestamptz
    FROM target
)
SELECT count(*) AS issued FROM issued;

-- name: OauthStateCreate :exec
-- A pending authorization request (its state and nonce hashed), valid until `expires_at`.
INSERT INTO oauth_states (state_hash, nonce_hash, code_verifier, provider, intent, user_id,
                          redirect_to, expires_at)
VALUES (@state_hash, @nonce_hash, @code_verifier, @provider, @intent, sqlc.narg(user_id),
        sqlc.narg(redirect_to), @expires_at);

-- name: OauthIdentityLink :one
-- @optional
-- Link a provider's account to the user; no row when it is linked already (to anyone).
INSERT INTO user_identities (user_id, provider, subject, email, last_used_at, storytime)
VALUES (@user_id, @provider, @subject, sqlc.narg(email), sqlc.arg(now)::timestamptz,
        storytime_event(NULL, 'linked', sqlc.arg(user_id)::text, sqlc.arg(now)::timestamptz))
ON CONFLICT (provider, subject) DO NOTHING
RETURNING user_identities.id;

-- name: OauthIdentityOwner :one
-- @optional
-- The user a provider's account is linked to, if any.
SELECT user_identities.user_id FROM user_identities
WHERE user_identities.provider = @provider AND user_identities.subject = @subject;

-- name: OauthUserCreate :one
-- @optional
-- A new complete user with a verified address and no password (signed up through a
-- provider), or no row when the email is taken (case-insensitively).
INSERT INTO users (name, email, password_hash, signup_step, email_verified_at, storytime)
VALUES (@name, @email, NULL, 'complete', sqlc.arg(now)::timestamptz,
        storytime_event(NULL, 'signed up with ' || sqlc.arg(provider)::text, NULL,
                        sqlc.arg(now)::timestamptz))
ON CONFLICT (lower(email)) DO NOTHING
RETURNING users.id;

-- name: OauthEmailOwner :one
-- @optional
-- The live user with this address (case-insensitively), whether it is verified.
SELECT users.id, (users.email_verified_at IS NOT NULL) AS verified FROM users
WHERE lower(users.email) = lower(@email) AND users.deleted_at IS NULL;

-- name: IdentitiesList :many
-- One page of the caller's linked identities (RLS: only their own), oldest first, after
-- `after_id`.
SELECT user_identities.id, user_identities.provider, user_identities.email,
       user_identities.created_at, user_identities.last_used_at
FROM user_identities
WHERE user_identities.user_id = @user_id AND user_identities.id > @after_id
ORDER BY user_identities.id
LIMIT @row_limit;

-- name: IdentityUnlink :one
-- Remove one of the user's identities unless it is their last way to sign in (no
-- password, no other identity, no passkey): 'unlinked', 'last' or 'missing'. The user's
-- row is locked, so two unlinks cannot each leave the other as the last.
WITH owner AS (
    SELECT users.id, (users.password_hash IS NOT NULL) AS has_password FROM users
    WHERE users.id = @user_id FOR UPDATE
), mine AS (
    SELECT user_identities.id FROM user_identities
    WHERE user_identities.id = @identity_id AND user_identities.user_id = @user_id
), others AS (
    SELECT (SELECT count(*) FROM user_identities
            WHERE user_identities.user_id = @user_id AND user_identities.id <> @identity_id)
         + (SELECT count(*) FROM passkeys WHERE passkeys.user_id = @user_id) AS n
), removed AS (
    DELETE FROM user_identities
    WHERE user_identities.id = (SELECT mine.id FROM mine)
      AND ((SELECT owner.has_password FROM owner) OR (SELECT others.n FROM others) > 0)
    RETURNING user_identities.id
)
SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM mine) THEN 'missing'
    WHEN EXISTS (SELECT 1 FROM removed) THEN 'unlinked'
    ELSE 'last'
END::text AS outcome;
