-- name: PipelineStatementTimeout :exec
-- This transaction's statement timeout (analytics statements may run longer than a
-- request's), transaction-local.
SELECT set_config('statement_timeout', sqlc.arg(timeout)::text, true);

-- name: DailySignupsClear :execrows
DELETE FROM daily_signups WHERE day = sqlc.arg(day)::date;

-- name: DailySignupsFill :execrows
-- Users created on the UTC day, and how many of them completed signup, by the inbound
-- source of their first organization ('none' without one).
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
)
INSERT INTO daily_signups (day, inbound_source, users_created, users_completed)
SELECT sqlc.arg(day)::date, coalesce(first_org.inbound_source, 'none'), count(*),
       count(*) FILTER (WHERE users.signup_step = 'complete')
FROM bounds
JOIN users ON users.created_at >= bounds.day_start AND users.created_at < bounds.day_end
LEFT JOIN LATERAL (
    SELECT organizations.inbound_source
    FROM organizations_users
    JOIN organizations ON organizations.id = organizations_users.organization_id
    WHERE organizations_users.user_id = users.id
    ORDER BY organizations_users.created_at, organizations_users.id
    LIMIT 1
) AS first_org ON true
GROUP BY coalesce(first_org.inbound_source, 'none');

-- name: DailySignupsCheck :one
-- What the table says for the day against the source tables: total users created, and
-- the number of rows against the number of sources with signups.
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
)
SELECT
    (SELECT coalesce(sum(users_created), 0) FROM daily_signups WHERE day = sqlc.arg(day)::date)::bigint
        AS table_total,
    (SELECT count(*) FROM users, bounds
     WHERE users.created_at >= bounds.day_start AND users.created_at < bounds.day_end)
        AS source_total,
    (SELECT count(*) FROM daily_signups WHERE day = sqlc.arg(day)::date) AS table_keys,
    (SELECT count(DISTINCT coalesce((
        SELECT organizations.inbound_source
        FROM organizations_users
        JOIN organizations ON organizations.id = organizations_users.organization_id
        WHERE organizations_users.user_id = users.id
        ORDER BY organizations_users.created_at, organizations_users.id
        LIMIT 1), 'none'))
     FROM users, bounds
     WHERE users.created_at >= bounds.day_start AND users.created_at < bounds.day_end)
        AS source_keys;

-- name: OrganizationDailyActivityClear :execrows
DELETE FROM organization_daily_activity WHERE day = sqlc.arg(day)::date;

-- name: OrganizationDailyActivityFill :execrows
-- One row per organization existing at the end of the UTC day: members active that day
-- (product sessions in it last seen that day), members by role at the end of the day,
-- invites sent and accepted that day.
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
), roles AS (
    SELECT organizations_users.organization_id,
           count(*) FILTER (WHERE organizations_users.role = 'owner') AS owners,
           count(*) FILTER (WHERE organizations_users.role = 'admin') AS admins,
           count(*) FILTER (WHERE organizations_users.role = 'member') AS members
    FROM organizations_users, bounds
    WHERE organizations_users.created_at < bounds.day_end
      AND (organizations_users.removed_at IS NULL OR organizations_users.removed_at >= bounds.day_end)
    GROUP BY organizations_users.organization_id
), active AS (
    SELECT sessions.organization_id, count(DISTINCT sessions.user_id) AS active_users
    FROM sessions, bounds
    WHERE sessions.app = 'product' AND sessions.organization_id IS NOT NULL
      AND sessions.last_seen_at >= bounds.day_start AND sessions.last_seen_at < bounds.day_end
    GROUP BY sessions.organization_id
), sent AS (
    SELECT invites.organization_id, count(*) AS invites_sent
    FROM invites, bounds
    WHERE invites.created_at >= bounds.day_start AND invites.created_at < bounds.day_end
    GROUP BY invites.organization_id
), accepted AS (
    SELECT invites.organization_id, count(*) AS invites_accepted
    FROM invites, bounds
    WHERE invites.accepted_at >= bounds.day_start AND invites.accepted_at < bounds.day_end
    GROUP BY invites.organization_id
)
INSERT INTO organization_daily_activity (
    day, organization_id, active_users, owners, admins, members, invites_sent, invites_accepted
)
SELECT sqlc.arg(day)::date, organizations.id, coalesce(active.active_users, 0),
       coalesce(roles.owners, 0), coalesce(roles.admins, 0), coalesce(roles.members, 0),
       coalesce(sent.invites_sent, 0), coalesce(accepted.invites_accepted, 0)
FROM bounds
JOIN organizations ON organizations.created_at < bounds.day_end
LEFT JOIN roles ON roles.organization_id = organizations.id
LEFT JOIN active ON active.organization_id = organizations.id
LEFT JOIN sent ON sent.organization_id = organizations.id
LEFT JOIN accepted ON accepted.organization_id = organizations.id;

