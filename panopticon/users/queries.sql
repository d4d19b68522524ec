-- name: UsersListNewest :many
-- A page of users newest first (the primary key, backwards), with the console's filters (each null
-- filter is off), after the previous page's last row (keyset).
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    users.id < @before_id
    AND (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY users.id DESC
LIMIT @row_limit;

-- name: UsersListOldest :many
-- A page of users oldest first (the primary key), with the console's filters (each null
-- filter is off), after the previous page's last row (keyset).
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    users.id > @after_id
    AND (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY users.id
LIMIT @row_limit;

-- name: UsersListEmailAsc :many
-- A page of users by email, A to Z in byte order (users_email_prefix_idx), with the console's filters (each null
-- filter is off), after the previous page's last row (keyset).
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    lower(users.email) ~>~ sqlc.arg(after_email)::text
    AND (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY lower(users.email) USING ~<~
LIMIT @row_limit;

-- name: UsersListEmailDesc :many
-- A page of users by email, Z to A in byte order (users_email_prefix_idx, backwards), with the console's filters (each null
-- filter is off), after the previous page's last row (keyset).
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM users
WHERE
    lower(users.email) ~<~ sqlc.arg(before_email)::text
    AND (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
ORDER BY lower(users.email) USING ~>~
LIMIT @row_limit;

-- name: UsersSearchNewest :many
-- A page of the users matching a search, newest first, with the console's filters
-- (`kept`), after the previous page's last row (keyset). A match is the id itself, an
-- email starting with `email_prefix` (lowercase), an email at the domain `domain`
-- (lowercase) or a name with the words of `name_query` (`name_words_query`): one branch
-- each, each excluding the earlier ones' matches (no user comes twice; `IS NOT TRUE`
-- keeps an exclusion a filter, never an index condition) and giving at most
-- a page, the page is the first rows of the four. The domain and (in email order) the
-- prefix read their index in page order, only as far as the page needs
-- (users_email_domain_page_idx / users_email_domain_email_idx, users_email_prefix_idx);
-- the name's matches (users_name_word_prefixes_idx) and, in id order, the prefix's are fenced
-- (OFFSET 0: their own index, whatever the plan cache guesses) and sorted. The domain is
-- a range of one value, not `=`: an equality would let the planner drop it from the order
-- and walk the whole order filtering by domain (a rare domain: every row).
-- The walk (`walked`) comes first: the next `walk_rows` users in page order from the
-- position (bounded by an InitPlan: the last of them, an index condition), each tested
-- against the four branches (users_search_hit) and the filters, stopping at a page of
-- matches. When it finds a whole page, that is the page and no branch runs (a search most
-- users match costs the walk, not its matches); otherwise the branches give the page.
-- With `walk_rows` 0 (the route's choice for a search matching at most its count's cap)
-- it reads nothing.
WITH kept AS NOT MATERIALIZED (
    SELECT users.* FROM users
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
),
walked AS MATERIALIZED (
    SELECT walk.* FROM (
        SELECT kept.* FROM kept
        WHERE kept.id < @before_id
          AND kept.id >= (SELECT min(first.key) FROM (
              SELECT users.id AS key FROM users
              WHERE users.id < @before_id
              ORDER BY users.id DESC
              LIMIT @walk_rows
          ) AS first)
        ORDER BY kept.id DESC
        OFFSET 0
    ) AS walk
    WHERE users_search_hit(
        walk.id, walk.email, walk.name,
        sqlc.arg(id)::text, sqlc.arg(email_prefix)::text, sqlc.arg(domain)::text,
        (SELECT name_words_like(sqlc.arg(name_query)::text)),
        (SELECT name_words_query(sqlc.arg(name_query)::text)))
    ORDER BY walk.id DESC
    LIMIT @row_limit
)
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM (
    SELECT walked.* FROM walked
    WHERE (SELECT count(*) FROM walked) >= @row_limit
    UNION ALL
    SELECT indexed.* FROM (
        SELECT kept.* FROM kept
        WHERE kept.id = sqlc.arg(id)::text
          AND kept.id < @before_id
        UNION ALL
        (SELECT by_prefix.* FROM (
            SELECT kept.* FROM kept
            WHERE lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
              AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))
              AND kept.id <> sqlc.arg(id)::text
              AND kept.id < @before_id
            OFFSET 0
        ) AS by_prefix
        ORDER BY by_prefix.id DESC
        LIMIT @row_limit)
        UNION ALL
        (SELECT kept.* FROM kept
        WHERE split_part(lower(kept.email), '@', -1) >= sqlc.arg(domain)::text
          AND split_part(lower(kept.email), '@', -1) <= sqlc.arg(domain)::text
          AND kept.id <> sqlc.arg(id)::text
          AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
           AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
          AND kept.id < @before_id
        ORDER BY split_part(lower(kept.email), '@', -1) DESC, kept.id DESC
        LIMIT @row_limit)
        UNION ALL
        (SELECT by_name.* FROM (
            SELECT kept.* FROM kept
            WHERE name_word_prefixes(kept.name) @> name_word_prefixes_typed(sqlc.arg(name_query)::text)
              AND kept.id <> sqlc.arg(id)::text
              AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
               AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
              AND (split_part(lower(kept.email), '@', -1) = sqlc.arg(domain)::text) IS NOT TRUE
              AND kept.id < @before_id
            OFFSET 0
        ) AS by_name
        ORDER BY by_name.id DESC
        LIMIT @row_limit)
    ) AS indexed
    WHERE (SELECT count(*) FROM walked) < @row_limit
) AS users
ORDER BY users.id DESC
LIMIT @row_limit;

