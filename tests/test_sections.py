"""Sections (issue 11): how a typed name finds one, the #section after a headline, the names
editors may give, /latest's arguments, the repository's rules, its index, and the buttons."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.limits import LATEST_DEFAULT_COUNT, SECTION_NAME_MAX_LENGTH, SECTIONS_MAX
from bot.news import sections
from bot.news.arguments import Count, Invalid
from bot.news.articles import Problem
from bot.news.sections import LatestRequest, UnknownSection
from bot.views.callbacks import DraftSection, SectionAction, SectionHeadlines, SectionLatest
from bot.views.i18n import Translator
from bot.views.keyboards import draft_keyboard, latest_keyboard, sections_keyboard
from storage import Headline, Section, SectionNames, Storage

WORLD = Section(1, "World", "მსოფლიო", 1)
BUSINESS = Section(2, "Business news", "ბიზნესი", 2)
SCI_FI = Section(3, "Sci-Fi", "ფანტასტიკა", 3)
LIVE = [WORLD, BUSINESS, SCI_FI]
TRANSLATOR = Translator()


@pytest.fixture
async def storage(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("world", WORLD),
        ("#World", WORLD),
        ("WORLD", WORLD),
        ("მსოფლიო", WORLD),
        ("#მსოფლიო", WORLD),
        ("business news", BUSINESS),
        ("business_news", BUSINESS),
        ("Business-News", BUSINESS),
        ("  business   news ", BUSINESS),
        ("sci fi", SCI_FI),
        ("sci_fi", SCI_FI),
        ("SCI-FI", SCI_FI),
        ("ბიზნესი", BUSINESS),
        ("business", None),
        ("worlds", None),
        ("#", None),
        ("", None),
        ("_", None),
    ],
)
def test_a_name_finds_its_section_in_either_language_case_and_separators_aside(
    typed: str, found: Section | None
) -> None:
    assert sections.find(LIVE, typed) == found


def test_keys_and_tags() -> None:
    assert sections.key("  Business_news-TODAY ") == "business news today"
    assert sections.key("Straße") == sections.key("STRASSE")  # case-folded, not just lowered
    assert sections.tag("Business news") == "#Business_news"
    assert sections.find(LIVE, sections.tag(BUSINESS.name_en)) == BUSINESS


@pytest.mark.parametrize(
    ("headline", "split"),
    [
        ("Budget passes #georgia", ("Budget passes", "georgia")),
        ("Budget passes   #Business_news  ", ("Budget passes", "Business_news")),
        ("Rain #საქართველო", ("Rain", "საქართველო")),
        ("#world", ("", "world")),
        ("Vote #2", ("Vote #2", None)),  # no letter: part of the headline
        ("#1 in the charts", ("#1 in the charts", None)),  # not last
        ("Hashtag#inside", ("Hashtag#inside", None)),  # not a word of its own
        ("No tag here", ("No tag here", None)),
        ("Ends with #", ("Ends with #", None)),
        ("", ("", None)),
    ],
)
def test_a_last_hash_word_with_a_letter_is_the_section(
    headline: str, split: tuple[str, str | None]
) -> None:
    assert sections.split_tag(headline) == split


def test_names_are_cleaned_checked_and_keyed() -> None:
    names = sections.parse_names("  Business   news |\tბიზნესი \n")
    assert names == SectionNames("Business news", "ბიზნესი", "business news", "ბიზნესი")
    for text, key in (
        ("World", "section-names-format"),
        ("A | B | C", "section-names-format"),
        (" | მსოფლიო", "section-name-empty"),
        ("World | \u200b", "section-name-empty"),
        ("W" * (SECTION_NAME_MAX_LENGTH + 1) + " | მ", "section-name-too-long"),
        ("2026 | მსოფლიო", "section-name-no-letter"),
        ("World | ---", "section-name-no-letter"),
    ):
        problem = sections.parse_names(text)
        assert isinstance(problem, Problem) and problem.key == key, (text, problem)
    assert isinstance(sections.parse_names("W" * SECTION_NAME_MAX_LENGTH + " | მ"), SectionNames)


@pytest.mark.parametrize(
    ("arguments", "parsed"),
    [
        ([], LatestRequest(Count(LATEST_DEFAULT_COUNT))),
        (["10"], LatestRequest(Count(10))),
        (["100"], LatestRequest(Count(20, clamped=True))),
        (["0"], Invalid("0")),
        (["-3"], Invalid("-3")),
        (["world"], LatestRequest(Count(LATEST_DEFAULT_COUNT), WORLD)),
        (["#მსოფლიო", "3"], LatestRequest(Count(3), WORLD)),
        (["business", "news"], LatestRequest(Count(LATEST_DEFAULT_COUNT), BUSINESS)),
        (["business", "news", "7"], LatestRequest(Count(7), BUSINESS)),
        (["world", "0"], Invalid("0")),
        (["sport"], UnknownSection("sport", LIVE)),
        (["sport", "3"], UnknownSection("sport 3", LIVE)),
    ],
)
def test_latest_takes_a_section_a_count_or_both(
    arguments: list[str], parsed: LatestRequest | Invalid | UnknownSection
) -> None:
    assert sections.parse_latest(arguments, LIVE) == parsed


def test_latest_without_sections_refuses_a_name_as_a_bad_count_as_before() -> None:
    assert sections.parse_latest(["xyz"], []) == Invalid("xyz")


async def test_names_are_unique_per_language_and_across_languages_among_live_sections(
    storage: Storage,
) -> None:
    world = await sections.add(storage, "World | მსოფლიო")
    assert isinstance(world, Section)
    for text, taken in (
        ("world | სხვა", "world"),
        ("Other | მსოფლიო", "მსოფლიო"),
        ("მსოფლიო | სხვა", "მსოფლიო"),  # a Georgian name given as the English one
        ("W-O-R-L-D | x", None),
    ):
        outcome = await sections.add(storage, text)
        if taken is None:
            assert isinstance(outcome, Section)
            continue
        assert outcome == Problem("section-name-taken", {"value": taken})
    # A section may keep a name of its own when renamed, and the names of a removed one are
    # free again.
    renamed = await sections.rename(storage, world.id, "Globe | მსოფლიო")
    assert isinstance(renamed, Section) and renamed.name_en == "Globe"
    await sections.remove(storage, world.id)
    assert isinstance(await sections.add(storage, "Globe | მსოფლიო"), Section)
    assert await sections.rename(storage, world.id, "Again | ისევ") == Problem("section-gone")


async def test_at_most_sections_max_live_sections(storage: Storage) -> None:
    for n in range(SECTIONS_MAX):
        assert isinstance(await sections.add(storage, f"S{n} | ს{n}"), Section)
    assert await sections.add(storage, "One more | კიდევ") == Problem(
        "section-too-many", {"max": SECTIONS_MAX}
    )
    first = (await storage.sections.live())[0]
    await sections.remove(storage, first.id)
    assert isinstance(await sections.add(storage, "One more | კიდევ"), Section)


async def test_moving_swaps_neighbours_and_stops_at_the_ends(storage: Storage) -> None:
    added = [await sections.add(storage, f"S{n} | ს{n}") for n in range(4)]
    a, b, c, d = (section.id for section in added if isinstance(section, Section))
    await sections.remove(storage, b)
    assert await sections.move(storage, c, -1) is None  # over the removed one
    assert [s.id for s in await storage.sections.live()] == [c, a, d]
    assert await sections.move(storage, c, -1) == Problem("section-cannot-move")
    assert await sections.move(storage, d, 1) == Problem("section-cannot-move")
    assert await sections.move(storage, b, 1) == Problem("section-gone")
    assert await sections.move(storage, d, -1) is None
    assert [s.position for s in await storage.sections.live()] == [1, 2, 3]
    assert [s.id for s in await storage.sections.live()] == [c, d, a]


async def test_an_article_gets_its_live_section_else_the_first(storage: Storage) -> None:
    none_yet = await storage.articles.publish("Before", "Text.", 1, section_id=99)
    assert none_yet.section is None
    world = await sections.add(storage, "World | მ")
    georgia = await sections.add(storage, "Georgia | ს")
    assert isinstance(world, Section) and isinstance(georgia, Section)
    assert (await storage.articles.publish("A", "Text.", 1)).section == world
    chosen = await storage.articles.publish("B", "Text.", 1, section_id=georgia.id)
    assert chosen.section == georgia
    await sections.move(storage, georgia.id, -1)
    await sections.remove(storage, georgia.id)
    fallen_back = await storage.articles.publish("C", "Text.", 1, section_id=georgia.id)
    assert fallen_back.section is not None and fallen_back.section.id == world.id
    kept = await storage.articles.get(chosen.id)
    assert kept is not None and kept.section is not None
    assert kept.section.name_en == "Georgia" and kept.section.removed_at is not None


async def test_latest_of_a_section_is_an_index_range_without_sorting(storage: Storage) -> None:
    world = await sections.add(storage, "World | მსოფლიო")
    other = await sections.add(storage, "Other | სხვა")
    assert isinstance(world, Section) and isinstance(other, Section)
    ids = []
    for n in range(6):
        section = world if n % 2 else other
        ids.append((await storage.articles.publish(f"A{n}", "b", 1, section_id=section.id)).id)
    executed: list[str] = []
    await storage.database.connection.set_trace_callback(executed.append)
    try:
        first = await storage.articles.latest(2, section_id=world.id)
        second = await storage.articles.latest(2, first[-1].id, section_id=world.id)
    finally:
        await storage.database.connection.set_trace_callback(None)
    assert [h.id for h in first] == [ids[5], ids[3]] and [h.id for h in second] == [ids[1]]
    queries = [sql for sql in executed if sql.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 2
    for sql in queries:
        async with storage.database.connection.execute("EXPLAIN QUERY PLAN " + sql) as cursor:
            plan = " | ".join(str(row[3]) for row in await cursor.fetchall())
        assert "SEARCH articles USING INDEX articles_by_section (section_id=?" in plan, plan
        assert "TEMP B-TREE" not in plan and "SCAN articles" not in plan, plan


def test_section_payloads_round_trip_and_keep_the_old_older_format() -> None:
    biggest = 2**63 - 1
    for payload in (
        DraftSection(biggest),
        SectionAction("add", 0),
        SectionAction("confirm", biggest),
        SectionLatest(biggest),
        SectionHeadlines(biggest, biggest, 20),
    ):
        packed = payload.pack()
        assert len(packed.encode()) <= 64 and type(payload).parse(packed) == payload
    assert SectionAction.parse("sm:add:3") is None and SectionAction.parse("sm:rename:0") is None
    assert SectionHeadlines.parse("l:0:5") is None  # /latest's own paging keeps its kind
    keyboard = latest_keyboard(
        [Headline(9, "Nine", 0, 0)],
        has_older=True,
        is_first_page=False,
        count=1,
        translator=TRANSLATOR,
        language="en",
        section_id=4,
    )
    assert [b.callback_data for b in keyboard.inline_keyboard[-1]] == ["ls:4:0:1", "ls:4:9:1"]


def test_the_preview_marks_the_chosen_section_and_keeps_its_other_buttons() -> None:
    plain = draft_keyboard(TRANSLATOR, "en")
    chosen = draft_keyboard(TRANSLATOR, "ka", sections=LIVE, chosen=BUSINESS.id)
    assert chosen.inline_keyboard[: len(plain.inline_keyboard)] == (
        draft_keyboard(TRANSLATOR, "ka").inline_keyboard
    )
    [row] = chosen.inline_keyboard[len(plain.inline_keyboard) :]
    assert [b.text for b in row] == ["მსოფლიო", "✓ ბიზნესი", "ფანტასტიკა"]
    assert [b.callback_data for b in row] == ["sc:1", "sc:2", "sc:3"]


def test_the_editors_list_fits_telegrams_keyboard_with_the_most_sections() -> None:
    many = [Section(n, f"S{n}", f"ს{n}", n) for n in range(1, SECTIONS_MAX + 1)]
    keyboard = sections_keyboard(TRANSLATOR, "en", many)
    assert sum(len(row) for row in keyboard.inline_keyboard) <= 100
    assert all(len(row) <= 8 for row in keyboard.inline_keyboard)
