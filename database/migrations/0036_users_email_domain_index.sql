-- depends: 0035_storytime_event_detail
-- The admin console finds users by email domain (`@example.com`): a suffix of the email is
-- a prefix of the reversed email, which this index serves (the console's users_search).

CREATE INDEX users_email_reverse_idx ON users (reverse(lower(email)) text_pattern_ops, id);