-- name: UsersSearchOldest :many
-- A page of the users matching a search, oldest first, with the console's filters
-- (`kept`), after the previous page's last row (keyset). A match is the id itself, an
-- email starting with `email_prefix` (lowercase), an email at the domain `domain`
-- (lowercase) or a name with the words of `name_query` (`name_words_query`): one branch
-- each, each excluding the earlier ones' matches (no user comes twice; `IS NOT TRUE`
-- keeps an exclusion a filter, never an index condition) and giving at most
-- a page, the page is the first rows of the four. The domain and (in email order) the
-- prefix read their index in page order, only as far as the page needs
-- (users_email_domain_page_idx / users_email_domain_email_idx, users_email_prefix_idx);
-- the name's matches (users_name_word_prefixes_idx) and, in id order, the prefix's are fenced
-- (OFFSET 0: their own index, whatever the plan cache guesses) and sorted. The domain is
-- a range of one value, not `=`: an equality would let the planner drop it from the order
-- and walk the whole order filtering by domain (a rare domain: every row).
-- The walk (`walked`) comes first: the next `walk_rows` users in page order from the
-- position (bounded by an InitPlan: the last of them, an index condition), each tested
-- against the four branches (users_search_hit) and the filters, stopping at a page of
-- matches. When it finds a whole page, that is the page and no branch runs (a search most
-- users match costs the walk, not its matches); otherwise the branches give the page.
-- With `walk_rows` 0 (the route's choice for a search matching at most its count's cap)
-- it reads nothing.
WITH kept AS NOT MATERIALIZED (
    SELECT users.* FROM users
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
),
walked AS MATERIALIZED (
    SELECT walk.* FROM (
        SELECT kept.* FROM kept
        WHERE kept.id > @after_id
          AND kept.id <= (SELECT max(first.key) FROM (
              SELECT users.id AS key FROM users
              WHERE users.id > @after_id
              ORDER BY users.id
              LIMIT @walk_rows
          ) AS first)
        ORDER BY kept.id
        OFFSET 0
    ) AS walk
    WHERE users_search_hit(
        walk.id, walk.email, walk.name,
        sqlc.arg(id)::text, sqlc.arg(email_prefix)::text, sqlc.arg(domain)::text,
        (SELECT name_words_like(sqlc.arg(name_query)::text)),
        (SELECT name_words_query(sqlc.arg(name_query)::text)))
    ORDER BY walk.id
    LIMIT @row_limit
)
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM (
    SELECT walked.* FROM walked
    WHERE (SELECT count(*) FROM walked) >= @row_limit
    UNION ALL
    SELECT indexed.* FROM (
        SELECT kept.* FROM kept
        WHERE kept.id = sqlc.arg(id)::text
          AND kept.id > @after_id
        UNION ALL
        (SELECT by_prefix.* FROM (
            SELECT kept.* FROM kept
            WHERE lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
              AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))
              AND kept.id <> sqlc.arg(id)::text
              AND kept.id > @after_id
            OFFSET 0
        ) AS by_prefix
        ORDER BY by_prefix.id
        LIMIT @row_limit)
        UNION ALL
        (SELECT kept.* FROM kept
        WHERE split_part(lower(kept.email), '@', -1) >= sqlc.arg(domain)::text
          AND split_part(lower(kept.email), '@', -1) <= sqlc.arg(domain)::text
          AND kept.id <> sqlc.arg(id)::text
          AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
           AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
          AND kept.id > @after_id
        ORDER BY split_part(lower(kept.email), '@', -1), kept.id
        LIMIT @row_limit)
        UNION ALL
        (SELECT by_name.* FROM (
            SELECT kept.* FROM kept
            WHERE name_word_prefixes(kept.name) @> name_word_prefixes_typed(sqlc.arg(name_query)::text)
              AND kept.id <> sqlc.arg(id)::text
              AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
               AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
              AND (split_part(lower(kept.email), '@', -1) = sqlc.arg(domain)::text) IS NOT TRUE
              AND kept.id > @after_id
            OFFSET 0
        ) AS by_name
        ORDER BY by_name.id
        LIMIT @row_limit)
    ) AS indexed
    WHERE (SELECT count(*) FROM walked) < @row_limit
) AS users
ORDER BY users.id
LIMIT @row_limit;

