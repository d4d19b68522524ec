-- name: DomainAdd :one
-- @optional
INSERT INTO organization_domains (organization_id, domain, verification_token, storytime)
VALUES (@organization_id, @domain, @verification_token,
        storytime_event(NULL, 'added', sqlc.arg(by_user_id)::text, now()))
ON CONFLICT (organization_id, domain) DO NOTHING
RETURNING *;

-- name: DomainFetch :one
-- @optional
SELECT * FROM organization_domains
WHERE organization_id = @organization_id AND domain = @domain;

-- name: DomainsList :many
-- One page of the organization's domains, oldest first, after `after_id`.
SELECT * FROM organization_domains
WHERE organization_id = @organization_id AND id > @after_id
ORDER BY id
LIMIT @row_limit;

-- name: DomainLock :exec
-- Serializes verifications of one domain across organizations (see migration 0021).
SELECT pg_advisory_xact_lock(hashtextextended('organization_domain:' || sqlc.arg(domain)::text, 0));

-- name: DomainVerifiedElsewhere :one
SELECT EXISTS (
    SELECT 1 FROM organization_domains
    WHERE domain = @domain AND verified_at IS NOT NULL AND organization_id <> @organization_id
) AS taken;

-- name: DomainMarkVerified :one
UPDATE organization_domains
SET verified_at = coalesce(verified_at, sqlc.arg(now)::timestamptz),
    checked_at = sqlc.arg(now)::timestamptz, check_failures = 0,
    storytime = storytime_event(storytime, 'verified', sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND domain = @domain
RETURNING *;

-- name: DomainSetEnrollment :one
-- @optional
UPDATE organization_domains
SET enrollment = @enrollment,
    storytime = storytime_event(storytime, 'enrollment ' || sqlc.arg(enrollment)::text,
                                sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND domain = @domain
RETURNING *;

-- name: DomainRemove :one
-- @optional
DELETE FROM organization_domains
WHERE organization_id = @organization_id AND domain = @domain
RETURNING domain;

-- name: OrganizationNote :exec
UPDATE organizations
SET storytime = storytime_event(storytime, @did, sqlc.narg(by_user_id)::text, now())
WHERE id = @id;

-- name: DomainAutomaticJoin :many
-- The user joins, as member, every organization with a verified domain in automatic
-- enrollment at their verified address's domain, unless they were ever a member of it
-- (someone removed, or who left, is not brought back).
INSERT INTO organizations_users (organization_id, user_id, role, storytime)
SELECT organization_domains.organization_id, users.id, 'member',
       storytime_event(NULL, 'joined automatically: verified domain ' || organization_domains.domain,
                       users.id, now())
FROM users
JOIN organization_domains
  ON organization_domains.domain = lower(split_part(users.email, '@', 2))
 AND organization_domains.verified_at IS NOT NULL
 AND organization_domains.enrollment = 'automatic'
WHERE users.id = @user_id AND users.email_verified_at IS NOT NULL AND users.deleted_at IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM organizations_users AS earlier
      WHERE earlier.organization_id = organization_domains.organization_id
        AND earlier.user_id = users.id
  )
ON CONFLICT DO NOTHING
RETURNING organization_id;

-- name: JoinRequestCreate :one
-- @optional
INSERT INTO organization_join_requests (organization_id, user_id, storytime)
VALUES (@organization_id, @user_id, storytime_event(NULL, 'asked', sqlc.arg(user_id)::text, now()))
ON CONFLICT (organization_id, user_id) WHERE decided_at IS NULL DO NOTHING
RETURNING id;

-- name: JoinRequestsOpen :many
SELECT organization_join_requests.id, organization_join_requests.user_id, users.name,
       users.email, organization_join_requests.created_at
FROM organization_join_requests
JOIN users ON users.id = organization_join_requests.user_id
WHERE organization_join_requests.organization_id = @organization_id
  AND organization_join_requests.decided_at IS NULL
  AND organization_join_requests.id > @after_id
ORDER BY organization_join_requests.id
LIMIT @row_limit;

-- name: JoinRequestDecide :one
-- @optional
UPDATE organization_join_requests
SET decided_at = sqlc.arg(now)::timestamptz, approved = @approved,
    storytime = storytime_event(storytime, CASE WHEN @approved THEN 'approved' ELSE 'declined' END,
                                sqlc.arg(by_user_id)::text, now())
WHERE organization_id = @organization_id AND id = @id AND decided_at IS NULL
RETURNING user_id;

-- name: MembershipAddMember :one
-- @optional
INSERT INTO organizations_users (organization_id, user_id, role, storytime)
VALUES (@organization_id, @user_id, 'member',
        storytime_event(NULL, 'join request approved', sqlc.arg(by_user_id)::text, now()))
ON CONFLICT DO NOTHING
RETURNING id;
