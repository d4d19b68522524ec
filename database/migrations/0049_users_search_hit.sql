-- depends: 0048_name_words_like
-- users_search_hit: whether a user (`id`, `email`, `name`) matches what an admin typed in
-- the console's user search, as any of its four ways does (panopticon/users/queries.sql):
-- the id itself, an email starting with `email_prefix` (lowercase), an email at `domain`
-- (lowercase), or a name with the words of the typed text, tested first by its LIKE
-- patterns (`name_like`: name_words_like, a necessary condition, a comparison per word)
-- and then by its words (`words`: name_words_query). The caller computes `name_like` and
-- `words` once per statement (scalar subqueries): computed here they would be parsed
-- again for every user. One definition for the walk of the four UsersSearch* pages; a
-- single expression, so the planner inlines it (no call per row).

CREATE FUNCTION users_search_hit(
    id TEXT, email TEXT, name TEXT,
    typed_id TEXT, email_prefix TEXT, domain TEXT, name_like TEXT[], words tsquery
) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN id = typed_id
    OR (lower(email) ~>=~ email_prefix AND lower(email) ~<~ (email_prefix || chr(1114111)))
    OR split_part(lower(email), '@', -1) = domain
    OR (lower(name) LIKE ALL (name_like) AND name_words(name) @@ words);