-- name: UsersSearchEmailAsc :many
-- A page of the users matching a search, by email, A to Z, with the console's filters
-- (`kept`), after the previous page's last row (keyset). A match is the id itself, an
-- email starting with `email_prefix` (lowercase), an email at the domain `domain`
-- (lowercase) or a name with the words of `name_query` (`name_words_query`): one branch
-- each, each excluding the earlier ones' matches (no user comes twice; `IS NOT TRUE`
-- keeps an exclusion a filter, never an index condition) and giving at most
-- a page, the page is the first rows of the four. The domain and (in email order) the
-- prefix read their index in page order, only as far as the page needs
-- (users_email_domain_page_idx / users_email_domain_email_idx, users_email_prefix_idx);
-- the name's matches (users_name_word_prefixes_idx) and, in id order, the prefix's are fenced
-- (OFFSET 0: their own index, whatever the plan cache guesses) and sorted. The domain is
-- a range of one value, not `=`: an equality would let the planner drop it from the order
-- and walk the whole order filtering by domain (a rare domain: every row).
-- The walk (`walked`) comes first: the next `walk_rows` users in page order from the
-- position (bounded by an InitPlan: the last of them, an index condition), each tested
-- against the four branches (users_search_hit) and the filters, stopping at a page of
-- matches. When it finds a whole page, that is the page and no branch runs (a search most
-- users match costs the walk, not its matches); otherwise the branches give the page.
-- With `walk_rows` 0 (the route's choice for a search matching at most its count's cap)
-- it reads nothing.
WITH kept AS NOT MATERIALIZED (
    SELECT users.* FROM users
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
),
walked AS MATERIALIZED (
    SELECT walk.* FROM (
        SELECT kept.*, lower(kept.email) AS walk_key FROM kept
        WHERE lower(kept.email) ~>~ sqlc.arg(after_email)::text
          AND lower(kept.email) ~<=~ (SELECT max(first.key COLLATE "C") COLLATE "default" FROM (
              SELECT lower(users.email) AS key FROM users
              WHERE lower(users.email) ~>~ sqlc.arg(after_email)::text
              ORDER BY lower(users.email) USING ~<~
              LIMIT @walk_rows
          ) AS first)
        ORDER BY lower(kept.email) USING ~<~
        OFFSET 0
    ) AS walk
    WHERE users_search_hit(
        walk.id, walk.email, walk.name,
        sqlc.arg(id)::text, sqlc.arg(email_prefix)::text, sqlc.arg(domain)::text,
        (SELECT name_words_like(sqlc.arg(name_query)::text)),
        (SELECT name_words_query(sqlc.arg(name_query)::text)))
    ORDER BY walk.walk_key USING ~<~
    LIMIT @row_limit
)
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM (
    SELECT walked.* FROM walked
    WHERE (SELECT count(*) FROM walked) >= @row_limit
    UNION ALL
    SELECT indexed.*, lower(indexed.email) AS walk_key FROM (
        SELECT kept.* FROM kept
        WHERE kept.id = sqlc.arg(id)::text
          AND lower(kept.email) ~>~ sqlc.arg(after_email)::text
        UNION ALL
        (SELECT kept.* FROM kept
        WHERE lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
          AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))
          AND kept.id <> sqlc.arg(id)::text
          AND lower(kept.email) ~>~ sqlc.arg(after_email)::text
        ORDER BY lower(kept.email) USING ~<~
        LIMIT @row_limit)
        UNION ALL
        (SELECT kept.* FROM kept
        WHERE split_part(lower(kept.email), '@', -1) >= sqlc.arg(domain)::text
          AND split_part(lower(kept.email), '@', -1) <= sqlc.arg(domain)::text
          AND kept.id <> sqlc.arg(id)::text
          AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
           AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
          AND lower(kept.email) ~>~ sqlc.arg(after_email)::text
        ORDER BY split_part(lower(kept.email), '@', -1), lower(kept.email) USING ~<~
        LIMIT @row_limit)
        UNION ALL
        (SELECT by_name.* FROM (
            SELECT kept.* FROM kept
            WHERE name_word_prefixes(kept.name) @> name_word_prefixes_typed(sqlc.arg(name_query)::text)
              AND kept.id <> sqlc.arg(id)::text
              AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
               AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
              AND (split_part(lower(kept.email), '@', -1) = sqlc.arg(domain)::text) IS NOT TRUE
              AND lower(kept.email) ~>~ sqlc.arg(after_email)::text
            OFFSET 0
        ) AS by_name
        ORDER BY lower(by_name.email) USING ~<~
        LIMIT @row_limit)
    ) AS indexed
    WHERE (SELECT count(*) FROM walked) < @row_limit
) AS users
ORDER BY lower(users.email) USING ~<~
LIMIT @row_limit;

