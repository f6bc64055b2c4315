"""Search's pure parts and its storage (issue 13): parsing what readers type into safe FTS5
queries, snippets, and an index built by migration 0022 and kept in step by its triggers."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from bot.limits import SEARCH_MAX_TRIGRAMS, SEARCH_MAX_WORDS
from bot.news.search import Query, Term, inside_snippet, parse, related, related_words, search
from bot.views.callbacks import SearchPage
from bot.views.search import snippet_html
from storage import Ranking, Section, SectionNames, Storage
from storage.search import MARK_CLOSE, MARK_OPEN, contains_all, html_text
from tests.migrating import database_before


def query(text: str) -> Query:
    parsed = parse(text)
    assert isinstance(parsed, Query), parsed
    return parsed


def test_words_become_quoted_strings() -> None:
    assert query("Metro fares").words == '"Metro" "fares"'
    assert query("a EU").words == '"EU"'  # one letter is left out


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('AND OR NOT * "', '"AND" "NOT" "OR"'),
        ("NEAR(", '"NEAR"'),
        ('NEAR(a b, 3) col:"x', '"NEAR" "col"'),  # an unclosed quote holds "x": one letter
        ("peace^deal -war +truce", '"peace" "deal" "war" "truce"'),
        ("foo_bar", '"foo" "bar"'),
    ],
)
def test_fts_syntax_in_user_text_is_only_ever_quoted_words(text: str, words: str) -> None:
    assert sorted(query(text).words.split()) == sorted(words.split())


def test_quotes_make_phrases_in_any_quotation_marks() -> None:
    for text in ('"peace deal" Ukraine', "„peace deal“ Ukraine", "«peace deal» Ukraine"):
        parsed = query(text)
        assert parsed.terms == (Term(("peace", "deal"), quoted=True), Term(("Ukraine",), False))
        assert parsed.words == '"peace deal" "Ukraine"'
        assert parse(parsed.text) == parsed  # stored and parsed again for the page buttons


def test_georgian_letters_are_word_characters() -> None:
    assert query("საქართველო, მეტრო!").words == '"საქართველო" "მეტრო"'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "search-empty"),
        ("   \n", "search-empty"),
        ("a b c", "search-too-short"),
        ('"a"', "search-too-short"),
        ("*** ( ) - ^ :", "search-no-words"),
        ('"', "search-no-words"),
    ],
)
def test_queries_without_a_searchable_word_say_why(text: str, problem: str) -> None:
    assert parse(text) == problem


def test_repeated_words_count_once_and_at_most_max_words() -> None:
    assert query("fares fares FARES").words == '"fares" "FARES"'
    many = " ".join(f"word{n}" for n in range(20))
    assert len(query(many).terms) == SEARCH_MAX_WORDS


def test_trigrams_are_asked_only_for_long_enough_needles_and_at_most_max() -> None:
    assert query("ქართველ").trigrams == '"ქარ" AND "ართ" AND "რთვ" AND "თვე" AND "ველ"'
    assert query("EU budget").trigrams is None  # "EU" is too short to look for inside words
    long = query("internationalisation").trigrams
    assert long is not None and len(long.split(" AND ")) <= SEARCH_MAX_TRIGRAMS
    assert query('"peace deal"').needles == ["peace deal"]
    assert query('"peace deal"').trigrams is None  # quotes: exactly those words


def test_inside_snippet_marks_the_needle_in_the_original_case() -> None:
    text = "Intro. " + "x" * 200 + " საქართველოს მთავრობამ THE Budget " + "y" * 200
    snippet = inside_snippet(text, ["ქართველ", "budget"])
    assert f"სა{MARK_OPEN}ქართველ{MARK_CLOSE}ოს" in snippet
    assert f"{MARK_OPEN}Budget{MARK_CLOSE}" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


def test_snippet_html_escapes_everything_but_the_marks() -> None:
    snippet = f"<b>&amp; {MARK_OPEN}<i>{MARK_CLOSE} {MARK_CLOSE}stray{MARK_OPEN} tail"
    assert snippet_html(snippet) == "&lt;b&gt;&amp;amp; <b>&lt;i&gt;</b> stray tail"


def test_html_text_and_contains_all() -> None:
    assert html_text('<b>A</b> &amp; <a href="https://x.ge">link</a>\ue000') == "A & link"
    assert contains_all("Საქართველო Budget", "budget\nქართ")
    assert not contains_all("Budget", "budget\nwar")


def test_search_page_buttons_carry_a_query_number_and_a_page() -> None:
    assert SearchPage(12, 3).pack() == "sp:12:3"
    assert SearchPage.parse("sp:12:3") == SearchPage(12, 3)
    assert SearchPage.parse("sp:0:3") is None
    assert SearchPage.parse("sp:1:-1") is None


def test_related_words_are_the_longest_telling_ones() -> None:
    headline = "The EU and Georgia: talks on trade, transit, tourism, investment, wine, energy"
    assert related_words(headline) == [
        "investment",
        "georgia",
        "transit",
        "tourism",
        "energy",
        "talks",
    ]
    assert related_words("On it, and the") == []


async def test_the_index_follows_publishing_corrections_and_withdrawals(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        first = await storage.articles.publish("Metro fares rise", "<b>Fares</b> go up.", 1)
        views = await storage.articles.publish("Views counted", "Nothing else.", 1)
        await storage.articles.record_delivery(views.id, 5, "read")  # views change: no reindex
        assert await _ids(storage, "fares") == [first.id]
        await storage.articles.correct(first.id, 1, "Metro fares fall", "<b>Fares</b> go up.", None)
        assert await _ids(storage, "rise") == []
        assert await _ids(storage, "fall") == [first.id]
        assert await _ids(storage, "fares") == [first.id]  # shared words are indexed once
        await storage.articles.retract(first.id, 1)
        assert await _ids(storage, "fares") == []
        await storage.articles.restore(first.id, 1)
        assert await _ids(storage, "fares") == [first.id]
        assert await _ids(storage, "counted") == [views.id]
        await _integrity(storage)
    finally:
        await storage.close()


async def test_migration_0022_indexes_the_articles_already_there(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    database_before(path, 22)
    with closing(sqlite3.connect(path)) as connection:
        connection.executemany(
            "INSERT INTO articles (headline, body_html, author_id, created_at, published_at,"
            " retracted_at) VALUES (?, ?, 1, 1, 1, ?)",
            [("Old harbour news", "<i>Ships</i>.", None), ("Withdrawn harbour", "Gone.", 5)],
        )
        connection.commit()
    storage = await Storage.open(path)
    try:
        assert await _ids(storage, "harbour") == [1]
        assert await _ids(storage, "ships") == [1]
        await _integrity(storage)
    finally:
        await storage.close()


async def _ids(storage: Storage, text: str) -> list[int]:
    results = await search(storage, query(text))
    return [found.headline.id for found in results.found]


async def _integrity(storage: Storage) -> None:
    """FTS5's own check that the indexes match their content."""
    for table in ("article_words", "article_trigrams"):
        await storage.database.connection.execute(
            f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"
        )


