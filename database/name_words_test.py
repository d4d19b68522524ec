"""name_words, name_words_query and name_words_like (migrations 0047, 0048): the LIKE
patterns are a necessary condition of the word match, for any name and any typed text.
users_search tests the patterns before the words when it walks users in page order: a
name the words match but the patterns refuse would be missing from a page."""

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
