-- depends: 0023_roles_and_mfa_policy
-- A passkey can be set as a second factor: a user with one (or a confirmed TOTP secret)
-- is asked for a second factor after a password, an email code or a social sign-in.

ALTER TABLE passkeys ADD COLUMN second_factor BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX passkeys_user_id_second_factor_idx ON passkeys (user_id) WHERE second_factor;