-- name: UsersSearchEmailDesc :many
-- A page of the users matching a search, by email, Z to A, with the console's filters
-- (`kept`), after the previous page's last row (keyset). A match is the id itself, an
-- email starting with `email_prefix` (lowercase), an email at the domain `domain`
-- (lowercase) or a name with the words of `name_query` (`name_words_query`): one branch
-- each, each excluding the earlier ones' matches (no user comes twice; `IS NOT TRUE`
-- keeps an exclusion a filter, never an index condition) and giving at most
-- a page, the page is the first rows of the four. The domain and (in email order) the
-- prefix read their index in page order, only as far as the page needs
-- (users_email_domain_page_idx / users_email_domain_email_idx, users_email_prefix_idx);
-- the name's matches (users_name_word_prefixes_idx) and, in id order, the prefix's are fenced
-- (OFFSET 0: their own index, whatever the plan cache guesses) and sorted. The domain is
-- a range of one value, not `=`: an equality would let the planner drop it from the order
-- and walk the whole order filtering by domain (a rare domain: every row).
-- The walk (`walked`) comes first: the next `walk_rows` users in page order from the
-- position (bounded by an InitPlan: the last of them, an index condition), each tested
-- against the four branches (users_search_hit) and the filters, stopping at a page of
-- matches. When it finds a whole page, that is the page and no branch runs (a search most
-- users match costs the walk, not its matches); otherwise the branches give the page.
-- With `walk_rows` 0 (the route's choice for a search matching at most its count's cap)
-- it reads nothing.
WITH kept AS NOT MATERIALIZED (
    SELECT users.* FROM users
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
),
walked AS MATERIALIZED (
    SELECT walk.* FROM (
        SELECT kept.*, lower(kept.email) AS walk_key FROM kept
        WHERE lower(kept.email) ~<~ sqlc.arg(before_email)::text
          AND lower(kept.email) ~>=~ (SELECT min(first.key COLLATE "C") COLLATE "default" FROM (
              SELECT lower(users.email) AS key FROM users
              WHERE lower(users.email) ~<~ sqlc.arg(before_email)::text
              ORDER BY lower(users.email) USING ~>~
              LIMIT @walk_rows
          ) AS first)
        ORDER BY lower(kept.email) USING ~>~
        OFFSET 0
    ) AS walk
    WHERE users_search_hit(
        walk.id, walk.email, walk.name,
        sqlc.arg(id)::text, sqlc.arg(email_prefix)::text, sqlc.arg(domain)::text,
        (SELECT name_words_like(sqlc.arg(name_query)::text)),
        (SELECT name_words_query(sqlc.arg(name_query)::text)))
    ORDER BY walk.walk_key USING ~>~
    LIMIT @row_limit
)
SELECT
    users.id, users.name, users.email, lower(users.email) AS email_key, users.is_enabled,
    users.signup_step, users.created_at, users.last_visited_at,
    (users.email_verified_at IS NOT NULL) AS verified,
    (SELECT organizations_users.role FROM organizations_users
     WHERE organizations_users.user_id = users.id
       AND organizations_users.organization_id = sqlc.narg(organization_id)::text
       AND organizations_users.removed_at IS NULL
    ) AS role,
    (SELECT count(*) FROM organizations_users
     WHERE organizations_users.user_id = users.id AND organizations_users.removed_at IS NULL
    ) AS organizations_count
