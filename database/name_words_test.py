"""name_words, name_words_query, name_words_like and name_word_prefixes (migrations 0047,
0048, 0051): the LIKE patterns and the word starts are necessary conditions of the word
match, for any name and any typed text. users_search tests the patterns before the words
when it walks users in page order, and finds a name's candidates by its word starts (the
index): a name the words match but either refuses would be missing from a page."""

from __future__ import annotations

import random

from database.xact import xact_admin

PIECES = [
    "ann", "Ann", "ANN", "lee", "O'Brien", "Jean-Luc", "van der", "ß", "Straße", "İstanbul",
    "ΣΑΣ", "σας", "Ödön", "ÉMILE", "山田", "太郎", "Nguyễn", "🙂", "x2", "100%", "a_b",
    "back\\slash", "dot.name", "@mail", "&", "|", "!", ":*", "(", ")", "<->", "ǅemal", "ﬁne",
    "Ⅻ", "١٢٣", "ﬀ", "K", "Å", "ŉ", "ǰ", "ΐ",
]  # fmt: skip
SEPARATORS = [" ", "  ", "-", ".", "'", ",", "\t", "/", "_", ""]


def _name(rng: random.Random) -> str:
    parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 4))]
    return "".join(p + rng.choice(SEPARATORS) for p in parts).strip()


def _typed(rng: random.Random, name: str) -> str:
    """Text an admin might type to find `name`: a slice of it, in some case, or a
    piece of another name."""
    if rng.random() < 0.2:
        return rng.choice(PIECES)
    start = rng.randint(0, max(0, len(name) - 1))
    text = name[start : rng.randint(start + 1, len(name) + 1)]
    return rng.choice([text, text.lower(), text.upper(), text.swapcase()])


async def test_every_word_match_holds_its_like_patterns() -> None:
    rng = random.Random(20261207)
    names = [_name(rng) for _ in range(3000)]
    typed = [_typed(rng, n) for n in names]
    async with xact_admin() as q:
        matched = await q.conn.fetchval(
            "SELECT count(*) FROM unnest($1::text[], $2::text[]) AS pair(name, typed)"
            " WHERE name_words(pair.name) @@ name_words_query(pair.typed)",
            names,
            typed,
        )
        refused = await q.conn.fetch(
            "SELECT pair.name, pair.typed FROM unnest($1::text[], $2::text[]) AS pair(name, typed)"
            " WHERE name_words(pair.name) @@ name_words_query(pair.typed)"
            " AND (lower(pair.name) LIKE ALL (name_words_like(pair.typed))) IS NOT TRUE",
            names,
            typed,
        )
    assert [tuple(r) for r in refused] == []
    assert matched > 500  # the pairs do exercise the match


async def test_every_word_match_holds_its_word_starts() -> None:
    rng = random.Random(20261208)
    names = [_name(rng) for _ in range(3000)]
    typed = [_typed(rng, n) for n in names]
    names += ["Bench 4242", "Bench 42420", "x" * 30 + " lee", "Ann Lee"]
    typed += ["4242 bench", "Bench 4242", "X" * 25, "ann l"]
    async with xact_admin() as q:
        refused = await q.conn.fetch(
            "SELECT pair.name, pair.typed FROM unnest($1::text[], $2::text[]) AS pair(name, typed)"
            " WHERE name_words(pair.name) @@ name_words_query(pair.typed)"
            " AND (name_word_prefixes(pair.name) @> name_word_prefixes_typed(pair.typed))"
            " IS NOT TRUE",
            names,
            typed,
        )
        spared = await q.conn.fetchval(
            "SELECT count(*) FROM unnest($1::text[], $2::text[]) AS pair(name, typed)"
            " WHERE name_word_prefixes(pair.name) @> name_word_prefixes_typed(pair.typed)"
            " AND (name_words(pair.name) @@ name_words_query(pair.typed)) IS NOT TRUE",
            names,
            typed,
        )
        starts = await q.conn.fetchval("SELECT name_word_prefixes($1)", "Ann  O'Brien")
        typed_starts = await q.conn.fetchval("SELECT name_word_prefixes_typed($1)", "ann O'b")
        nothing = await q.conn.fetchval("SELECT name_word_prefixes_typed($1)", " '-!% ")
    assert [tuple(r) for r in refused] == []
    assert spared > 0  # a necessary condition, not the match: the filter stays needed
    assert sorted(starts) == ["a", "an", "ann", "b", "br", "bri", "brie", "brien", "o"]
    assert sorted(typed_starts) == ["ann", "b", "o"] and nothing is None


async def test_the_patterns_are_the_typed_words_and_null_without_words() -> None:
    async with xact_admin() as q:
        patterns = await q.conn.fetchval("SELECT name_words_like($1)", "Ann  O'Brien-le")
        nothing = await q.conn.fetchval("SELECT name_words_like($1)", " '-!% ")
        cheap = await q.conn.fetchval(
            "SELECT lower($1) LIKE ALL (name_words_like($2))", "Ann Lee", "ann le"
        )
        other = await q.conn.fetchval(
            "SELECT lower($1) LIKE ALL (name_words_like($2))", "Ann Lee", "ann bo"
        )
    assert sorted(patterns) == ["%ann%", "%brien%", "%le%", "%o%"]
    assert nothing is None
    assert cheap is True and other is False
