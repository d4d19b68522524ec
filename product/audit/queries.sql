-- name: OrganizationAuditEvents :many
-- The organization's audit log, newest first: the history its own rows keep (storytime
-- events of the organization, its memberships, invites, vault secrets, API keys and SCIM
-- tokens: created, revoked) and the copies of Blossom staff's actions on it
-- (organization_audit_log), filtered, after the cursor (at, event_key), at most
-- row_limit. An actor is a user, or an organization API key (its id and name:
-- `actor_is_api_key`). event_key is unique (a storytime event: its row and place; a
-- staff action: its row's id), so paging by (at, event_key) never skips a tie.
WITH subjects AS (
    SELECT 'organization' AS subject_type, o.id, o.storytime
    FROM organizations AS o WHERE o.id = @organization_id
    UNION ALL
    SELECT 'membership', m.id, m.storytime
    FROM organizations_users AS m WHERE m.organization_id = @organization_id
    UNION ALL
    SELECT 'invite', i.id, i.storytime FROM invites AS i WHERE i.organization_id = @organization_id
    UNION ALL
    SELECT 'vault_secret', v.id, v.storytime
    FROM vaulted_secrets AS v WHERE v.organization_id = @organization_id
    UNION ALL
    SELECT 'api_key', k.id, k.storytime FROM api_keys AS k WHERE k.organization_id = @organization_id
    UNION ALL
    SELECT 'scim_token', st.id, st.storytime
    FROM scim_tokens AS st WHERE st.organization_id = @organization_id
), events AS (
    SELECT s.subject_type, s.id AS subject, s.id || ':' || lpad(e.ord::text, 6, '0') AS event_key,
           e.event ->> 'did' AS action, e.event ->> 'by' AS actor_user_id,
           (e.event ->> 'at')::timestamptz AS at,
           NULL::text AS admin_user_id, NULL::text AS admin_actor, NULL::text AS reason,
           e.event ->> 'client' AS client,
           coalesce(nullif(e.event -> 'diff', 'null'::jsonb), '{}'::jsonb) AS diff
    FROM subjects AS s,
         jsonb_array_elements(coalesce(s.storytime -> 'events', '[]'::jsonb))
             WITH ORDINALITY AS e(event, ord)
    UNION ALL
    SELECT 'support', a.target, a.id, a.action, NULL, a.at, a.admin_user_id, a.admin_actor, a.reason,
           a.client, a.diff
    FROM organization_audit_log AS a
    WHERE a.organization_id = @organization_id
), keyed AS (
    SELECT events.* FROM events
)
SELECT keyed.event_key, keyed.subject_type, keyed.subject, keyed.action,
       keyed.actor_user_id, coalesce(actor.name, actor_key.name) AS actor_name,
       (actor_key.id IS NOT NULL) AS actor_is_api_key, keyed.at, keyed.admin_user_id,
       keyed.admin_actor,
       keyed.reason, keyed.client, keyed.diff
FROM keyed
LEFT JOIN users AS actor ON actor.id = keyed.actor_user_id
LEFT JOIN api_keys AS actor_key
    ON actor_key.id = keyed.actor_user_id AND actor_key.organization_id = @organization_id
WHERE keyed.at IS NOT NULL
  AND (sqlc.narg(actor)::text IS NULL
       OR keyed.actor_user_id = sqlc.narg(actor)
       OR keyed.admin_user_id = sqlc.narg(actor))
  AND (sqlc.narg(action)::text IS NULL OR keyed.action = sqlc.narg(action))
  AND (sqlc.narg(from_at)::timestamptz IS NULL OR keyed.at >= sqlc.narg(from_at))
  AND (sqlc.narg(to_at)::timestamptz IS NULL OR keyed.at < sqlc.narg(to_at))
  AND (sqlc.narg(cursor_at)::timestamptz IS NULL
       OR (keyed.at, keyed.event_key) < (sqlc.narg(cursor_at), sqlc.narg(cursor_key)::text))
ORDER BY keyed.at DESC, keyed.event_key DESC
LIMIT @row_limit;

-- name: AuditExportStartedAt :one
-- The database's time at the start of an export: its upper bound, so events recorded
-- while it streams never join it.
SELECT now()::timestamptz AS started_at;