FROM (
    SELECT walked.* FROM walked
    WHERE (SELECT count(*) FROM walked) >= @row_limit
    UNION ALL
    SELECT indexed.*, lower(indexed.email) AS walk_key FROM (
        SELECT kept.* FROM kept
        WHERE kept.id = sqlc.arg(id)::text
          AND lower(kept.email) ~<~ sqlc.arg(before_email)::text
        UNION ALL
        (SELECT kept.* FROM kept
        WHERE lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
          AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))
          AND kept.id <> sqlc.arg(id)::text
          AND lower(kept.email) ~<~ sqlc.arg(before_email)::text
        ORDER BY lower(kept.email) USING ~>~
        LIMIT @row_limit)
        UNION ALL
        (SELECT kept.* FROM kept
        WHERE split_part(lower(kept.email), '@', -1) >= sqlc.arg(domain)::text
          AND split_part(lower(kept.email), '@', -1) <= sqlc.arg(domain)::text
          AND kept.id <> sqlc.arg(id)::text
          AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
           AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
          AND lower(kept.email) ~<~ sqlc.arg(before_email)::text
        ORDER BY split_part(lower(kept.email), '@', -1) DESC, lower(kept.email) USING ~>~
        LIMIT @row_limit)
        UNION ALL
        (SELECT by_name.* FROM (
            SELECT kept.* FROM kept
            WHERE name_word_prefixes(kept.name) @> name_word_prefixes_typed(sqlc.arg(name_query)::text)
              AND kept.id <> sqlc.arg(id)::text
              AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
               AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
              AND (split_part(lower(kept.email), '@', -1) = sqlc.arg(domain)::text) IS NOT TRUE
              AND lower(kept.email) ~<~ sqlc.arg(before_email)::text
            OFFSET 0
        ) AS by_name
        ORDER BY lower(by_name.email) USING ~>~
        LIMIT @row_limit)
    ) AS indexed
    WHERE (SELECT count(*) FROM walked) < @row_limit
) AS users
ORDER BY lower(users.email) USING ~>~
LIMIT @row_limit;

-- name: UsersCount :one
-- How many users the filters keep, counting at most `cap` (the list says "at least").
SELECT count(*) AS total FROM (
    SELECT 1 FROM users
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
    LIMIT @cap
) AS counted;

