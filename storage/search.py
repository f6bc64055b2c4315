"""Full-text search over articles (issue 13): the only SQL of search, on migration 0022's indexes.

Two FTS5 indexes over the text readers may see: `article_words` (unicode61: whole words,
ranked by bm25) and `article_trigrams` (every three characters, without positions: a word at the
start of or inside a longer word). Queries arrive as FTS5 expressions that
bot/news/search.py built from what a reader typed; user text never reaches MATCH unquoted.

A query's matches are found newest first and the newest `candidates` of them are ranked: a common
word in a million articles costs a bounded amount of work, and readers of news want the recent
ones anyway. Whole-word matches come first, ranked by bm25 (or, for queries with common words,
whose bm25 reads too many postings, by whether the headline has them) with a boost for recency;
matches inside longer words follow, newest first.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from storage.models import Headline

if TYPE_CHECKING:
    import aiosqlite

    from storage.database import Database

# Private-use characters around the matched words of a snippet; the view escapes everything
# else and turns these into <b></b>. newsbot_text removes them from articles' text, so only
# snippet() puts them there.
MARK_OPEN: Final = "\ue000"
MARK_CLOSE: Final = "\ue001"
ELLIPSIS: Final = "…"
# How many words of the text a snippet holds (FTS5's limit is 64).
SNIPPET_WORDS: Final = 16
# bm25 weights of the columns: a word in the headline counts twice one in the text.
_WEIGHTS: Final = "2.0, 1.0"
# Needles are passed to newsbot_contains joined by this (they are words: never contain it).
NEEDLE_SEPARATOR: Final = "\n"

_TAG = re.compile(r"<[^>]*>")


def html_text(body_html: str | None) -> str | None:
    """Stored Telegram HTML as the text readers see: tags dropped, entities decoded (SQL
    `newsbot_text`, which the indexes and triggers of migration 0022 call)."""
    if body_html is None:
        return None
    text = _TAG.sub("", body_html)
    if "&" in text:
        text = html.unescape(text)
    # str.replace, not str.translate: translate looks up every character, ten times slower.
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def contains_all(text: str | None, needles: str | None) -> bool:
    """Whether `text` holds each of the `NEEDLE_SEPARATOR`-joined (lower-case) needles, case
    aside (SQL `newsbot_contains`: the check behind a trigram match)."""
    if text is None or not needles:
        return False
    folded = text.lower()
    return all(needle in folded for needle in needles.split(NEEDLE_SEPARATOR))


_FUNCTIONS: Final[tuple[tuple[str, int, Callable[..., str | bool | None]], ...]] = (
    ("newsbot_text", 1, html_text),
    ("newsbot_contains", 2, contains_all),
)


async def register(connection: aiosqlite.Connection) -> None:
    """Give a connection the SQL functions the search indexes' triggers and view call."""
    for name, arguments, function in _FUNCTIONS:
        await connection.create_function(name, arguments, function, deterministic=True)


def register_sync(connection: sqlite3.Connection) -> None:
    """The same for a plain sqlite3 connection (benchmark datasets write articles directly)."""
    for name, arguments, function in _FUNCTIONS:
        connection.create_function(name, arguments, function, deterministic=True)


INDEXES: Final = ("article_words", "article_trigrams")
_PUBLISHING_TRIGGER: Final = "article_text_insert"


@contextmanager
def indexed_after(connection: sqlite3.Connection) -> Iterator[None]:
    """Articles inserted in the block are indexed once after it, not row by row (benchmark
    datasets: a million rows through the trigger take four times as long as one rebuild)."""
    row = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_PUBLISHING_TRIGGER,)
    ).fetchone()
    connection.execute(f"DROP TRIGGER {_PUBLISHING_TRIGGER}")
    try:
        yield
    finally:
        connection.execute(row[0])
    for table in INDEXES:
        connection.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")


@dataclass(frozen=True, slots=True)
class Hit:
    """One article found: its headline, and either a `snippet` of its text with the matched
    words between MARK_OPEN and MARK_CLOSE (whole-word matches), or its whole `text` (matches
    inside a longer word, which FTS5 cannot mark; bot/news/search.py cuts the snippet)."""

    headline: Headline
    snippet: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class HitPage:
    """A page of hits and how many there are in all (at most the candidates ranked)."""

    hits: list[Hit]
    total: int


