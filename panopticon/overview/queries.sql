-- name: OverviewTotals :one
-- The console's front page figures.
SELECT
    (SELECT count(*) FROM users) AS users,
    (SELECT count(*) FROM users WHERE users.is_enabled) AS enabled_users,
    (SELECT count(*) FROM organizations) AS organizations,
    (SELECT count(*) FROM sessions
     WHERE sessions.app = 'product' AND sessions.expired_at IS NULL
       AND sessions.expires_at > sqlc.arg(now)::timestamptz) AS active_product_sessions,
    (SELECT count(*) FROM users
     WHERE users.created_at > sqlc.arg(now)::timestamptz - interval '7 days') AS signups_last_7_days,
    (SELECT count(*) FROM invites
     WHERE invites.accepted_at IS NULL AND invites.revoked_at IS NULL
       AND invites.expires_at > sqlc.arg(now)::timestamptz) AS pending_invites;
