"""Feeds (issue 12), the pure parts and storage: fixtures parsed into articles (RSS 2.0, Atom,
RDF; English, Georgian, ISO-8859-1), entries imported, deduplicated, corrected, reviewed."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.feeds import importer, review
from bot.feeds.entries import NotAFeed, ParsedFeed, Refused, parse
from bot.feeds.poller import backoff, seed
from bot.limits import BODY_MAX_LENGTH, FEED_BACKOFF_MAX, FEED_FIRST_IMPORT, HEADLINE_MAX_LENGTH
from bot.news import sections
from bot.news.articles import Problem
from bot.settings import Settings, SettingsError, load_settings
from bot.views.alerts import alert_keyboard
from bot.views.feeds import feeds_keyboard, feeds_text, review_keyboard, review_text
from bot.views.i18n import LANGUAGES, Translator
from bot.views.keyboards import reading_keyboard
from local_bot_api import parse_html
from storage import Feed, FeedItem, Headline, Photo, Review, Section, Storage

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
EDITOR = 500


def fixture(name: str) -> ParsedFeed:
    return parse((FIXTURES / name).read_bytes(), None, "https://desk.example/feed")


def items(parsed: ParsedFeed) -> list[FeedItem]:
    found = [entry for entry in parsed.entries if isinstance(entry, FeedItem)]
    assert len(found) == len(parsed.entries)
    return found


async def no_propagation(storage: Storage, article_id: int) -> int:
    return 0


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


# ----- parsing --------------------------------------------------------------------------------


def test_rss_entry_becomes_a_sanitised_article_with_its_photo_link_and_date() -> None:
    first, second, third, *_ = items(fixture("desk_en.rss"))
    assert first.key == "desk-101"
    assert first.headline.startswith("Witkoff advised Kremlin")
    assert first.link == "https://desk.example/en/news/witkoff-advised-kremlin"
    assert first.photo_url == "https://desk.example/img/witkoff.jpg"  # media:content
    assert first.published_at == 1764136800  # 26.11.2025 10:00 +04:00
    body = first.body_html
    # content:encoded, not the description; scripts, styles, images and handlers are gone.
    assert "<b>Steve Witkoff</b>" in body and "<blockquote>" in body
    assert '<a href="https://www.bloomberg.com/">Bloomberg</a>' in body
    for unsafe in ("<script", "track(", "<style", "<img", "onclick", "<div", "<table"):
        assert unsafe not in body
    assert "• Donetsk" in body  # a list reads as a list
    # An enclosure of an image type is the photo; an entry without a guid is known by its link.
    assert second.photo_url == "https://desk.example/img/trump.png"
    assert third.key == third.link == "https://desk.example/en/news/war-update-156"
    assert third.photo_url is None


def test_georgian_atom_titles_lose_their_tags_and_keep_their_text() -> None:
    rubio, coalition = items(fixture("desk_ka.atom"))
    assert rubio.headline.startswith("მარკო რუბიო") and rubio.headline.endswith("100%-ით ყალბია")
    assert "<b>" not in rubio.headline
    assert rubio.body_html.startswith("აშშ-ის სახელმწიფო მდივანმა <b>მარკო რუბიომ</b>")
    assert rubio.photo_url == "https://desk.example/img/rubio.jpg"  # link rel=enclosure
    assert coalition.photo_url == "https://desk.example/img/coalition.jpg"  # media:thumbnail
    assert coalition.body_html == "ლიდერებმა ერთობლივი განცხადება გაავრცელეს."


def test_rdf_in_latin1_is_decoded() -> None:
    [entry] = items(fixture("desk_latin1.rdf"))
    assert "Zürich" in entry.body_html and "café" in entry.body_html
    assert entry.key == "https://desk.example/en/news/merz-macron-starmer"


def test_malformed_feed_and_html_page_are_errors_not_empty_feeds() -> None:
    with pytest.raises(NotAFeed):
        parse((FIXTURES / "malformed.xml").read_bytes())
    with pytest.raises(NotAFeed):
        parse(b"<html><body><p>Not a feed</p></body></html>", "text/html")


def test_entries_over_the_limits_are_refused_or_shortened() -> None:
    long_title = "Word " * HEADLINE_MAX_LENGTH
    huge = "<p>" + "x" * (BODY_MAX_LENGTH + 10) + "</p>"
    rss = (
        '<rss version="2.0"><channel><title>T</title>'
        f"<item><guid>a</guid><title>{long_title}</title><description>Short.</description></item>"
        f"<item><guid>b</guid><title>Huge</title><description><![CDATA[{huge}]]></description>"
        "</item><item><guid>c</guid><description>No title</description></item>"
        "</channel></rss>"
    ).encode()
    shortened, too_long, untitled = parse(rss).entries
    assert isinstance(shortened, FeedItem) and len(shortened.headline) <= HEADLINE_MAX_LENGTH
    assert isinstance(too_long, Refused) and too_long.problem.key == "post-body-too-long"
    assert isinstance(untitled, Refused) and untitled.problem.key == "post-headline-empty"


def test_feeds_setting_takes_urls_with_or_without_a_section() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token="1:x",
        feeds="https://desk.example/rss, https://desk.example/world.xml=World,"
        " https://desk.example/q?cat=5",
    )
    assert settings.feeds == (
        ("https://desk.example/rss", None),
        ("https://desk.example/world.xml", "World"),
        ("https://desk.example/q?cat=5", None),
    )
    assert settings.feed_interval == 300


def test_a_bad_feeds_setting_names_the_variable_and_the_url() -> None:
    with pytest.raises(SettingsError, match=r"FEEDS 'ftp://desk\.example/rss' is not an http"):
        load_settings(_env_file=None, bot_token="1:x", feeds="ftp://desk.example/rss")
    with pytest.raises(SettingsError, match="FEED_INTERVAL"):
        load_settings(_env_file=None, bot_token="1:x", feed_interval="0")


def test_backoff_doubles_up_to_its_ceiling() -> None:
    assert backoff(300, 0) == 300
    assert backoff(300, 1) == 600
    assert backoff(300, 3) == 2400
    assert backoff(300, 50) == FEED_BACKOFF_MAX


# ----- importing ------------------------------------------------------------------------------


async def added(storage: Storage, **options: object) -> Feed:
    feed = await storage.feeds.add("https://desk.example/feed", EDITOR, **options)  # type: ignore[arg-type]
    assert feed is not None
    return feed


async def primed(storage: Storage, feed_id: int) -> Feed:
    await storage.feeds.succeeded(feed_id, time.time() + 300, etag='"1"')
    found = await storage.feeds.get(feed_id)
    assert found is not None and found.primed_at is not None
    return found


async def test_first_poll_imports_the_newest_few_quietly_and_remembers_the_rest(
    storage: Storage,
) -> None:
    await storage.subscriptions.subscribe(1001, "private")
    feed = await added(storage)
    parsed = fixture("desk_en.rss")
    done = await importer.take(storage, feed, parsed, propagate=no_propagation)
    assert done.announced == [] and len(done.quiet) == FEED_FIRST_IMPORT
    headlines = [article.headline for article in await storage.articles.latest(10)]
    newest = [entry.headline for entry in items(parsed)[:FEED_FIRST_IMPORT]]
    assert headlines == newest  # newest first, dated as the feed says
    article = await storage.articles.get(done.quiet[-1])
    assert article is not None
    assert article.canonical_url == "https://desk.example/en/news/witkoff-advised-kremlin"
    assert article.photo_url == "https://desk.example/img/witkoff.jpg"
    assert article.published_at == 1764136800
    # The subscriber had every headline before: its cursor moved past the quiet ones.
    assert await storage.outbox.open_round() is None
    # Polling the same feed again changes nothing: every entry is known, forever.
    again = await importer.take(
        storage, await primed(storage, feed.id), parsed, propagate=no_propagation
    )
    assert again.announced == again.quiet == [] and again.corrected == 0
    assert len(await storage.articles.latest(10)) == FEED_FIRST_IMPORT


async def test_entries_after_the_first_poll_are_published_and_announced(storage: Storage) -> None:
    await storage.subscriptions.subscribe(1001, "private")
    feed = await added(storage)
    parsed = fixture("desk_en.rss")
    await importer.take(
        storage, feed, replace(parsed, entries=parsed.entries[1:]), propagate=no_propagation
    )
    feed = await primed(storage, feed.id)
    done = await importer.take(storage, feed, parsed, propagate=no_propagation)
    assert len(done.announced) == 1
    article = await storage.articles.get(done.announced[0])
    assert article is not None and article.headline.startswith("Witkoff advised Kremlin")
    opened = await storage.outbox.open_round()
    assert opened is not None and opened[1] == article.id


async def test_entry_published_after_the_feed_was_added_is_news_on_the_first_poll(
    storage: Storage,
) -> None:
    feed = await added(storage)
    [fresh] = items(fixture("desk_ka.atom"))[:1]
    fresh = replace(fresh, published_at=int(time.time()) + 5)
    done = await importer.take(storage, feed, ParsedFeed("ka", [fresh]), propagate=no_propagation)
    assert len(done.announced) == 1 and done.quiet == []


async def test_changed_entry_corrects_its_article_instead_of_a_new_one(storage: Storage) -> None:
    feed = await added(storage)
    parsed = fixture("desk_ka.atom")
    first = await importer.take(storage, feed, parsed, propagate=no_propagation)
    feed = await primed(storage, feed.id)
    rubio = items(parsed)[0]
    changed = replace(
        rubio,
        headline=rubio.headline + " (განახლდა)",
        body_html="შესწორებული ტექსტი.",
        fingerprint="changed",
        link="https://desk.example/ka/news/rubio-2",
    )
    propagated: list[int] = []

    async def propagate(storage: Storage, article_id: int) -> int:
        propagated.append(article_id)
        return 1

    done = await importer.take(
        storage, feed, ParsedFeed("ka", [changed, items(parsed)[1]]), propagate=propagate
    )
    assert done.corrected == 1 and done.announced == [] and done.quiet == []
    article_id = max(first.quiet)
    assert propagated == [article_id]
    article = await storage.articles.get(article_id)
    assert article is not None
    assert article.headline.endswith("(განახლდა)") and article.body_html == "შესწორებული ტექსტი."
    assert article.canonical_url == "https://desk.example/ka/news/rubio-2"
    assert [revision.number for revision in await storage.articles.history(article_id)] == [1, 2]
    # Once recorded, the same content is no correction again.
    again = await importer.take(storage, feed, ParsedFeed("ka", [changed]), propagate=propagate)
    assert again.corrected == 0


async def test_review_mode_keeps_entries_for_the_editors_first_decision(storage: Storage) -> None:
    feed = await added(storage, mode="review")
    parsed = fixture("desk_en.rss")
    first = await importer.take(storage, feed, parsed, propagate=no_propagation)
    assert first.quiet == [] and first.reviews == []  # review mode imports nothing unasked
    feed = await primed(storage, feed.id)
    extra = replace(items(parsed)[0], key="desk-102", headline="Trump drops Thursday deadline")
    done = await importer.take(
        storage, feed, ParsedFeed("en", [extra, *parsed.entries]), propagate=no_propagation
    )
    [entry_id] = done.reviews
    assert await storage.articles.latest(5) == []
    published = await review.publish(storage, entry_id, EDITOR)
    assert not isinstance(published, Problem)
    assert published.headline == "Trump drops Thursday deadline"
    assert published.canonical_url == extra.link
    # A second editor's press (or a second press) finds it decided.
    again = await review.publish(storage, entry_id, EDITOR + 1)
    assert isinstance(again, Problem) and again.key == "feed-review-decided"
    skipped = await review.skip(storage, entry_id, EDITOR)
    assert isinstance(skipped, Problem) and skipped.key == "feed-review-decided"


async def test_review_edit_opens_a_draft_and_skip_publishes_nothing(storage: Storage) -> None:
    feed = await primed(storage, (await added(storage, mode="review")).id)
    one, two = items(fixture("desk_ka.atom"))
    done = await importer.take(
        storage, feed, ParsedFeed("ka", [one, two]), propagate=no_propagation
    )
    edit_id, skip_id = sorted(done.reviews)
    assert await review.edit(storage, edit_id, EDITOR, EDITOR, "ka") is None
    draft = await storage.drafts.get(EDITOR, EDITOR)
    assert draft is not None and draft.headline in (one.headline, two.headline)
    assert draft.parts and draft.step == "body"
    assert await review.skip(storage, skip_id, EDITOR) is None
    assert await storage.articles.latest(5) == []


async def test_feeds_setting_seeds_once_and_finds_sections_by_name(storage: Storage) -> None:
    world = await sections.add(storage, "World | მსოფლიო")
    assert not isinstance(world, Problem)
    wanted = (("https://desk.example/rss", "მსოფლიო"), ("https://desk.example/all", None))
    assert await seed(storage, wanted) == 2
    assert await seed(storage, wanted) == 0
    feeds = await storage.feeds.live()
    assert [(feed.url, feed.added_by) for feed in feeds] == [
        ("https://desk.example/rss", 0),
        ("https://desk.example/all", 0),
    ]
    assert feeds[0].section_id is not None and feeds[1].section_id is None


async def test_a_photo_known_by_url_is_replaced_and_removed_for_good_by_corrections(
    storage: Storage,
) -> None:
    first, second = (f"https://desk.example/img/{n}.jpg" for n in (1, 2))
    article = await storage.articles.publish("H", "B", EDITOR, photo=Photo.from_url(first))
    assert await storage.articles.correct(article.id, EDITOR, "H", "B", Photo.from_url(second))
    corrected = await storage.articles.get(article.id)
    assert corrected is not None and corrected.photo == Photo.from_url(second)
    # Its file id, once Telegram gives one, is kept for the new URL.
    given = Photo("AgAD-file", Photo.from_url(second).unique_id, 800, 480, None)
    assert await storage.feeds.keep_photo(article.id, second, given)
    assert await storage.articles.correct(article.id, EDITOR, "H", "B", None)
    removed = await storage.articles.get(article.id)
    assert removed is not None and removed.photo is None  # no URL left to bring it back


async def test_a_removed_feed_is_not_seeded_again_but_a_new_url_is(storage: Storage) -> None:
    assert await seed(storage, (("https://desk.example/rss", None),)) == 1
    [feed] = await storage.feeds.live()
    assert await storage.feeds.remove(feed.id)
    wanted = (("https://desk.example/rss", None), ("https://desk.example/new", None))
    assert await seed(storage, wanted) == 1
    assert [feed.url for feed in await storage.feeds.live()] == ["https://desk.example/new"]


# ----- views ----------------------------------------------------------------------------------


TRANSLATOR = Translator()
ZONE = ZoneInfo("Asia/Tbilisi")


@pytest.mark.parametrize("language", LANGUAGES)
def test_feeds_list_shows_state_and_errors_as_valid_html(language: str) -> None:
    world = Section(1, "World", "მსოფლიო", 1)
    healthy = Feed(1, "https://desk.example/rss?a=1&b=2", 1, "publish", False, EDITOR, 0,
                   last_success_at=1764136800)  # fmt: skip
    failing = Feed(2, "https://desk.example/<ka>", None, "review", True, EDITOR, 0,
                   last_error="HTTP 500 <Internal>", last_error_at=1764136800, failures=3,
                   next_poll_at=1764140400)  # fmt: skip
    text = feeds_text([healthy, failing], [world], translator=TRANSLATOR, language=language,
                      zone=ZONE)  # fmt: skip
    visible, _ = parse_html(text)  # raises like Telegram's 400 on bad markup
    assert "https://desk.example/rss?a=1&b=2" in visible and "HTTP 500 <Internal>" in visible
    assert world.name(language) in visible and "26.11.2025 10:00" in visible
    keyboard = feeds_keyboard([healthy, failing], TRANSLATOR, language)
    assert keyboard is not None
    data = [button.callback_data for row in keyboard.inline_keyboard for button in row]
    assert data == ["fd:pause:1", "fd:remove:1", "fd:resume:2", "fd:remove:2"]
    assert feeds_keyboard([], TRANSLATOR, language) is None
    assert parse_html(feeds_text([], [], translator=TRANSLATOR, language=language, zone=ZONE))


def test_review_preview_shows_the_start_of_a_long_entry_with_its_link() -> None:
    feed = Feed(3, "https://desk.example/rss", None, "review", False, EDITOR, 0)
    body = "<b>Bold</b> start. " + "Word " * 2000
    item = FeedItem("k", "A < B", body, "https://desk.example/a?x=1&y=2", None, None, None, "f")
    text = review_text(Review(7, feed, "review", item), translator=TRANSLATOR, language="en")
    visible, _ = parse_html(text)
    assert "A < B" in visible and "Bold start." in visible and visible.endswith("x=1&y=2")
    assert len(visible) < 4096
    keyboard = review_keyboard(TRANSLATOR, "en", 7)
    assert [b.callback_data for b in keyboard.inline_keyboard[0]] == [
        "fr:publish:7",
        "fr:edit:7",
        "fr:skip:7",
    ]


def test_open_on_site_only_under_an_alert_about_one_article_and_under_read() -> None:
    one = Headline(5, "Witkoff", 0, 0, canonical_url="https://desk.example/a/5")
    other = Headline(4, "Other", 0, 0)
    alone = alert_keyboard([one], is_channel=False, bot_username="b", total=1, site_label="Site")
    assert [b.url for row in alone.inline_keyboard for b in row] == [None, one.canonical_url]
    digest = alert_keyboard([one, other], is_channel=False, bot_username="b", total=2,
                            site_label="Site")  # fmt: skip
    assert all(b.url is None for row in digest.inline_keyboard for b in row)
    reading = reading_keyboard([other], site_url=one.canonical_url, site_label="Site")
    assert reading is not None and reading.inline_keyboard[0][0].url == one.canonical_url
    assert reading_keyboard([], site_url=None, site_label="Site") is None


def test_a_photo_known_by_url_keeps_the_url_as_its_identity() -> None:
    photo = Photo.from_url("https://desk.example/p.jpg")
    assert photo.url == photo.file_id == "https://desk.example/p.jpg"
    given = Photo("AgACAgI", photo.unique_id, 800, 533, 1234)
    assert given.url is None and given.unique_id == photo.unique_id
    assert Photo("AgACAgI", "AQADx", 1, 1, None).url is None
