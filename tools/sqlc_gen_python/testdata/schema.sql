-- Fixture schema for the sqlc-gen-python tests (not the product schema).
-- Regenerate the recorded requests with: python -m tools.sqlc_gen_python.record

CREATE TABLE _yoyo_migration (migration_hash text PRIMARY KEY, applied_at_utc timestamp);
CREATE TABLE yoyo_lock (locked integer PRIMARY KEY, ctime timestamp, pid integer NOT NULL);

CREATE TABLE organization_role_enum (value text PRIMARY KEY);

CREATE TABLE users (
    id text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    storytime jsonb,
    email text NOT NULL,
    display_name text
);

CREATE TABLE organizations (
    id text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL
);

CREATE TABLE organizations_users (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations (id),
    user_id text NOT NULL REFERENCES users (id),
    role text NOT NULL REFERENCES organization_role_enum (value),
    previous_roles text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE categories (id text PRIMARY KEY, name text NOT NULL);
CREATE TABLE addresses (id text PRIMARY KEY, line text NOT NULL);

CREATE TABLE type_zoo (
    id bigserial PRIMARY KEY,
    t_text text NOT NULL,
    t_varchar varchar(20) NOT NULL,
    t_bpchar char(3) NOT NULL,
    t_citext citext NOT NULL,
    t_bool boolean NOT NULL,
    t_int2 smallint NOT NULL,
    t_int4 integer NOT NULL,
    t_int8 bigint NOT NULL,
    t_serial serial NOT NULL,
    t_numeric numeric(12, 2) NOT NULL,
    t_float4 real NOT NULL,
    t_float8 double precision NOT NULL,
    t_timestamptz timestamptz NOT NULL,
    t_timestamp timestamp NOT NULL,
    t_date date NOT NULL,
    t_time time NOT NULL,
    t_interval interval NOT NULL,
    t_uuid uuid NOT NULL,
    t_json json NOT NULL,
    t_jsonb jsonb NOT NULL,
    t_bytea bytea NOT NULL,
    t_text_array text[] NOT NULL,
    t_int8_matrix bigint[][],
    t_jsonb_nullable jsonb,
    t_nullable_text text
);

CREATE VIEW active_users WITH (security_invoker = true) AS
    SELECT id, email FROM users WHERE display_name IS NOT NULL;
