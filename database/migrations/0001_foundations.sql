-- Functions, roles and extensions every table relies on.

-- pgcrypto where the server ships it (managed Postgres does; the embedded wheel does not).
-- Nothing below needs it: randomness comes from core gen_random_uuid().
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgcrypto') THEN
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
    END IF;
END
$$;

-- Keeps updated_at current; attached to every table as a BEFORE UPDATE trigger.
CREATE FUNCTION updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END
$$;

-- Counter bits of generate_id(): increasing within a millisecond, wrapping at 1024.
CREATE SEQUENCE generate_id_counter AS bigint MINVALUE 0 MAXVALUE 1023 CYCLE;

-- A time-sortable id: '<prefix>_' + 11 base58 characters encoding a 64-bit TSID
-- (42 bits of milliseconds since 2020-01-01, 10 counter bits, 12 random bits).
-- Fixed width and an alphabet in ASCII order make ids sort by creation time under "C".
CREATE FUNCTION generate_id(prefix text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    alphabet constant text := '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    millis bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 1577836800000;
    counter bigint := nextval('generate_id_counter');
    random_bits bigint := ('x' || substr(md5(gen_random_uuid()::text), 1, 3))::bit(12)::bigint;
    tsid numeric;
    encoded text := '';
BEGIN
    IF prefix !~ '^[a-z]{2,3}$' THEN
        RAISE EXCEPTION 'generate_id: prefix must be 2-3 lowercase letters, got %', prefix;
    END IF;
    tsid := millis::numeric * 4194304 + counter * 4096 + random_bits;
    FOR i IN 1..11 LOOP
        encoded := substr(alphabet, (tsid % 58)::int + 1, 1) || encoded;
        tsid := floor(tsid / 58);
    END LOOP;
    RETURN prefix || '_' || encoded;
END
$$;

-- The RLS context, set transaction-locally by xact(); NULL outside a customer transaction.
CREATE FUNCTION current_user_id() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('app.current_user_id', true), '')
$$;

CREATE FUNCTION current_organization_id() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('app.current_organization_id', true), '')
$$;

-- The role customer transactions switch to. Roles are cluster-wide: create it only once.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'customer') THEN
        CREATE ROLE customer NOLOGIN;
    END IF;
    -- A non-superuser owner must be a member of customer to SET ROLE to it.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT customer TO %I', current_user);
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO customer;
GRANT USAGE ON SEQUENCE generate_id_counter TO customer;
GRANT EXECUTE ON FUNCTION generate_id(text), current_user_id(), current_organization_id() TO customer;
