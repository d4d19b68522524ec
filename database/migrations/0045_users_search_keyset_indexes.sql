-- depends: 0044_membership_permission_require
-- The admin console's users_search pages by keyset (panopticon/users/queries.sql): every
-- search way reads its matches in page order from an index, so a page costs the same
-- however many users match. An email domain search (`@example.com`) is an equality on the
-- part after the last `@`, in id order (newest, oldest) or in email order (byte order, as
-- users_email_prefix_idx, which serves the email sorts of the list and of an email prefix).
-- The reversed-email index (0036) served a domain as a prefix of the reversed email, whose
-- order is no page order: it goes.

CREATE INDEX users_email_domain_page_idx ON users (split_part(lower(email), '@', -1), id);
CREATE INDEX users_email_domain_email_idx
    ON users (split_part(lower(email), '@', -1), lower(email) text_pattern_ops);
DROP INDEX users_email_reverse_idx;
