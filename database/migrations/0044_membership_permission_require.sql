-- depends: 0043_membership_permissions_locked
-- The permission check as one statement that fails instead of answering, so it can run
-- last in a transaction's BEGIN script (`database.xact.PermissionCheck`: no round trip
-- of its own) and in a handler's transaction (`MembershipPermissionRequire`). The member
-- lock and the caller's role as `membership_permissions_locked` reads them; the
-- permission is held by a member with a custom role when that role lists it, else when
-- the caller's built-in role is one of `roles_holding` (the application's table of
-- built-in roles, `product.framework.permissions.built_in`). Refusals raise SQLSTATE
-- BL401 (not a member of the organization) or BL403 (the role does not hold it; DETAIL:
-- the role). Runs as the caller: Row Level Security applies.

CREATE FUNCTION membership_permission_require(
    target_user_id TEXT, target_organization_id TEXT, permission TEXT, roles_holding TEXT[]
) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    caller_role TEXT;
    caller_custom TEXT[];
BEGIN
    SELECT locked.role, locked.custom_permissions INTO caller_role, caller_custom
    FROM membership_permissions_locked(target_user_id, target_organization_id) AS locked;
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
GRANT EXECUTE ON FUNCTION membership_permission_require(text, text, text, text[]) TO customer;
