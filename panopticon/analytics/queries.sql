-- name: AnalyticsSignupsByDay :many
-- Signups per UTC day between two days (inclusive), from the pipeline's daily_signups.
SELECT daily_signups.day, sum(daily_signups.users_created)::bigint AS users_created,
       sum(daily_signups.users_completed)::bigint AS users_completed
FROM daily_signups
WHERE daily_signups.day BETWEEN sqlc.arg(first_day)::date AND sqlc.arg(last_day)::date
GROUP BY daily_signups.day
ORDER BY daily_signups.day;

-- name: AnalyticsOrganizationsByDay :many
-- Per UTC day: organizations with at least one active user, and organizations in all.
SELECT organization_daily_activity.day,
       count(*) FILTER (WHERE organization_daily_activity.active_users > 0) AS active_organizations,
       count(*) AS organizations
FROM organization_daily_activity
WHERE organization_daily_activity.day BETWEEN sqlc.arg(first_day)::date AND sqlc.arg(last_day)::date
GROUP BY organization_daily_activity.day
ORDER BY organization_daily_activity.day;

-- name: AnalyticsInviteFunnelByDay :many
SELECT invite_funnel_daily.day, invite_funnel_daily.sent, invite_funnel_daily.accepted,
       invite_funnel_daily.revoked, invite_funnel_daily.expired,
       invite_funnel_daily.median_seconds_to_accept
FROM invite_funnel_daily
WHERE invite_funnel_daily.day BETWEEN sqlc.arg(first_day)::date AND sqlc.arg(last_day)::date
ORDER BY invite_funnel_daily.day;

-- name: AnalyticsLoginSecurityByDay :many
-- Per UTC day, both apps together: failed sign-ins, lockouts and sessions started, from
-- the pipeline's login_security_daily.
SELECT login_security_daily.day,
       sum(login_security_daily.failed_logins)::bigint AS failed_logins,
       sum(login_security_daily.lockouts)::bigint AS lockouts,
       sum(login_security_daily.sessions_started)::bigint AS sessions_started
FROM login_security_daily
WHERE login_security_daily.day BETWEEN sqlc.arg(first_day)::date AND sqlc.arg(last_day)::date
GROUP BY login_security_daily.day
ORDER BY login_security_daily.day;