-- name: OrganizationDailyActivityCheck :one
-- Invites sent that day in the table against the source, and rows against the
-- organizations existing at the end of the day.
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
)
SELECT
    (SELECT coalesce(sum(invites_sent), 0) FROM organization_daily_activity
     WHERE day = sqlc.arg(day)::date)::bigint AS table_total,
    (SELECT count(*) FROM invites, bounds
     WHERE invites.created_at >= bounds.day_start AND invites.created_at < bounds.day_end)
        AS source_total,
    (SELECT count(*) FROM organization_daily_activity WHERE day = sqlc.arg(day)::date) AS table_keys,
    (SELECT count(*) FROM organizations, bounds WHERE organizations.created_at < bounds.day_end)
        AS source_keys;

-- name: InviteFunnelDailyClear :execrows
DELETE FROM invite_funnel_daily WHERE day = sqlc.arg(day)::date;

-- name: InviteFunnelDailyFill :execrows
-- The invite funnel of the UTC day (no row for a day without invite activity).
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
), counts AS (
    SELECT
        (SELECT count(*) FROM invites
         WHERE invites.created_at >= bounds.day_start AND invites.created_at < bounds.day_end) AS sent,
        (SELECT count(*) FROM invites
         WHERE invites.accepted_at >= bounds.day_start AND invites.accepted_at < bounds.day_end) AS accepted,
        (SELECT count(*) FROM invites
         WHERE invites.revoked_at >= bounds.day_start AND invites.revoked_at < bounds.day_end) AS revoked,
        (SELECT count(*) FROM invites
         WHERE invites.expires_at >= bounds.day_start AND invites.expires_at < bounds.day_end
           AND invites.accepted_at IS NULL AND invites.revoked_at IS NULL) AS expired,
        (SELECT percentile_cont(0.5) WITHIN GROUP (
                    ORDER BY extract(epoch FROM invites.accepted_at - invites.created_at))
         FROM invites
         WHERE invites.accepted_at >= bounds.day_start AND invites.accepted_at < bounds.day_end
        ) AS median_seconds_to_accept
    FROM bounds
)
INSERT INTO invite_funnel_daily (day, sent, accepted, revoked, expired, median_seconds_to_accept)
SELECT sqlc.arg(day)::date, counts.sent, counts.accepted, counts.revoked, counts.expired,
       counts.median_seconds_to_accept
FROM counts
WHERE counts.sent + counts.accepted + counts.revoked + counts.expired > 0;

-- name: InviteFunnelDailyCheck :one
-- Invites sent that day in the table against the source, and rows (0 or 1) against
-- whether the day had invite activity.
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
)
SELECT
    (SELECT coalesce(sum(sent), 0) FROM invite_funnel_daily WHERE day = sqlc.arg(day)::date)::bigint
        AS table_total,
    (SELECT count(*) FROM invites, bounds
     WHERE invites.created_at >= bounds.day_start AND invites.created_at < bounds.day_end)
        AS source_total,
    (SELECT count(*) FROM invite_funnel_daily WHERE day = sqlc.arg(day)::date) AS table_keys,
    (SELECT count(*) FROM bounds WHERE EXISTS (
        SELECT 1 FROM invites
        WHERE (invites.created_at >= bounds.day_start AND invites.created_at < bounds.day_end)
           OR (invites.accepted_at >= bounds.day_start AND invites.accepted_at < bounds.day_end)
           OR (invites.revoked_at >= bounds.day_start AND invites.revoked_at < bounds.day_end)
           OR (invites.expires_at >= bounds.day_start AND invites.expires_at < bounds.day_end
               AND invites.accepted_at IS NULL AND invites.revoked_at IS NULL)
    )) AS source_keys;

-- name: LoginSecurityDailyClear :execrows
DELETE FROM login_security_daily WHERE day = sqlc.arg(day)::date;

-- name: LoginSecurityDailyFill :execrows
-- Per app with activity on the UTC day: failed logins, email and client pairs that
-- reached `client_limit` failures (a lockout), sessions started.
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
), failures AS (
    SELECT login_failures.app, login_failures.email, login_failures.client, count(*) AS n
    FROM login_failures, bounds
    WHERE login_failures.failed_at >= bounds.day_start AND login_failures.failed_at < bounds.day_end
    GROUP BY login_failures.app, login_failures.email, login_failures.client
), per_app AS (
    SELECT failures.app, sum(failures.n) AS failed_logins,
           count(*) FILTER (WHERE failures.n >= sqlc.arg(client_limit)::bigint) AS lockouts
    FROM failures
    GROUP BY failures.app
), started AS (
    SELECT sessions.app, count(*) AS sessions_started
    FROM sessions, bounds
    WHERE sessions.created_at >= bounds.day_start AND sessions.created_at < bounds.day_end
    GROUP BY sessions.app
)
INSERT INTO login_security_daily (day, app, failed_logins, lockouts, sessions_started)
SELECT sqlc.arg(day)::date, session_app_enum.value, coalesce(per_app.failed_logins, 0),
       coalesce(per_app.lockouts, 0), coalesce(started.sessions_started, 0)
