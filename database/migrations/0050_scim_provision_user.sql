-- depends: 0049_users_search_hit
-- scim_provision_user: the account a SCIM request provisions a new member as, found or
-- created inside the organization's customer transaction that then adds the membership,
-- so the two commit or roll back together. Before, the account was created in an admin
-- transaction of its own: a failure before the membership (a userName taken meanwhile, a
-- crash) left an account outside the organization, and the provider's retry got 409 (the
-- address then belonged to someone the organization cannot claim).
--
-- The live user with this address joins when the address is at one of the organization's
-- verified domains; with no such user, a new one is created without a password, its
-- address verified only at such a domain. `foreign_user`: the address belongs to a user
-- the organization cannot claim (refused). A concurrent creation of the same address is
-- waited for (ON CONFLICT) and then read again, so it answers as if it came first.
--
-- SECURITY DEFINER: a customer cannot insert users or see those outside its
-- organizations. So it serves only the organization of the calling transaction's RLS
-- context, for a caller who is a member of it (the SCIM endpoint has checked
-- `scim:manage` under the member lock in the same transaction); anything else is BL401.

CREATE FUNCTION scim_provision_user(
    target_organization_id TEXT,
    address TEXT,
    display_name TEXT,
    at TIMESTAMPTZ
) RETURNS TABLE (user_id TEXT, foreign_user BOOLEAN)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
    ours BOOLEAN;
    found_id TEXT;
BEGIN
    IF target_organization_id IS DISTINCT FROM
            nullif(current_setting('app.current_organization_id', true), '')
        OR NOT EXISTS (
            SELECT 1 FROM organizations_users
            WHERE organizations_users.organization_id = target_organization_id
              AND organizations_users.user_id = current_setting('app.current_user_id', true)
              AND organizations_users.removed_at IS NULL
        ) THEN
        RAISE EXCEPTION 'not a member of the organization' USING ERRCODE = 'BL401';
    END IF;
    ours := EXISTS (
        SELECT 1 FROM organization_domains
        WHERE organization_domains.organization_id = target_organization_id
          AND organization_domains.domain = lower(split_part(address, '@', 2))
          AND organization_domains.verified_at IS NOT NULL
    );
    FOR attempt IN 1..2 LOOP
        SELECT users.id INTO found_id FROM users
        WHERE lower(users.email) = lower(address) AND users.deleted_at IS NULL;
        IF found_id IS NOT NULL THEN
            IF ours THEN
                RETURN QUERY SELECT found_id, false;
            ELSE
                RETURN QUERY SELECT NULL::text, true;
            END IF;
            RETURN;
        END IF;
        INSERT INTO users (name, email, password_hash, signup_step, email_verified_at, storytime)
        VALUES (display_name, address, NULL, 'complete',
                CASE WHEN ours THEN at END,
                storytime_event(NULL, 'provisioned by SCIM for ' || target_organization_id,
                                NULL, at))
        ON CONFLICT (lower(email)) DO NOTHING
        RETURNING users.id INTO found_id;
        IF found_id IS NOT NULL THEN
            RETURN QUERY SELECT found_id, false;
            RETURN;
        END IF;
        -- Taken meanwhile (this statement waited for that transaction): read it again.
    END LOOP;
    -- Taken by a deleted account still holding the address.
    RETURN QUERY SELECT NULL::text, false;
END $$;
REVOKE EXECUTE ON FUNCTION scim_provision_user(text, text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION scim_provision_user(text, text, text, timestamptz) TO customer;
