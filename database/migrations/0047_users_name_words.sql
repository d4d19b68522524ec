-- depends: 0046_user_has_second_factor
-- The admin console finds users by the words of their name (panopticon/users/queries.sql),
-- no longer by any substring. A trigram index (0006) cannot make a substring search of a
-- million names cheap: GIN drives the scan by its rarest trigram and visits the posting
-- lists of the common ones at each of its entries, so a name search read about 1,200
-- index pages at 1,000,000 users ("Bench 4242": 20 ms, twice per search, page and count)
-- against a handful at 10,000. A word index looks up whole words and the start of the
-- last one: the same search reads about 60 pages.
--
-- name_words: a name's words, lowercased (the `simple` configuration: no stemming, no
-- stop words); ASCII punctuation separates words (so "O'Brien" is "o" and "brien",
-- "ann.lee" is "ann" and "lee", "Jean-Luc" is "jean" and "luc"), as do spaces.
-- name_words_query: what an admin typed, as a query of the same words, each a whole word
-- of the name but the last, which may be the start of one ("ann le" finds "Ann Lee");
-- NULL when it holds no word (nothing matches). The query's words come from the same
-- function as the index's, so both split and lowercase alike; after the punctuation is
-- gone no word holds a quote, so quoting them for to_tsquery is exact.
-- users_name_words_idx indexes name_words(name): a change to name_words needs the index
-- rebuilt in the same migration.

CREATE FUNCTION name_words(name TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_tsvector('simple'::regconfig, regexp_replace(name, '[[:punct:][:space:]]+', ' ', 'g'));

CREATE FUNCTION name_words_query(typed TEXT) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT to_tsquery('simple'::regconfig, string_agg(
        quote_literal(word.lexeme) || CASE
            WHEN (SELECT max(at) FROM unnest(name_words(typed)) AS any_word,
                  unnest(any_word.positions) AS at) = ANY(word.positions)
            THEN ':*' ELSE '' END,
        ' & '))
    FROM unnest(name_words(typed)) AS word
);

CREATE INDEX users_name_words_idx ON users USING gin (name_words(name));
DROP INDEX users_name_trgm_idx;
