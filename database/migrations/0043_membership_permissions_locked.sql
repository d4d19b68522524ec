-- depends: 0038_list_page_indexes_user
-- The route-level permission check in one round trip (`MembershipPermissions`): the
-- organization's member lock, then the caller's role and custom permissions, read by a
-- statement of their own so that they are the ones committed by whoever held the lock
-- (under READ COMMITTED one statement's snapshot predates its lock wait). Runs as the
-- caller: Row Level Security applies to both statements.

CREATE FUNCTION membership_permissions_locked(target_user_id TEXT, target_organization_id TEXT)
RETURNS TABLE (role TEXT, custom_permissions TEXT[])
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    PERFORM 1 FROM organizations WHERE organizations.id = target_organization_id FOR UPDATE;
    RETURN QUERY
    SELECT organizations_users.role::text, organization_roles.permissions
    FROM organizations_users
    LEFT JOIN organization_roles
        ON organization_roles.organization_id = organizations_users.organization_id
       AND organization_roles.id = organizations_users.custom_role_id
    WHERE organizations_users.user_id = target_user_id
      AND organizations_users.organization_id = target_organization_id
      AND organizations_users.removed_at IS NULL;
END $$;
GRANT EXECUTE ON FUNCTION membership_permissions_locked(text, text) TO customer;
