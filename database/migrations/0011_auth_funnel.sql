-- depends: 0010_users_policy_by_index
-- The authentication funnel (foundation/auth/funnel.py): every session records how it was
-- signed in (its first factor and, if one was asked, its second), and second-factor
-- challenges belong to an app (panopticon's admins pass the same second factor as the
-- product's users) and remember the first factor that led to them.

CREATE TABLE sign_in_method_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO sign_in_method_enum (value)
VALUES ('password'), ('signup'), ('password_reset'), ('invite'), ('impersonation');
ALTER TABLE sign_in_method_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON sign_in_method_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON sign_in_method_enum TO customer;

CREATE TABLE second_factor_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO second_factor_enum (value) VALUES ('totp'), ('recovery_code');
ALTER TABLE second_factor_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON second_factor_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON second_factor_enum TO customer;

ALTER TABLE sessions
    ADD COLUMN sign_in_method TEXT COLLATE "C" REFERENCES sign_in_method_enum (value),
    ADD COLUMN second_factor TEXT COLLATE "C" REFERENCES second_factor_enum (value);

ALTER TABLE mfa_challenges
    ADD COLUMN app TEXT COLLATE "C" NOT NULL DEFAULT 'product' REFERENCES session_app_enum (value),
    ADD COLUMN sign_in_method TEXT COLLATE "C" NOT NULL DEFAULT 'password'
        REFERENCES sign_in_method_enum (value);