@dataclass(frozen=True, slots=True)
class Ranking:
    """How matches are ranked: the newest `candidates` of them (of those inside longer words,
    `inside_candidates`: each costs a check of its text), their relevance divided by
    1 + age / `recency_seconds`, as of `now`."""

    candidates: int
    inside_candidates: int
    recency_seconds: float
    now: int


# Whole-word matches, the newest :candidates, each with its relevance: bm25 (a word in the
# headline weighs twice one in the text)...
_BM25 = f"""
    words AS (
        SELECT rowid AS id, -bm25(article_words, {_WEIGHTS}) AS relevance, 1 AS whole
        FROM article_words WHERE article_words MATCH :words ORDER BY rowid DESC LIMIT :candidates
    )"""
# ...or, for queries with common words, 2 if the headline has them all and 1 if not: bm25 first
# reads every posting of every word of the query, for their rarity (20 ms for a word in most of
# a million articles, 70 ms for a phrase of two); this reads no more than the candidates. The
# headline match is looked for only from the oldest candidate on: unbounded, a word that is
# in most texts but few headlines had FTS5 read all its postings (40-60 ms at 1M).
_HEADLINE = """
    found AS (
        SELECT rowid AS id FROM article_words WHERE article_words MATCH :words
        ORDER BY rowid DESC LIMIT :candidates
    ),
    heads AS (
        SELECT rowid AS id FROM article_words WHERE article_words MATCH :in_headline
            AND rowid >= (SELECT min(id) FROM found)
    ),
    words AS (
        SELECT id, 1.0 + (id IN (SELECT id FROM heads)) AS relevance, 1 AS whole FROM found
    )"""
# Trigram candidates not already found as words, whose text really holds every needle.
_INSIDE = """,
    parts AS (
        SELECT rowid AS id FROM article_trigrams WHERE article_trigrams MATCH :trigrams
        ORDER BY rowid DESC LIMIT :inside_candidates
    ),
    inside AS (
        SELECT parts.id, 0.0 AS relevance, 0 AS whole FROM parts
        JOIN article_text ON article_text.id = parts.id
        WHERE parts.id NOT IN (SELECT id FROM words)
            AND newsbot_contains(article_text.headline || char(10) || article_text.body, :needles)
    )"""
_RANKED = """
    SELECT a.id, a.headline, a.published_at, a.views, hits.whole, count(*) OVER () AS total
    FROM hits JOIN articles a ON a.id = hits.id
    ORDER BY hits.whole DESC,
        hits.relevance / (1.0 + max(:now - a.published_at, 0) / :recency) DESC, a.id DESC
    LIMIT :limit OFFSET :offset"""


def _find_sql(*, bm25: bool, inside: bool) -> str:
    words = _BM25 if bm25 else _HEADLINE
    if not inside:
        return f"WITH {words}, hits AS (SELECT * FROM words) {_RANKED}"
    return (
        f"WITH {words}{_INSIDE}, hits AS (SELECT * FROM words UNION ALL SELECT * FROM inside)"
        f" {_RANKED}"
    )


# An article sharing more of the words ranks first; its own section counts half a word.
_RELATED = """
    SELECT a.id, a.headline, a.published_at, a.views
    FROM (SELECT id, count(*) AS shared FROM ({matches}) GROUP BY id) AS scored
    JOIN articles a ON a.id = scored.id
    WHERE a.id != :article_id
    ORDER BY scored.shared + 0.5 * (a.section_id IS :section_id) DESC, a.id DESC
    LIMIT :limit"""
_RELATED_MATCHES = (
    "SELECT * FROM (SELECT rowid AS id FROM article_words WHERE article_words MATCH :word{n}"
    " ORDER BY rowid DESC LIMIT :per_word)"
)