-- name: UsersSearchCount :one
-- How many users match a search (as UsersSearchNewest) and the filters, counting at most
-- `cap`: the branches are disjoint, so their rows are counted as they come and counting
-- stops at `cap` (an email domain every user shares costs `cap` index entries, not all;
-- the domain is a range for its index, as in UsersSearchNewest).
WITH kept AS NOT MATERIALIZED (
    SELECT users.* FROM users
    WHERE
    (sqlc.narg(is_enabled)::boolean IS NULL OR users.is_enabled = sqlc.narg(is_enabled)::boolean)
    AND (sqlc.narg(verified)::boolean IS NULL
         OR (users.email_verified_at IS NOT NULL) = sqlc.narg(verified)::boolean)
    AND (sqlc.narg(has_mfa)::boolean IS NULL OR (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) = sqlc.narg(has_mfa)::boolean)
    AND (sqlc.narg(organization_id)::text IS NULL OR EXISTS (
        SELECT 1 FROM organizations_users
        WHERE organizations_users.user_id = users.id
          AND organizations_users.organization_id = sqlc.narg(organization_id)::text
          AND organizations_users.removed_at IS NULL
    ))
    AND (sqlc.narg(created_from)::timestamptz IS NULL
         OR users.created_at >= sqlc.narg(created_from)::timestamptz)
    AND (sqlc.narg(created_before)::timestamptz IS NULL
         OR users.created_at < sqlc.narg(created_before)::timestamptz)
)
SELECT count(*) AS total FROM (
    SELECT 1
    FROM (
        SELECT kept.* FROM kept
        WHERE kept.id = sqlc.arg(id)::text
        UNION ALL
        SELECT by_prefix.* FROM (
            SELECT kept.* FROM kept
            WHERE lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
              AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))
              AND kept.id <> sqlc.arg(id)::text
            OFFSET 0
        ) AS by_prefix
        UNION ALL
        SELECT kept.* FROM kept
        WHERE split_part(lower(kept.email), '@', -1) >= sqlc.arg(domain)::text
          AND split_part(lower(kept.email), '@', -1) <= sqlc.arg(domain)::text
          AND kept.id <> sqlc.arg(id)::text
          AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
           AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
        UNION ALL
        SELECT by_name.* FROM (
            SELECT kept.* FROM kept
            WHERE name_word_prefixes(kept.name) @> name_word_prefixes_typed(sqlc.arg(name_query)::text)
              AND kept.id <> sqlc.arg(id)::text
              AND (lower(kept.email) ~>=~ sqlc.arg(email_prefix)::text
               AND lower(kept.email) ~<~ (sqlc.arg(email_prefix)::text || chr(1114111))) IS NOT TRUE
              AND (split_part(lower(kept.email), '@', -1) = sqlc.arg(domain)::text) IS NOT TRUE
            OFFSET 0
        ) AS by_name
    ) AS users
    LIMIT @cap
) AS counted;

-- name: UsersEstimate :one
-- The planner's estimate of the number of users (pg_class.reltuples, kept by autovacuum
-- and ANALYZE): the unfiltered list's total without counting every row; -1 if never
-- analyzed.
SELECT pg_class.reltuples::bigint AS estimate FROM pg_class WHERE pg_class.oid = 'users'::regclass;

-- name: UserGet :one
-- @optional
-- One user, every column but the password hash.
SELECT
    users.id, users.name, users.email, users.is_enabled, users.signup_step,
    users.created_at, users.updated_at, users.last_visited_at, users.storytime,
    users.email_verified_at, (users.password_hash IS NOT NULL) AS has_password,
    (
        EXISTS (
            SELECT 1 FROM mfa_totp
            WHERE mfa_totp.user_id = users.id AND mfa_totp.confirmed_at IS NOT NULL
        )
        OR EXISTS (
            SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id AND passkeys.second_factor
        )
    ) AS mfa_enabled
FROM users WHERE users.id = @user_id;

-- name: UserMemberships :many
-- Every membership of the user, active or ended, newest first, with who removed it.
SELECT
    organizations_users.id, organizations_users.organization_id,
    organizations.name AS organization_name, organizations_users.role,
    organizations_users.created_at AS joined_at, organizations_users.removed_at,
    organizations_users.removed_by_user_id, removers.name AS removed_by_name
FROM organizations_users
JOIN organizations ON organizations.id = organizations_users.organization_id
LEFT JOIN users AS removers ON removers.id = organizations_users.removed_by_user_id
WHERE organizations_users.user_id = @user_id
ORDER BY organizations_users.id DESC;

-- name: UserProductSessions :many
-- The user's product sessions, newest first (at most 100), with the impersonating admin
-- and where and how each was signed in.
SELECT
    sessions.id, sessions.created_at, sessions.last_seen_at, sessions.expires_at,
    sessions.expired_at, sessions.organization_id, sessions.impersonator_user_id,
    sessions.client_address, sessions.user_agent, sessions.sign_in_method, sessions.second_factor
FROM sessions
WHERE sessions.user_id = @user_id AND sessions.app = 'product'
ORDER BY sessions.id DESC
LIMIT 100;

