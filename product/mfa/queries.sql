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

-- name: MfaDisable :execrows
-- Turn MFA off: the secret, the recovery codes and pending challenges go, passkeys stop
-- being second factors (they still sign in); noted on the user when MFA was on.
WITH totp AS (
    DELETE FROM mfa_totp WHERE mfa_totp.user_id = @user_id
    RETURNING mfa_totp.confirmed_at
), keys AS (
    UPDATE passkeys
    SET second_factor = false,
        storytime = storytime_event(passkeys.storytime, 'no longer a second factor',
                                    passkeys.user_id, sqlc.arg(now)::timestamptz)
    WHERE passkeys.user_id = @user_id AND passkeys.second_factor
    RETURNING passkeys.id
), codes AS (
    DELETE FROM mfa_recovery_codes WHERE mfa_recovery_codes.user_id = @user_id
), challenges AS (
    DELETE FROM mfa_challenges WHERE mfa_challenges.user_id = @user_id
)
UPDATE users
SET storytime = storytime_event(users.storytime, 'turned two-factor authentication off',
                                users.id, sqlc.arg(now)::timestamptz)
WHERE users.id = @user_id
  AND (EXISTS (SELECT 1 FROM totp WHERE totp.confirmed_at IS NOT NULL)
       OR EXISTS (SELECT 1 FROM keys));

-- name: MfaRecoveryCodesReplace :exec
-- Replace the user's recovery codes with these (hashes).
WITH removed AS (
    DELETE FROM mfa_recovery_codes WHERE mfa_recovery_codes.user_id = @user_id
)
INSERT INTO mfa_recovery_codes (user_id, code_hash, storytime)
SELECT @user_id, hashes.code_hash,
       storytime_event(NULL, 'created', sqlc.arg(user_id)::text, sqlc.arg(now)::timestamptz)
FROM unnest(@code_hashes::text[]) AS hashes (code_hash);

-- name: MfaStatus :one
-- The user's second factors and their unused recovery codes.
SELECT
    EXISTS (
        SELECT 1 FROM mfa_totp WHERE user_id = @user_id AND confirmed_at IS NOT NULL
    ) AS totp,
    (SELECT count(*) FROM passkeys WHERE user_id = @user_id AND second_factor) AS passkeys,
    (
        SELECT count(*) FROM mfa_recovery_codes WHERE user_id = @user_id AND used_at IS NULL
    ) AS recovery_codes_left;

-- name: MfaRecoveryCodesDrop :exec
-- The user has no second factor left: their recovery codes and pending challenges go.
WITH codes AS (
    DELETE FROM mfa_recovery_codes WHERE mfa_recovery_codes.user_id = @user_id
)
DELETE FROM mfa_challenges WHERE mfa_challenges.user_id = @user_id;