FROM session_app_enum
LEFT JOIN per_app ON per_app.app = session_app_enum.value
LEFT JOIN started ON started.app = session_app_enum.value
WHERE per_app.app IS NOT NULL OR started.app IS NOT NULL;

-- name: LoginSecurityDailyCheck :one
-- Sessions started that day in the table against the source, and rows against the apps
-- with activity.
WITH bounds AS NOT MATERIALIZED (
    SELECT (sqlc.arg(day)::date)::timestamp AT TIME ZONE 'UTC' AS day_start,
           (sqlc.arg(day)::date + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
)
SELECT
    (SELECT coalesce(sum(sessions_started), 0) FROM login_security_daily
     WHERE day = sqlc.arg(day)::date)::bigint AS table_total,
    (SELECT count(*) FROM sessions, bounds
     WHERE sessions.created_at >= bounds.day_start AND sessions.created_at < bounds.day_end)
        AS source_total,
    (SELECT count(*) FROM login_security_daily WHERE day = sqlc.arg(day)::date) AS table_keys,
    (SELECT count(*) FROM session_app_enum, bounds WHERE EXISTS (
        SELECT 1 FROM sessions
        WHERE sessions.app = session_app_enum.value
          AND sessions.created_at >= bounds.day_start AND sessions.created_at < bounds.day_end
     ) OR EXISTS (
        SELECT 1 FROM login_failures
        WHERE login_failures.app = session_app_enum.value
          AND login_failures.failed_at >= bounds.day_start
          AND login_failures.failed_at < bounds.day_end
     )) AS source_keys;

-- name: HousekeepingSessionsExpiredDelete :one
-- Up to `batch` product sessions that expired more than `keep` ago, oldest first from
-- `after` (the previous batch's `last`: a batch never rescans what earlier ones deleted).
WITH doomed AS (
    SELECT s.id, s.expires_at FROM sessions AS s
    WHERE s.app = 'product' AND s.expires_at >= sqlc.arg(after)::timestamptz
      AND s.expires_at < sqlc.arg(now)::timestamptz - sqlc.arg(keep)::interval
    ORDER BY s.expires_at
    LIMIT sqlc.arg(batch)::bigint
), gone AS (
    DELETE FROM sessions WHERE sessions.id IN (SELECT doomed.id FROM doomed) RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS affected,
       coalesce((SELECT max(doomed.expires_at) FROM doomed), sqlc.arg(after)::timestamptz) AS last;

-- name: HousekeepingSessionsEndedDelete :one
-- Up to `batch` product sessions ended early (logout, revocation) more than `keep` ago,
-- oldest first from `after`.
WITH doomed AS (
    SELECT s.id, s.expired_at FROM sessions AS s
    WHERE s.app = 'product' AND s.expired_at >= sqlc.arg(after)::timestamptz
      AND s.expired_at < sqlc.arg(now)::timestamptz - sqlc.arg(keep)::interval
    ORDER BY s.expired_at
    LIMIT sqlc.arg(batch)::bigint
), gone AS (
    DELETE FROM sessions WHERE sessions.id IN (SELECT doomed.id FROM doomed) RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS affected,
       coalesce((SELECT max(doomed.expired_at) FROM doomed), sqlc.arg(after)::timestamptz) AS last;

-- name: HousekeepingLoginFailuresDelete :one
-- Up to `batch` failed logins older than the lockout window (they no longer count),
-- oldest first from `after`.
WITH doomed AS (
    SELECT f.id, f.failed_at FROM login_failures AS f
    WHERE f.failed_at >= sqlc.arg(after)::timestamptz
      AND f.failed_at < sqlc.arg(now)::timestamptz - sqlc.arg(lockout_window)::interval
    ORDER BY f.failed_at
    LIMIT sqlc.arg(batch)::bigint
), gone AS (
    DELETE FROM login_failures WHERE login_failures.id IN (SELECT doomed.id FROM doomed) RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS affected,
       coalesce((SELECT max(doomed.failed_at) FROM doomed), sqlc.arg(after)::timestamptz) AS last;

-- name: HousekeepingInvitesExpire :one
-- Up to `batch` pending invites past their expiry marked expired (their codes already
-- stop working at `expires_at`; the mark makes the state explicit and queryable), oldest
-- first from `after`.
WITH doomed AS (
    SELECT i.id, i.expires_at FROM invites AS i
    WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expired_at IS NULL
      AND i.expires_at >= sqlc.arg(after)::timestamptz
      AND i.expires_at < sqlc.arg(now)::timestamptz
    ORDER BY i.expires_at
    LIMIT sqlc.arg(batch)::bigint
), marked AS (
    UPDATE invites
    SET expired_at = sqlc.arg(now)::timestamptz,
        storytime = storytime_event(storytime, 'expired', NULL, sqlc.arg(now)::timestamptz)
    WHERE invites.id IN (SELECT doomed.id FROM doomed)
    RETURNING 1
)
SELECT (SELECT count(*) FROM marked) AS affected,
       coalesce((SELECT max(doomed.expires_at) FROM doomed), sqlc.arg(after)::timestamptz) AS last;

-- name: HousekeepingRateLimitHitsDelete :one
-- Up to `batch` rate-limit hits older than `keep` (longer than any window), oldest first
-- from `after`.
WITH doomed AS (
    SELECT h.id, h.hit_at FROM rate_limit_hits AS h
    WHERE h.hit_at >= sqlc.arg(after)::timestamptz
      AND h.hit_at < sqlc.arg(now)::timestamptz - sqlc.arg(keep)::interval
    ORDER BY h.hit_at
    LIMIT sqlc.arg(batch)::bigint
), gone AS (
    DELETE FROM rate_limit_hits WHERE rate_limit_hits.id IN (SELECT doomed.id FROM doomed) RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS affected,
       coalesce((SELECT max(doomed.hit_at) FROM doomed), sqlc.arg(after)::timestamptz) AS last;

-- name: HousekeepingSsoRequestsDelete :one
-- Up to `batch` single sign-on requests that expired more than `keep` ago (used or not:
-- an expired request is refused anyway), oldest first from `after`.
WITH doomed AS (
    SELECT r.id, r.expires_at FROM sso_requests AS r
    WHERE r.expires_at >= sqlc.arg(after)::timestamptz
      AND r.expires_at < sqlc.arg(now)::timestamptz - sqlc.arg(keep)::interval
    ORDER BY r.expires_at
    LIMIT sqlc.arg(batch)::bigint
), gone AS (
    DELETE FROM sso_requests WHERE sso_requests.id IN (SELECT doomed.id FROM doomed) RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS affected,
       coalesce((SELECT max(doomed.expires_at) FROM doomed), sqlc.arg(after)::timestamptz) AS last;

-- name: HousekeepingDomainsToRecheck :many
-- Verified domains not re-checked since `before`, oldest check first.
SELECT id, domain, verification_token FROM organization_domains
WHERE verified_at IS NOT NULL
  AND coalesce(checked_at, verified_at) < sqlc.arg(before)::timestamptz
ORDER BY coalesce(checked_at, verified_at), id
LIMIT sqlc.arg(batch)::bigint;

-- name: HousekeepingDomainRechecked :one
-- @optional
-- Record one re-check: found resets the failures; a miss counts one, and the
-- `max_failures`-th consecutive miss makes the domain unverified.
UPDATE organization_domains
SET checked_at = sqlc.arg(now)::timestamptz,
    check_failures = CASE WHEN @found THEN 0 ELSE check_failures + 1 END,
    verified_at = CASE
        WHEN NOT @found AND check_failures + 1 >= sqlc.arg(max_failures)::bigint THEN NULL
        ELSE verified_at END,
    storytime = CASE
        WHEN NOT @found AND check_failures + 1 >= sqlc.arg(max_failures)::bigint
        THEN storytime_event(storytime, 'unverified: TXT record missing', NULL, sqlc.arg(now)::timestamptz)
        ELSE storytime END
WHERE id = @id
RETURNING id, verified_at;

-- name: HousekeepingWebhookEventsDelete :one
-- Up to `batch` webhook events older than `keep` none of whose deliveries is still pending
-- (delivered or failed: their deliveries and attempts go with them), oldest first from
-- `after`.
WITH doomed AS (
    SELECT e.id, e.created_at FROM webhook_events AS e
    WHERE e.created_at >= sqlc.arg(after)::timestamptz
      AND e.created_at < sqlc.arg(now)::timestamptz - sqlc.arg(keep)::interval
      AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries AS d
          WHERE d.organization_id = e.organization_id AND d.event_id = e.id
            AND d.status = 'pending'
      )
    ORDER BY e.created_at
    LIMIT sqlc.arg(batch)::bigint
), gone AS (
    DELETE FROM webhook_events WHERE webhook_events.id IN (SELECT doomed.id FROM doomed) RETURNING 1
)
SELECT (SELECT count(*) FROM gone) AS affected,
       coalesce((SELECT max(doomed.created_at) FROM doomed), sqlc.arg(after)::timestamptz) AS last;
