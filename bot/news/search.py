"""Search (issue 13): what a reader typed as a safe FTS5 query, a page of ranked results, and the
articles "Read also" suggests.

User text never reaches FTS5 as syntax: it is cut into words (letters and digits, in any script)
and quoted phrases, and each word goes into the query inside double quotes, which it cannot
contain. `AND OR NOT * "` and `NEAR(` are then words like any other, or nothing at all.

`search` is the one entry point for every way of searching (/search, plain text in a private
chat, and inline mode in bot/news/sharing.py): a query and a page number in, ranked articles
out.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from bot.limits import (
    RELATED_MAX_MATCHES,
    RELATED_PER_WORD,
    RELATED_TERMS,
    RELATED_WORD_MIN,
    SEARCH_BM25_MAX_MATCHES,
    SEARCH_CANDIDATES,
    SEARCH_INSIDE_CANDIDATES,
    SEARCH_INSIDE_MIN,
    SEARCH_MAX_TRIGRAMS,
    SEARCH_MAX_WORDS,
    SEARCH_MIN_WORD,
    SEARCH_PAGE_SIZE,
    SEARCH_QUERY_KEEP,
    SEARCH_QUERY_MAX_LENGTH,
    SEARCH_RECENCY,
    SEARCH_SNIPPET_CHARS,
)
from storage import Article, Headline, Hit, Ranking, Storage
from storage.search import ELLIPSIS, MARK_CLOSE, MARK_OPEN

# A word as FTS5's unicode61 tokenizer sees one: letters and digits of any script (Georgian
# included); everything else separates words, `_` too.
_WORD = re.compile(r"[^\W_]+")
# Quotation marks readers type on phones and in Georgian (and the ASCII one) open or close a
# phrase alike.
_QUOTES = str.maketrans(dict.fromkeys("“”„«»", '"'))
# Common words that would make every article "related" to every other.
_STOP_TEXT: Final = (
    "the and for with that this from are was were has have had its into over after says said "
    "will not but who what when than then they them their there been also more about his her "
    "რომ არის იყო ასევე მაგრამ როგორც უნდა მისი მათი ამის ამ ეს კი თუ ან და ის ჩვენ შესახებ"
)
_STOP_WORDS: Final = frozenset(_STOP_TEXT.split())

Problem = Literal["search-empty", "search-too-short", "search-no-words"]
"""Why a query cannot be searched: nothing typed, only words too short, only symbols."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word, or the words of a quoted phrase (found together, in that order)."""

    words: tuple[str, ...]
    quoted: bool

    @property
    def text(self) -> str:
        """The term as it is shown and stored: a phrase in quotes."""
        joined = " ".join(self.words)
        return f'"{joined}"' if self.quoted else joined

    @property
    def expression(self) -> str:
        """The term as FTS5 syntax: a string in double quotes (a word, or a phrase)."""
        return '"' + " ".join(self.words) + '"'


