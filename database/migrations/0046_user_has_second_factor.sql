-- depends: 0045_users_search_keyset_indexes
-- Whether a user has a second factor: a confirmed TOTP secret or a passkey set as second
-- factor. One definition for every statement that asks (the session lookups, for an
-- organization's required two-factor; `MfaEnabled`). A single-SELECT SQL function:
-- Postgres inlines it into the statement, so the plan is the one of the EXISTS written
-- out. Runs as the caller (Row Level Security applies in a customer transaction).

CREATE FUNCTION user_has_second_factor(target_user_id TEXT) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM mfa_totp
        WHERE mfa_totp.user_id = target_user_id AND mfa_totp.confirmed_at IS NOT NULL
        UNION ALL
        SELECT 1 FROM passkeys
        WHERE passkeys.user_id = target_user_id AND passkeys.second_factor
    )
$$;
GRANT EXECUTE ON FUNCTION user_has_second_factor(text) TO customer;
