-- depends: 0050_scim_provision_user
-- The console's name search, looked up by word starts instead of by a prefix match.
-- users_name_words_idx (0047) answered name_words(name) @@ name_words_query(typed), whose
-- last word is a prefix ('4242' & 'bench':*). GIN answers a prefix by collecting every
-- entry the prefix matches, whole posting lists, before intersecting: when the last word
-- starts many names ("4242 Bench", "john s") it read every one of them (at 1,000,000
-- users, 146 pages and 7 ms for one match; at 10,000, 2 pages). Exact keys are
-- intersected by skipping through the longer lists from the shorter one's entries.
--
-- name_word_prefixes(name): the starts of each word of the name (name_words' lexemes),
-- of 1 to 20 characters ("ann lee": a, an, ann, l, le, lee). name_word_prefixes_typed:
-- each typed word's first 20 characters; NULL when the text holds no word (as
-- name_words_query). A name whose words match name_words_query(typed) holds every typed
-- word, the last at least as a prefix, so its prefixes hold each typed word's first 20
-- characters: `name_word_prefixes(name) @> name_word_prefixes_typed(typed)` is a necessary
-- condition of the match (database/name_words_test.py), which the index answers with
-- exact keys; the match itself stays the filter. Both sides are name_words' lexemes as
-- text (no second parse of the typed words). users_name_word_prefixes_idx indexes
-- name_word_prefixes(name): a change to name_words needs it rebuilt in the same migration.

CREATE FUNCTION name_word_prefixes(name TEXT) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(
    SELECT DISTINCT left(word.lexeme, n)
    FROM unnest(name_words(name)) AS word,
         generate_series(1, least(length(word.lexeme), 20)) AS n
);

CREATE FUNCTION name_word_prefixes_typed(typed TEXT) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN nullif(ARRAY(
    SELECT DISTINCT left(word.lexeme, 20) FROM unnest(name_words(typed)) AS word
), '{}');

CREATE INDEX users_name_word_prefixes_idx ON users USING gin (name_word_prefixes(name));
DROP INDEX users_name_words_idx;
