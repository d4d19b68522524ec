-- depends: 0043_membership_permissions_locked
-- The permission check as one statement that fails instead of answering, so it can run
-- last in a transaction's BEGIN script (`database.xact.PermissionCheck`: no round trip
-- of its own) and in a handler's transaction (`MembershipPermissionRequire`).
--
-- With `lock_members` (a call that may write): the organization's member lock (every
-- membership and role change takes it first), then the caller's role and custom role,
-- read by a statement of their own so that they are the ones committed by whoever held
-- the lock (under READ COMMITTED one statement's snapshot predates its lock wait; each
-- statement of a VOLATILE function takes a new one). Without (a read): the role as
-- committed now, no lock, so a read takes no row lock and no transaction id (no commit
-- record to flush); a demotion committing a moment later orders after the read.
--
-- The permission is held by a member with a custom role when that role lists it, else
-- when the caller's built-in role is one of `roles_holding` (the application's table,
-- `product.framework.permissions.built_in`). Refusals raise SQLSTATE BL401 (not a member
-- of the organization) or BL403 (the role does not hold it; DETAIL: the role). Runs as
-- the caller: Row Level Security applies. Replaces `membership_permissions_locked`.

CREATE FUNCTION membership_permission_require(
    target_user_id TEXT,
    target_organization_id TEXT,
    permission TEXT,
    roles_holding TEXT[],
    lock_members BOOLEAN
) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    caller_role TEXT;
    caller_custom TEXT[];
BEGIN
    IF lock_members THEN
        PERFORM 1 FROM organizations WHERE organizations.id = target_organization_id FOR UPDATE;
    END IF;
    SELECT organizations_users.role::text, organization_roles.permissions
    INTO caller_role, caller_custom
    FROM organizations_users
    LEFT JOIN organization_roles
        ON organization_roles.organization_id = organizations_users.organization_id
       AND organization_roles.id = organizations_users.custom_role_id
    WHERE organizations_users.user_id = target_user_id
      AND organizations_users.organization_id = target_organization_id
      AND organizations_users.removed_at IS NULL;
    IF caller_role IS NULL THEN
        RAISE EXCEPTION 'not a member of the organization' USING ERRCODE = 'BL401';
    END IF;
    IF caller_role = 'member' AND caller_custom IS NOT NULL THEN
        IF permission = ANY (caller_custom) THEN
            RETURN;
        END IF;
    ELSIF caller_role = ANY (roles_holding) THEN
        RETURN;
    END IF;
    RAISE EXCEPTION 'the role does not hold %', permission
        USING ERRCODE = 'BL403', DETAIL = caller_role;
END $$;
GRANT EXECUTE ON FUNCTION membership_permission_require(text, text, text, text[], boolean)
    TO customer;

DROP FUNCTION membership_permissions_locked(text, text);