-- name: UserLoginFailures :many
-- Recent failed logins for the email (any app), newest first (at most 50).
SELECT login_failures.id, login_failures.app, login_failures.client, login_failures.failed_at
FROM login_failures
WHERE login_failures.email = lower(@email)
ORDER BY login_failures.failed_at DESC
LIMIT 50;

-- name: UserLockForUpdate :one
-- @optional
-- The user row, locked for an admin change.
SELECT * FROM users WHERE users.id = @user_id FOR UPDATE;

-- name: UserSetEnabled :one
-- Enable or disable the user, recording the admin in storytime.
UPDATE users
SET is_enabled = @is_enabled,
    storytime = storytime_event(storytime, @did, @by_user_id, @now)
WHERE id = @user_id
RETURNING *;

-- name: UserProductSessionsExpire :execrows
-- End every live product session of the user at once.
UPDATE sessions SET expired_at = @now
WHERE sessions.user_id = @user_id AND sessions.app = 'product' AND sessions.expired_at IS NULL;

-- name: LoginLockoutClear :execrows
-- Forget the failed logins of the email (every app and client): its lockout lifts.
DELETE FROM login_failures WHERE login_failures.email = lower(@email);

-- name: UserMfaReset :one
-- Remove the user's second factors (secret, recovery codes, pending challenges, and every
-- passkey: a lost device may hold one), noting the admin in the user's storytime; whether
-- MFA was on.
WITH totp AS (
    DELETE FROM mfa_totp WHERE mfa_totp.user_id = @user_id
    RETURNING mfa_totp.confirmed_at
), keys AS (
    DELETE FROM passkeys WHERE passkeys.user_id = @user_id
    RETURNING passkeys.second_factor
), codes AS (
    DELETE FROM mfa_recovery_codes WHERE mfa_recovery_codes.user_id = @user_id
), challenges AS (
    DELETE FROM mfa_challenges WHERE mfa_challenges.user_id = @user_id
), was AS (
    SELECT EXISTS (SELECT 1 FROM totp WHERE totp.confirmed_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM keys WHERE keys.second_factor) AS enabled
), noted AS (
    UPDATE users
    SET storytime = storytime_event(users.storytime, 'two-factor authentication reset by an admin',
                                    sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz)
    WHERE users.id = @user_id AND (SELECT enabled FROM was)
)
SELECT coalesce(was.enabled, false) AS was_enabled FROM was;

-- name: UserNames :many
-- The names and emails of these users (the people a history names).
SELECT users.id, users.name, users.email FROM users WHERE users.id = ANY(@ids::text[]);

-- name: AdminUserCodeIssue :exec
-- A new one-time code of `purpose` for the user, issued by an admin (a password reset, an
-- email verification); older open codes of that purpose stop working. Noted in the user's
-- history.
WITH revoked AS (
    UPDATE user_codes SET revoked_at = sqlc.arg(now)::timestamptz
    WHERE user_codes.user_id = @user_id AND user_codes.purpose = @purpose
      AND user_codes.used_at IS NULL AND user_codes.revoked_at IS NULL
), noted AS (
    UPDATE users
    SET storytime = storytime_event(users.storytime, sqlc.arg(did)::text,
                                    sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz)
    WHERE users.id = @user_id
)
INSERT INTO user_codes (user_id, purpose, code_hash, expires_at)
VALUES (@user_id, @purpose, @code_hash, @expires_at);

-- name: AdminUserUpdate :one
-- A superadmin's change of the user's name and email: a new email is unverified until the
-- user proves it. Noted in the user's history.
UPDATE users
SET name = @name,
    email = @email,
    email_verified_at = CASE WHEN lower(users.email) = lower(@email) THEN users.email_verified_at END,
    storytime = storytime_event(users.storytime, 'name or email changed by an admin',
                                sqlc.arg(by_user_id)::text, sqlc.arg(now)::timestamptz)
WHERE users.id = @user_id
RETURNING *;

-- name: AdminEmailTaken :one
-- Whether another user has this email (any case).
SELECT EXISTS (
    SELECT 1 FROM users WHERE lower(users.email) = lower(@email) AND users.id <> @user_id
) AS taken;