@dataclass(frozen=True, slots=True)
class Query:
    """A searchable query: its terms, all of which an article must have."""

    terms: tuple[Term, ...]

    @property
    def text(self) -> str:
        """The query as it is shown, stored, and parsed again to the same query."""
        return " ".join(term.text for term in self.terms)

    @property
    def words(self) -> str:
        """The FTS5 expression over whole words: every term."""
        return " ".join(term.expression for term in self.terms)

    @property
    def in_headline(self) -> str:
        """The FTS5 expression over whole words, within headlines only."""
        return f"{{headline}} : ({self.words})"

    @property
    def each_word(self) -> list[str]:
        """Every word of the query (phrases' too) as an FTS5 expression of its own."""
        return list(dict.fromkeys(f'"{word}"' for term in self.terms for word in term.words))

    @property
    def needles(self) -> list[str]:
        """Each term in lower case, as it must appear in the text for a match inside (or at the
        start of) a longer word."""
        return [" ".join(term.words).lower() for term in self.terms]

    @property
    def trigrams(self) -> str | None:
        """The FTS5 expression over the trigram index (some of the needles' trigrams, all
        required), or None when only whole words are found: a term is too short to be looked
        for inside words, or quoted (quotes ask for exactly those words)."""
        needles = self.needles
        if any(term.quoted for term in self.terms):
            return None
        if any(len(needle) < SEARCH_INSIDE_MIN for needle in needles):
            return None
        found = list(
            dict.fromkeys(needle[i : i + 3] for needle in needles for i in range(len(needle) - 2))
        )
        # Spread over every needle: every few trigrams, at most SEARCH_MAX_TRIGRAMS.
        step = max(1, -(-len(found) // SEARCH_MAX_TRIGRAMS))
        return " AND ".join(f'"{trigram}"' for trigram in found[::step])


def parse(text: str) -> Query | Problem:
    """The query in what a reader typed (quotes make phrases), or why there is none."""
    text = unicodedata.normalize("NFKC", text[:SEARCH_QUERY_MAX_LENGTH]).translate(_QUOTES)
    if not text.strip():
        return "search-empty"
    terms: dict[Term, None] = {}
    # Between quotes (odd pieces) a phrase; an unclosed quote runs to the end.
    for index, piece in enumerate(text.split('"')):
        words = tuple(_WORD.findall(piece))
        if index % 2:
            if len("".join(words)) >= SEARCH_MIN_WORD:
                terms[Term(words, quoted=True)] = None
        else:
            terms.update(
                (Term((word,), quoted=False), None)
                for word in words
                if len(word) >= SEARCH_MIN_WORD
            )
    if terms:
        return Query(tuple(terms)[:SEARCH_MAX_WORDS])
    return "search-too-short" if _WORD.search(text) else "search-no-words"


@dataclass(frozen=True, slots=True)
class Found:
    """An article found: its headline, and a snippet of its text with the matched words
    between MARK_OPEN and MARK_CLOSE (the view escapes the rest and bolds these)."""

    headline: Headline
    snippet: str


@dataclass(frozen=True, slots=True)
class Results:
    """One page of a search: `page` counts from 0, of `pages` of `per_page`; `total` articles
    in all."""

    found: list[Found]
    total: int
    page: int
    per_page: int = SEARCH_PAGE_SIZE

    @property
    def pages(self) -> int:
        """How many pages the results fill."""
        return -(-self.total // self.per_page)


def _ranking(now: int) -> Ranking:
    return Ranking(SEARCH_CANDIDATES, SEARCH_INSIDE_CANDIDATES, SEARCH_RECENCY.total_seconds(), now)


async def search(
    storage: Storage, query: Query, page: int = 0, *, per_page: int = SEARCH_PAGE_SIZE
) -> Results:
    """Page `page` (from 0, of `per_page`: /search's five, inline mode's more) of the articles
    matching `query`, best first: whole words ranked
    by relevance with a boost for recency, then words found inside longer ones. Relevance is
    bm25, or, when a word is in more than SEARCH_BM25_MAX_MATCHES articles, whether the
    headline has the words."""
    # Past the candidates there is nothing; a forged page number must not overflow SQLite.
    page = min(max(page, 0), SEARCH_CANDIDATES // per_page)
    common = await storage.search.frequent(query.each_word, SEARCH_BM25_MAX_MATCHES)
    found = await storage.search.find(
        query.words,
        in_headline=query.in_headline if common else None,
        trigrams=query.trigrams,
        needles=query.needles,
        ranking=_ranking(int(time.time())),
        offset=page * per_page,
        limit=per_page,
    )
    return Results([_found(hit, query) for hit in found.hits], found.total, page, per_page)


def _found(hit: Hit, query: Query) -> Found:
    if hit.snippet is not None:
        return Found(hit.headline, hit.snippet)
    return Found(hit.headline, inside_snippet(hit.text or "", query.needles))


def inside_snippet(text: str, needles: list[str]) -> str:
    """About SEARCH_SNIPPET_CHARS of `text` around the first needle found in it, each needle
    there marked: what FTS5's snippet() cannot do for a word inside a longer one."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: no marks
        return text[:SEARCH_SNIPPET_CHARS]
    starts = [lowered.find(needle) for needle in needles if needle in lowered]
    first = min(starts, default=0)
    begin = max(0, first - SEARCH_SNIPPET_CHARS // 3)
    end = min(len(text), begin + SEARCH_SNIPPET_CHARS)
    window = text[begin:end]
    pattern = "|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True))
    pieces, cursor = [], 0
    for match in re.finditer(pattern, lowered[begin:end]):
        pieces += [window[cursor : match.start()], MARK_OPEN, window[match.start() : match.end()]]
        pieces.append(MARK_CLOSE)
        cursor = match.end()
    pieces.append(window[cursor:])
    return (ELLIPSIS if begin else "") + "".join(pieces) + (ELLIPSIS if end < len(text) else "")


async def remember(storage: Storage, query: Query) -> int:
    """The number a search's page buttons carry for `query`."""
    return await storage.search.remember(
        query.text, now=int(time.time()), keep_seconds=int(SEARCH_QUERY_KEEP.total_seconds())
    )


async def recall(storage: Storage, query_id: int) -> Query | None:
    """The query a page button names, or None once it was forgotten."""
    text = await storage.search.recall(query_id)
    if text is None:
        return None
    query = parse(text)
    return query if isinstance(query, Query) else None


def related_words(headline: str) -> list[str]:
    """The headline's telling words: its longest, leaving out common ones, lower case."""
    words = [
        word
        for word in dict.fromkeys(w.lower() for w in _WORD.findall(headline))
        if len(word) >= RELATED_WORD_MIN and word not in _STOP_WORDS
    ]
    return sorted(words, key=len, reverse=True)[:RELATED_TERMS]


async def related(storage: Storage, article: Article, limit: int) -> list[Headline]:
    """ "Read also": the articles sharing the most of the article's telling words (its own
    section's first among equals), then the newest others; never the article itself, never a
    withdrawn one."""
    words = [
        word
        for word in related_words(article.headline)
        if not await storage.search.frequent([f'"{word}"'], RELATED_MAX_MATCHES)
    ]
    found: list[Headline] = []
    if words:
        found = await storage.search.related(
            article.id,
            [f'"{word}"' for word in words],
            section_id=article.section.id if article.section else None,
            per_word=RELATED_PER_WORD,
            limit=limit,
        )
    if len(found) < limit:
        taken = {headline.id for headline in found}
        recent = await storage.articles.related(article.id, limit + len(found))
        found += [headline for headline in recent if headline.id not in taken][: limit - len(found)]
    return found
