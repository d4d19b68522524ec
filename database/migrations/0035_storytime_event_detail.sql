-- depends: 0034_api_key_scopes_are_permissions
-- A storytime event with the client's address and what changed (`diff`: {field: {before,
-- after}}), for the changes the organization's audit log shows in detail (member role
-- changes and removals).
CREATE FUNCTION storytime_event_detail(
    storytime jsonb, did text, by_user_id text, at timestamptz, client text, diff jsonb
) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT jsonb_set(
        coalesce(storytime, '{}'::jsonb),
        '{events}',
        coalesce(storytime -> 'events', '[]'::jsonb)
            || jsonb_build_array(jsonb_build_object(
                'did', did, 'by', by_user_id, 'at', at, 'client', client, 'diff', diff))
    )
$$;
GRANT EXECUTE ON FUNCTION storytime_event_detail(jsonb, text, text, timestamptz, text, jsonb)
    TO customer;

-- Housekeeping deletes webhook events (their deliveries and attempts with them) older than
-- WEBHOOK_RETENTION_DAYS once none of their deliveries is pending, oldest first.
CREATE INDEX webhook_events_created_at_idx ON webhook_events (created_at);
