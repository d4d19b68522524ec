-- depends: 0047_users_name_words
-- name_words_like: LIKE patterns, one per word of what an admin typed ('%ann%', '%le%'
-- for "ann le"), each lowercased as name_words lowercases. A name whose words match
-- name_words_query(typed) holds every word of it, the last at least as a prefix, so its
-- lowercased text holds each pattern's word: `lower(name) LIKE ALL (name_words_like(typed))`
-- is a necessary condition of the match, a comparison per word where the match itself
-- splits and parses the name. users_search tests it first when it walks the users in
-- page order (panopticon/users/queries.sql). The words come from name_words, so after the
-- punctuation is gone none holds `%`, `_` or `\`: the patterns need no escaping. NULL
-- when the typed text holds no word, as name_words_query.

CREATE FUNCTION name_words_like(typed TEXT) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT array_agg('%' || word.lexeme || '%') FROM unnest(name_words(typed)) AS word
);
