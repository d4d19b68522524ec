-- depends: 0051_name_word_prefixes
-- transactional: false
-- The name search's index (0051), built without blocking writes to users: at 1,000,000
-- users it takes about 30 s (CREATE INDEX holds off every insert and update of users,
-- sign-ins and visits included, that long). CONCURRENTLY cannot run in a transaction, so
-- each statement commits on its own; run again after a failure (an interrupted build
-- leaves an invalid index), the first statement drops what the last run left and the
-- build starts over. The old word index goes once the new one is valid.

DROP INDEX CONCURRENTLY IF EXISTS users_name_word_prefixes_idx;
CREATE INDEX CONCURRENTLY users_name_word_prefixes_idx ON users USING gin (name_word_prefixes(name));
DROP INDEX CONCURRENTLY IF EXISTS users_name_words_idx;
