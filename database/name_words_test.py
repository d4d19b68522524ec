"""name_words, name_words_query, name_words_like and name_word_prefixes (migrations 0047,
0048, 0051), for any name and any typed text: the LIKE patterns are a necessary condition
of the word match, and the word starts are the match itself. users_search tests the
patterns before the words when it walks users in page order, and finds names by their
word starts (the index): a name the two judge differently would be missing from a page,
or on one it does not belong to."""

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


async def test_the_word_starts_match_exactly_what_the_words_match() -> None:
    """The index's condition (name_word_prefixes, 0051) is the word match itself: users
    search finds names by it alone, so a pair where the two differ is a wrong page."""
    rng = random.Random(20261208)
    names = [_name(rng) for _ in range(3000)]
    typed = [_typed(rng, n) for n in names]
    names += ["Bench 4242", "Bench 42420", "x" * 30 + " lee", "Ann Lee", "Ann Lee", "Annabel"]
    typed += ["4242 bench", "Bench 4242", "X" * 25, "ann l", "ann lee ann", "ann lee"]
    async with xact_admin() as q:
        differing = await q.conn.fetch(
            "SELECT pair.name, pair.typed FROM unnest($1::text[], $2::text[]) AS pair(name, typed)"
            " WHERE (name_words(pair.name) @@ name_words_query(pair.typed))"
            " IS DISTINCT FROM"
            " (name_word_prefixes(pair.name) @> name_word_prefixes_typed(pair.typed))",
            names,
            typed,
        )
        matched = await q.conn.fetchval(
            "SELECT count(*) FROM unnest($1::text[], $2::text[]) AS pair(name, typed)"
            " WHERE name_word_prefixes(pair.name) @> name_word_prefixes_typed(pair.typed)",
            names,
            typed,
        )
        starts = await q.conn.fetchval("SELECT name_word_prefixes($1)", "Ann  O'Brien")
        typed_starts = await q.conn.fetchval("SELECT name_word_prefixes_typed($1)", "ann O'b")
        again = await q.conn.fetchval("SELECT name_word_prefixes_typed($1)", "ann lee ann")
        nothing = await q.conn.fetchval("SELECT name_word_prefixes_typed($1)", " '-!% ")
    assert [tuple(r) for r in differing] == []
    assert matched > 500  # the pairs do exercise the match
    assert sorted(starts) == [
        "a", "an", "ann", "ann ", "b", "br", "bri", "brie", "brien", "brien ", "o", "o ",
    ]  # fmt: skip
    assert sorted(typed_starts) == ["ann ", "b", "o "]
    assert sorted(again) == ["ann", "lee "] and nothing is None


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
