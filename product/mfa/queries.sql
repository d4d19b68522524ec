-- name: MfaEnabled :one
-- Whether the user has MFA on (a confirmed TOTP secret).
SELECT EXISTS (
    SELECT 1 FROM mfa_totp WHERE user_id = @user_id AND confirmed_at IS NOT NULL
) AS enabled;

-- name: MfaTotpFetch :one
-- @optional
-- The user's TOTP row (pending or confirmed), locked for the check or change that follows.
SELECT * FROM mfa_totp WHERE user_id = @user_id FOR UPDATE;

-- name: MfaTotpEnroll :one
-- @optional
-- Store a new pending secret for the user, replacing a pending one; null when MFA is on
-- already (a confirmed secret is never replaced here).
INSERT INTO mfa_totp (user_id, key_name, ciphertext, storytime)
VALUES (@user_id, @key_name, @ciphertext,
        storytime_event(NULL, 'enrolled', sqlc.arg(user_id)::text, sqlc.arg(now)::timestamptz))
ON CONFLICT (user_id) DO UPDATE
SET key_name = excluded.key_name,
    ciphertext = excluded.ciphertext,
    storytime = storytime_event(mfa_totp.storytime, 'enrolled again', excluded.user_id, sqlc.arg(now)::timestamptz)
WHERE mfa_totp.confirmed_at IS NULL
RETURNING id;

-- name: MfaTotpConfirm :exec
-- Turn MFA on: the pending secret is confirmed by a code of time step `step`.
UPDATE mfa_totp
SET confirmed_at = sqlc.arg(now)::timestamptz,
    last_used_step = sqlc.arg(step)::bigint,
    storytime = storytime_event(storytime, 'confirmed', user_id, sqlc.arg(now)::timestamptz)
WHERE user_id = @user_id AND confirmed_at IS NULL;

-- name: MfaTotpStepUse :one
-- @optional
-- Accept a code of time step `step` once: null when a code of this step or a later one
-- was accepted already (replay).
UPDATE mfa_totp
SET last_used_step = sqlc.arg(step)::bigint
WHERE user_id = @user_id
    AND confirmed_at IS NOT NULL
    AND (last_used_step IS NULL OR last_used_step < sqlc.arg(step)::bigint)
RETURNING id;

-- name: MfaDisable :execrows
-- Turn MFA off: the secret, the recovery codes and pending challenges go; noted on the user.
WITH totp AS (
    DELETE FROM mfa_totp WHERE mfa_totp.user_id = @user_id RETURNING mfa_totp.id
), codes AS (
    DELETE FROM mfa_recovery_codes WHERE mfa_recovery_codes.user_id = @user_id
), challenges AS (
    DELETE FROM mfa_challenges WHERE mfa_challenges.user_id = @user_id
)
UPDATE users
SET storytime = storytime_event(users.storytime, 'turned two-factor authentication off',
                                users.id, sqlc.arg(now)::timestamptz)
WHERE users.id = @user_id AND EXISTS (SELECT 1 FROM totp);

-- name: MfaRecoveryCodesReplace :exec
-- Replace the user's recovery codes with these (hashes).
WITH removed AS (
    DELETE FROM mfa_recovery_codes WHERE mfa_recovery_codes.user_id = @user_id
)
INSERT INTO mfa_recovery_codes (user_id, code_hash, storytime)
SELECT @user_id, hashes.code_hash,
       storytime_event(NULL, 'created', sqlc.arg(user_id)::text, sqlc.arg(now)::timestamptz)
FROM unnest(@code_hashes::text[]) AS hashes (code_hash);

-- name: MfaRecoveryCodeUse :one
-- @optional
-- Use one of the user's unused recovery codes; null when it is unknown or used.
UPDATE mfa_recovery_codes
SET used_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'used', user_id, sqlc.arg(now)::timestamptz)
WHERE user_id = @user_id AND code_hash = @code_hash AND used_at IS NULL
RETURNING id;

-- name: MfaChallengeCreate :exec
-- A login challenge for the user; their finished and expired challenges go on the way.
WITH stale AS (
    DELETE FROM mfa_challenges
    WHERE mfa_challenges.user_id = @user_id
        AND (mfa_challenges.completed_at IS NOT NULL OR mfa_challenges.expires_at <= @now)
)
INSERT INTO mfa_challenges (user_id, organization_id, permanent, challenge_hash, expires_at)
VALUES (@user_id, sqlc.narg(organization_id), @permanent, @challenge_hash, @expires_at);

-- name: MfaChallengeFetch :one
-- @optional
-- The challenge with this hash, locked, with whether its user may still sign in.
SELECT
    mfa_challenges.*,
    users.email,
    users.name,
    (users.is_enabled AND users.signup_step = 'complete') AS user_active
FROM mfa_challenges
JOIN users ON users.id = mfa_challenges.user_id
WHERE mfa_challenges.challenge_hash = @challenge_hash
FOR UPDATE OF mfa_challenges;

-- name: MfaChallengeAttempt :exec
-- Count one code tried against the challenge.
UPDATE mfa_challenges SET attempts = attempts + 1 WHERE id = @id;

-- name: MfaChallengeComplete :exec
-- The challenge completed its login: it works no more.
UPDATE mfa_challenges
SET completed_at = sqlc.arg(now)::timestamptz,
    storytime = storytime_event(storytime, 'completed', user_id, sqlc.arg(now)::timestamptz)
WHERE id = @id;

-- name: MfaStatus :one
-- Whether the user has MFA on, and their unused recovery codes.
SELECT
    EXISTS (
        SELECT 1 FROM mfa_totp WHERE user_id = @user_id AND confirmed_at IS NOT NULL
    ) AS enabled,
    (
        SELECT count(*) FROM mfa_recovery_codes WHERE user_id = @user_id AND used_at IS NULL
    ) AS recovery_codes_left;