async def test_read_also_weighs_shared_words_then_the_section(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        world = await storage.sections.add(
            SectionNames("World", "მსოფლიო", "world", "მსოფლიო"), limit=20
        )
        georgia = await storage.sections.add(
            SectionNames("Georgia", "საქართველო", "georgia", "საქართველო"), limit=20
        )
        assert isinstance(world, Section) and isinstance(georgia, Section)

        async def article(headline: str, section: Section) -> int:
            published = await storage.articles.publish(headline, "Text.", 1, section_id=section.id)
            return published.id

        all_words = await article("Metro council of Tbilisi", world)
        same_section = await article("Tbilisi council meets", georgia)
        other_section = await article("Tbilisi council votes", world)
        newest = await article("Weather", world)
        reading = await storage.articles.get(await article("Tbilisi metro council", georgia))
        assert reading is not None
        suggested = await related(storage, reading, 4)
        assert [h.id for h in suggested] == [all_words, same_section, other_section, newest]
        await storage.articles.retract(all_words, 1)
        suggested = await related(storage, reading, 3)
        assert [h.id for h in suggested] == [same_section, other_section, newest]
    finally:
        await storage.close()


async def test_common_words_rank_by_the_headline_instead_of_bm25(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite3")
    try:
        in_headline = await storage.articles.publish("Metro fares rise", "Text.", 1)
        in_text = await storage.articles.publish("Council meets", "About metro fares.", 1)
        parsed = query("metro fares")
        assert parsed.in_headline == '{headline} : ("metro" "fares")'
        assert parsed.each_word == ['"metro"', '"fares"']
        assert await storage.search.frequent(parsed.each_word, 2)
        assert not await storage.search.frequent(['"council"'], 2)
        page = await storage.search.find(
            parsed.words,
            in_headline=parsed.in_headline,
            trigrams=None,
            needles=[],
            ranking=Ranking(500, 100, 2_592_000.0, int(time.time())),
            offset=0,
            limit=5,
        )
        assert [hit.headline.id for hit in page.hits] == [in_headline.id, in_text.id]
        assert (
            page.hits[1].snippet
            == f"About {MARK_OPEN}metro{MARK_CLOSE} {MARK_OPEN}fares{MARK_CLOSE}."
        )
    finally:
        await storage.close()
