-- depends: 0009_mfa
-- The users policy as a correlated EXISTS instead of `id IN (active members of the current
-- organization)`: the same rows, and Postgres may now check a user's own memberships by
-- index instead of loading every member of the organization into a hash on every
-- statement that touches users (it still hashes when that is cheaper). At a few thousand
-- users the old form also made the members list scan and filter every user of every
-- tenant: 3.5x the database CPU of this form. `product/organizations/plans_test.py`.
DROP POLICY visible ON users;
CREATE POLICY visible ON users FOR SELECT TO customer
    USING (
        id = current_user_id()
        OR EXISTS (
            SELECT 1 FROM organizations_users
            WHERE organizations_users.user_id = users.id
              AND organizations_users.organization_id = current_organization_id()
              AND organizations_users.removed_at IS NULL
        )
    );