class SearchRepository:
    """Finding articles by their words, and the queries behind search results' buttons."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def find(
        self,
        words: str,
        *,
        trigrams: str | None,
        needles: Sequence[str],
        ranking: Ranking,
        offset: int,
        limit: int,
        in_headline: str | None = None,
    ) -> HitPage:
        """A page of the articles matching FTS5 expression `words` (over whole words) and, with
        `trigrams`, those whose text holds every needle inside longer words, ranked: by bm25,
        or, given `in_headline` (`words` within headlines), by whether the headline matches
        (for common words, whose bm25 costs too much)."""
        parameters: dict[str, object] = {
            "words": words,
            "candidates": ranking.candidates,
            "now": ranking.now,
            "recency": ranking.recency_seconds,
            "limit": limit,
            "offset": offset,
        }
        sql = _find_sql(bm25=in_headline is None, inside=trigrams is not None)
        if in_headline is not None:
            parameters["in_headline"] = in_headline
        if trigrams is not None:
            parameters.update(
                trigrams=trigrams,
                needles=NEEDLE_SEPARATOR.join(needles),
                inside_candidates=ranking.inside_candidates,
            )
        async with self._db.connection.execute(sql, parameters) as cursor:
            rows = list(await cursor.fetchall())
        if not rows:
            return HitPage([], 0)
        headlines = {row[0]: Headline(row[0], row[1], row[2], row[3]) for row in rows}
        snippets = await self._snippets(words, [row[0] for row in rows if row[4]])
        texts = await self._texts([row[0] for row in rows if not row[4]])
        hits = [
            Hit(headlines[row[0]], snippets.get(row[0]), texts.get(row[0]) if not row[4] else None)
            for row in rows
        ]
        return HitPage(hits, int(rows[0][5]))

    async def frequent(self, words: Sequence[str], at_least: int) -> bool:
        """Whether any of these FTS5 expressions (one word each) matches `at_least` articles;
        counting stops there."""
        for word in words:
            async with self._db.connection.execute(
                "SELECT count(*) FROM (SELECT 1 FROM article_words WHERE article_words MATCH ?"
                " LIMIT ?)",
                (word, at_least),
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None and row[0] >= at_least:
                return True
        return False

    async def _snippets(self, words: str, ids: Sequence[int]) -> dict[int, str]:
        """The marked snippets of the texts of `ids`, found by `words`."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        # One pass over the range the ids span: `rowid IN` alone would run the query once per id.
        # The unary + keeps SQLite from handing the IN to FTS5 instead of the range.
        async with self._db.connection.execute(
            "SELECT rowid, snippet(article_words, 1, ?, ?, ?, ?) FROM article_words"
            f" WHERE article_words MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({marks})",
            (MARK_OPEN, MARK_CLOSE, ELLIPSIS, SNIPPET_WORDS, words, min(ids), max(ids), *ids),
        ) as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    async def _texts(self, ids: Sequence[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        async with self._db.connection.execute(
            f"SELECT id, body FROM article_text WHERE id IN ({marks})", tuple(ids)
        ) as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    async def related(
        self,
        article_id: int,
        words: Sequence[str],
        *,
        section_id: int | None,
        per_word: int,
        limit: int,
    ) -> list[Headline]:
        """Up to `limit` other articles among the newest `per_word` matches of each FTS5
        expression in `words`, those matching the most first (then those of `section_id`, then
        the newest); withdrawn ones are not indexed."""
        matches = " UNION ALL ".join(_RELATED_MATCHES.format(n=n) for n in range(len(words)))
        parameters: dict[str, object] = {f"word{n}": word for n, word in enumerate(words)}
        parameters.update(
            article_id=article_id, section_id=section_id, per_word=per_word, limit=limit
        )
        async with self._db.connection.execute(
            _RELATED.format(matches=matches), parameters
        ) as cursor:
            return [Headline(*row) for row in await cursor.fetchall()]

    async def remember(self, query: str, *, now: int, keep_seconds: int) -> int:
        """The number of a query (stored, or renewed if asked before), for its page buttons;
        queries not asked for `keep_seconds` are forgotten."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "DELETE FROM search_queries WHERE asked_at < ?", (now - keep_seconds,)
            )
            async with connection.execute(
                "INSERT INTO search_queries (query, asked_at) VALUES (?, ?)"
                " ON CONFLICT (query) DO UPDATE SET asked_at = excluded.asked_at RETURNING id",
                (query, now),
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def recall(self, query_id: int) -> str | None:
        """The query of that number, or None once forgotten."""
        async with self._db.connection.execute(
            "SELECT query FROM search_queries WHERE id = ?", (query_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else str(row[0])
