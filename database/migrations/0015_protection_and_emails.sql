-- depends: 0014_passkeys_sessions
-- Account protection and emails people read: each user's language (the emails they get
-- are in it), an email's HTML alternative beside its text, and the per-client count of
-- failed logins (a client past CAPTCHA_LOGIN_AFTER_FAILURES must solve a captcha).

CREATE TABLE user_locale_enum (value TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO user_locale_enum (value) VALUES ('en'), ('de');
ALTER TABLE user_locale_enum ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON user_locale_enum FOR SELECT TO customer USING (true);
GRANT SELECT ON user_locale_enum TO customer;

ALTER TABLE users
    ADD COLUMN locale TEXT COLLATE "C" NOT NULL DEFAULT 'en' REFERENCES user_locale_enum (value);
CREATE INDEX users_locale_idx ON users (locale);

ALTER TABLE emails ADD COLUMN html TEXT;

CREATE INDEX login_failures_app_client_failed_at_idx ON login_failures (app, client, failed_at);
