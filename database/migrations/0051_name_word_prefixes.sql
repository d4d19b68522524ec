-- depends: 0050_scim_provision_user
-- The console's name search, looked up by word starts instead of by a prefix match.
-- users_name_words_idx (0047) answered name_words(name) @@ name_words_query(typed), whose
-- last word is a prefix ('4242' & 'bench':*). GIN answers a prefix by collecting every
-- entry the prefix matches, whole posting lists, before intersecting: when the last word
-- starts many names ("4242 Bench", "john s") it read every one of them (at 1,000,000
-- users, 146 pages and 7 ms for one match; at 10,000, 2 pages). Exact keys are
-- intersected by skipping through the longer lists from the shorter one's entries.
--
-- name_word_prefixes(name): for each word of the name (name_words' lexemes), every start
-- of it and the whole word followed by a space ("ann lee": a, an, ann, "ann ", l, le,
-- lee, "lee "; a lexeme holds no space, so the two kinds never meet).
-- name_word_prefixes_typed(typed): what the name must hold for name_words_query(typed):
-- each typed word as a whole word, but the one at the last position as a start; NULL
-- when the text holds no word (as name_words_query). So
-- `name_word_prefixes(name) @> name_word_prefixes_typed(typed)` is the same condition as
-- `name_words(name) @@ name_words_query(typed)` (database/name_words_test.py compares
-- them over generated names), answered by the index with exact keys and no recheck of
-- the words. Both sides are name_words' lexemes as text: no second parse.
-- users_name_word_prefixes_idx (0052) indexes name_word_prefixes(name): a change to
-- name_words needs it rebuilt.

CREATE FUNCTION name_word_prefixes(name TEXT) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(
    SELECT DISTINCT left(word.lexeme, n)
    FROM unnest(name_words(name)) AS word, generate_series(1, length(word.lexeme)) AS n
    UNION
    SELECT word.lexeme || ' ' FROM unnest(name_words(name)) AS word
);

CREATE FUNCTION name_word_prefixes_typed(typed TEXT) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN nullif(ARRAY(
    SELECT word.lexeme || CASE
        WHEN (SELECT max(at) FROM unnest(name_words(typed)) AS any_word,
              unnest(any_word.positions) AS at) = ANY(word.positions)
        THEN '' ELSE ' ' END
    FROM unnest(name_words(typed)) AS word
), '{}');

