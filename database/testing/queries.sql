-- name: TestOrganizationCreate :one
INSERT INTO organizations (name, inbound_source)
VALUES (@name, @inbound_source)
RETURNING *;

-- name: TestUserCreate :one
INSERT INTO users (name, email, password_hash, signup_step, is_enabled)
VALUES (@name, @email, sqlc.narg(password_hash), @signup_step, @is_enabled)
RETURNING *;

-- name: TestMembershipCreate :one
INSERT INTO organizations_users (user_id, organization_id, role)
VALUES (@user_id, @organization_id, @role)
RETURNING *;

-- name: TestSessionCreate :one
INSERT INTO sessions (user_id, organization_id, app, expires_at)
VALUES (@user_id, sqlc.narg(organization_id), @app, @expires_at)
RETURNING *;
