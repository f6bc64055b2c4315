"""Feeds over the real paths (issue 12): a desk's site on 127.0.0.1 (tests/e2e/feed_server.py)
polled by the running bot, which talks to the local Bot API server: new entries become articles
and alerts, a first poll imports quietly, 304s, broken sites, corrections, review mode."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.context import settings_of
from bot.feeds import importer
from bot.news import sections
from bot.news.articles import Problem
from local_bot_api import LocalBotApi
from local_bot_api.images import png_bytes
from storage import Feed, Storage
from tests.e2e.feed_server import FeedServer, Item, Route, feed_server, rss
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ask,
    eventually,
    make_settings,
    press,
    running_bot,
    storage_of,
)

# Polls and rounds this often: the tests wait for effects, never for a fixed time.
INTERVAL = 0.2


@pytest.fixture
async def site() -> AsyncIterator[FeedServer]:
    async with feed_server() as server:
        yield server


@pytest.fixture
def quick_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow site gives up within a second, and "oversized" starts at 100 kB."""
    monkeypatch.setattr("bot.feeds.fetch.FEED_TIMEOUT", 0.3)
    monkeypatch.setattr("bot.feeds.fetch.FEED_DEADLINE", 0.6)
    monkeypatch.setattr("bot.feeds.fetch.FEED_MAX_BYTES", 100_000)


@pytest.fixture
async def feed_app(
    api: LocalBotApi, database: Path, quick_limits: None, site: FeedServer
) -> AsyncIterator[Any]:
    """The bot polling every INTERVAL; the site stops after it (no failed poll at the end)."""
    settings = make_settings(api, database, push_interval=INTERVAL, feed_interval=INTERVAL)
    async with running_bot(settings) as application:
        yield application


async def feed_of(app: Any, feed_id: int) -> Feed:
    feed = await storage_of(app).feeds.get(feed_id)
    assert feed is not None
    return feed


async def add_feed(api: LocalBotApi, url: str, *options: str) -> int:
    [added] = await ask(api, EDITOR_ID, " ".join(["/addfeed", url, *options]), from_user=EDITOR_ID)
    assert "added" in added.text, added.text
    return int(added.text.split("Feed ")[1].split(" ")[0])


async def primed(app: Any, feed_id: int) -> None:
    async def done() -> bool:
        return (await feed_of(app, feed_id)).primed_at is not None

    await eventually(done, f"feed {feed_id} polled once")


async def reader_and_empty_feed(app: Any, api: LocalBotApi, site: FeedServer) -> None:
    """A subscribed reader, and an empty feed at /en.rss added and polled once: what is served
    there next is new."""
    await ask(api, READER_ID, "/subscribe")
    site.serve_items("/en.rss", [])
    feed_id = await add_feed(api, site.url("/en.rss"))
    await primed(app, feed_id)


def new_item(title: str, body: str = "<p>Text of the entry.</p>", **extra: Any) -> Item:
    slug = title.lower().replace(" ", "-")
    return Item(
        guid=extra.pop("guid", f"desk-{slug}"),
        title=title,
        body_html=body,
        link=f"https://desk.example/en/news/{slug}",
        published=extra.pop("published", time.time()),
        **extra,
    )


def with_item(fixture: bytes, item: Item) -> bytes:
    """The fixture feed with `item` on top (a new entry the site just published)."""
    built = rss([item])
    start = built.index(b"<item>")
    end = built.index(b"</item>") + len(b"</item>")
    return fixture.replace(b"<item>", built[start:end] + b"\n<item>", 1)


async def test_new_entry_becomes_an_alert_and_the_first_poll_imports_quietly(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    await ask(api, READER_ID, "/subscribe")
    site.serve_fixture("/en.rss", "desk_en.rss")
    feed_id = await add_feed(api, site.url("/en.rss"))
    await primed(feed_app, feed_id)
    storage = storage_of(feed_app)
    imported = await storage.articles.latest(10)
    assert [headline.headline[:20] for headline in imported] == [
        "Witkoff advised Krem",
        "Trump says ready to ",
        "War update: 156 clas",
    ]
    alerts_before = len(api.messages(READER_ID))

    fixture = site.routes["/en.rss"].body
    site.serve("/en.rss", with_item(fixture, new_item("Trump drops Thursday deadline")))
    alert = await api.wait_for(
        lambda m: m.chat_id == READER_ID and "Trump drops Thursday deadline" in m.text
    )
    # The alert announces the new entry alone: the quiet imports never reached the reader.
    assert "Witkoff" not in alert.text and "War update" not in alert.text
    assert len(api.messages(READER_ID)) == alerts_before + 1
    [article] = await storage.articles.latest(1)
    stored = await storage.articles.get(article.id)
    assert stored is not None
    assert stored.canonical_url == "https://desk.example/en/news/trump-drops-thursday-deadline"


async def test_unchanged_feed_costs_a_304(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    site.serve_fixture("/ka.atom", "desk_ka.atom")
    feed_id = await add_feed(api, site.url("/ka.atom"))
    await primed(feed_app, feed_id)
    await eventually(lambda: 304 in site.statuses("/ka.atom"), "a conditional GET answered 304")
    conditional = [etag for path, etag, status in site.requests if status == 304]
    assert conditional and all(etag for etag in conditional)
    feed = await feed_of(feed_app, feed_id)
    assert feed.failures == 0 and feed.etag is not None
    # Georgian entries imported quietly, with their own headlines.
    headlines = [headline.headline for headline in await storage_of(feed_app).articles.latest(5)]
    assert any(headline.startswith("მარკო რუბიო") for headline in headlines)


async def test_broken_sites_fail_back_off_and_show_in_feeds(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    site.serve_fixture("/malformed.xml", "malformed.xml")
    site.routes["/huge.rss"] = Route(b"<rss>" + b" " * 200_000 + b"</rss>", chunks=20)
    site.routes["/loop"] = Route(location="/loop")
    site.routes["/slow.rss"] = Route(rss([new_item("Too late")]), delay=2.0)
    site.routes["/ftp"] = Route(location="ftp://desk.example/feed.xml")
    expected = {
        "/malformed.xml": "unclosed token",
        "/huge.rss": "larger than",
        "/loop": "more than 5 redirects",
        "/slow.rss": "timed out",
        "/ftp": "not an http or https URL",
    }
    ids = {path: await add_feed(api, site.url(path)) for path in expected}

    async def all_failed() -> bool:
        feeds = [await feed_of(feed_app, feed_id) for feed_id in ids.values()]
        return all(feed.failures >= 2 for feed in feeds)

    await eventually(all_failed, "every broken feed failed twice")
    for path, feed_id in ids.items():
        feed = await feed_of(feed_app, feed_id)
        assert feed.last_error is not None and expected[path] in feed.last_error, feed
        assert feed.primed_at is None
        # Backing off: the next try is further away than one interval.
        assert feed.next_poll_at - (feed.last_error_at or 0) > INTERVAL
    assert await storage_of(feed_app).articles.latest(5) == []
    [listing] = await ask(api, EDITOR_ID, "/feeds", from_user=EDITOR_ID)
    assert listing.text.count("Last error") == len(expected)
    assert "Failing" in listing.text and "more than 5 redirects" in listing.text
    # The redirect loop stopped at the limit: 1 request and 5 redirects a poll, no more.
    assert len(site.statuses("/loop")) % 6 == 0


async def test_a_failing_feed_is_reported_to_the_operator_once_not_every_poll(
    api: LocalBotApi, database: Path, quick_limits: None, site: FeedServer
) -> None:
    operator = 9000
    api.add_private_chat(operator, first_name="Operator")
    site.routes["/gone.rss"] = Route(location="/gone.rss")
    settings = make_settings(api, database, feed_interval=0.02, error_chat_id=operator)
    async with running_bot(settings) as app:
        feed_id = await add_feed(api, site.url("/gone.rss"))

        async def failed_often() -> bool:
            return (await feed_of(app, feed_id)).failures >= 6

        await eventually(failed_often, "the feed failed six polls", timeout=20)
        assert (await feed_of(app, feed_id)).error_reported
    reports = [m for m in api.messages(operator) if "/gone.rss" in m.text]
    assert len(reports) == 1 and "failed 3 polls in a row" in reports[0].text


async def test_updated_entry_corrects_the_alert_already_sent(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    await ask(api, READER_ID, "/subscribe")
    # Published yesterday: imported quietly on the first poll.
    item = new_item("Border guards destroy hideouts", published=time.time() - 86_400)
    site.serve_items("/en.rss", [item])
    feed_id = await add_feed(api, site.url("/en.rss"))
    await primed(feed_app, feed_id)
    fresh = new_item("Russia loses 980 soldiers")
    site.serve_items("/en.rss", [item, fresh])
    alert = await api.wait_for(lambda m: m.chat_id == READER_ID and "Russia loses 980" in m.text)
    articles_before = len(await storage_of(feed_app).articles.latest(10))

    fresh.title = "Russia loses 980 soldiers, two air defense systems"
    fresh.body_html = "<p>Corrected figures.</p>"
    site.serve_items("/en.rss", [item, fresh])
    edited = await api.wait_for(
        lambda m: m.message_id == alert.message_id and m.edited and "air defense" in m.text
    )
    assert edited.chat_id == READER_ID
    # A correction, not a new article.
    assert len(await storage_of(feed_app).articles.latest(10)) == articles_before


async def test_review_mode_previews_go_to_editors_and_their_buttons_decide(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    site.serve_fixture("/review.rss", "desk_en.rss")
    feed_id = await add_feed(api, site.url("/review.rss"), "review")
    await primed(feed_app, feed_id)
    storage = storage_of(feed_app)
    assert await storage.articles.latest(5) == []  # review mode imports nothing unasked
    fixture = site.routes["/review.rss"].body
    first, second, third = (new_item(f"Review entry {n}") for n in range(3))
    body = with_item(with_item(with_item(fixture, first), second), third)
    site.serve("/review.rss", body)
    await eventually(
        lambda: len([m for m in api.messages(EDITOR_ID) if "waiting for review" in m.text]) == 3,
        "three previews",
    )
    previews = [m for m in api.messages(EDITOR_ID) if "waiting for review" in m.text]
    preview = next(m for m in previews if "Review entry 0" in m.text)
    publish, edit, skip = preview.callback_data
    assert (publish, edit, skip) == tuple(
        f"fr:{d}:{publish.split(':')[2]}" for d in ("publish", "edit", "skip")
    )

    # Readers cannot decide.
    refused = await press(api, EDITOR_ID, preview, publish, from_user=READER_ID)
    assert "editor" in refused.get("text", "").lower()
    assert await storage.articles.latest(5) == []

    answered = await press(api, EDITOR_ID, preview, publish, from_user=EDITOR_ID)
    assert not answered.get("show_alert")
    await api.wait_for(lambda m: m.chat_id == EDITOR_ID and "Published as article" in m.text)
    [article] = await storage.articles.latest(5)
    assert article.headline == "Review entry 0"
    again = await press(api, EDITOR_ID, preview, publish, from_user=EDITOR_ID, check=False)
    assert "decided" in again.get("text", "")

    skipped = next(m for m in previews if "Review entry 1" in m.text)
    await press(api, EDITOR_ID, skipped, skipped.callback_data[2], from_user=EDITOR_ID)
    await api.wait_for(lambda m: m.chat_id == EDITOR_ID and "Skipped" in m.text)
    edited = next(m for m in previews if "Review entry 2" in m.text)
    await press(api, EDITOR_ID, edited, edited.callback_data[1], from_user=EDITOR_ID)
    await api.wait_for(lambda m: m.chat_id == EDITOR_ID and "your draft" in m.text)
    draft = await storage.drafts.get(EDITOR_ID, EDITOR_ID)
    assert draft is not None and draft.headline == "Review entry 2"
    assert [headline.headline for headline in await storage.articles.latest(5)] == [
        "Review entry 0"
    ]


async def test_feed_commands_are_for_editors_only(feed_app: Any, api: LocalBotApi) -> None:
    for command in ("/feeds", "/addfeed https://desk.example/rss", "/removefeed 1", "/pausefeed 1"):
        [refused] = await ask(api, READER_ID, command)
        assert "editor" in refused.text.lower(), command
    assert await storage_of(feed_app).feeds.live() == []


async def test_editors_add_pause_and_remove_feeds(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    [usage] = await ask(api, EDITOR_ID, "/addfeed", from_user=EDITOR_ID)
    assert "/addfeed https://site/feed.xml" in usage.text
    [bad] = await ask(api, EDITOR_ID, "/addfeed file:///etc/passwd", from_user=EDITOR_ID)
    assert "not an http:// or https:// address" in bad.text
    [unknown] = await ask(
        api, EDITOR_ID, "/addfeed https://desk.example/rss #Nowhere", from_user=EDITOR_ID
    )
    assert "no section" in unknown.text
    site.serve_fixture("/en.rss", "desk_en.rss")
    feed_id = await add_feed(api, site.url("/en.rss"))
    [twice] = await ask(api, EDITOR_ID, f"/addfeed {site.url('/en.rss')}", from_user=EDITOR_ID)
    assert "already" in twice.text
    [paused] = await ask(api, EDITOR_ID, f"/pausefeed {feed_id}", from_user=EDITOR_ID)
    assert "paused" in paused.text and (await feed_of(feed_app, feed_id)).paused
    [listing] = await ask(api, EDITOR_ID, "/feeds", from_user=EDITOR_ID)
    assert site.url("/en.rss") in listing.text and "Paused" in listing.text
    assert listing.callback_data == [f"fd:resume:{feed_id}", f"fd:remove:{feed_id}"]
    await press(api, EDITOR_ID, listing, f"fd:resume:{feed_id}", from_user=EDITOR_ID)
    await eventually(
        lambda: any(
            m.message_id == listing.message_id and f"fd:pause:{feed_id}" in m.callback_data
            for m in api.messages(EDITOR_ID)
        ),
        "the list shows the feed resumed",
    )
    [removed] = await ask(api, EDITOR_ID, f"/removefeed {feed_id}", from_user=EDITOR_ID)
    assert "removed" in removed.text
    [missing] = await ask(api, EDITOR_ID, f"/removefeed {feed_id}", from_user=EDITOR_ID)
    assert f"no feed {feed_id}" in missing.text
    [empty] = await ask(api, EDITOR_ID, "/feeds", from_user=EDITOR_ID)
    assert "No feeds yet" in empty.text


def site_buttons(message: Any) -> list[str]:
    return [str(button["url"]) for row in message.buttons for button in row if "url" in button]


async def test_open_on_site_button_under_read_and_a_single_article_alert(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    await reader_and_empty_feed(feed_app, api, site)
    entry = new_item("Witkoff advised Kremlin")
    site.serve_items("/en.rss", [entry])
    alert = await api.wait_for(lambda m: m.chat_id == READER_ID and "Witkoff advised" in m.text)
    assert site_buttons(alert) == [entry.link]
    [article] = await storage_of(feed_app).articles.latest(1)
    replies = await ask(api, READER_ID, f"/read_{article.id}")
    assert site_buttons(replies[-1]) == [entry.link]
    assert "🌐 Open on site" in replies[-1].button_texts
    # A digest of several headlines links none of them to the site.
    site.serve_items("/en.rss", [entry, new_item("Second entry"), new_item("Third entry")])
    digest = await api.wait_for(lambda m: m.chat_id == READER_ID and "Third entry" in m.text)
    assert "Second entry" in digest.text and site_buttons(digest) == []


async def test_feeds_setting_seeds_feeds_at_start_once(
    api: LocalBotApi, database: Path, quick_limits: None, site: FeedServer
) -> None:
    storage = await Storage.open(database)
    world = await sections.add(storage, "World | მსოფლიო")
    await storage.close()
    assert not isinstance(world, Problem)
    site.serve_fixture("/world.rss", "desk_en.rss")
    site.serve_fixture("/ka.atom", "desk_ka.atom")
    settings = make_settings(
        api,
        database,
        feed_interval=INTERVAL,
        feeds=f"{site.url('/world.rss')}=World, {site.url('/ka.atom')}",
    )
    for _ in range(2):  # a restart adds nothing twice
        async with running_bot(settings) as app:
            feeds = await storage_of(app).feeds.live()
            assert [(feed.url, feed.section_id) for feed in feeds] == [
                (site.url("/world.rss"), world.id),
                (site.url("/ka.atom"), None),
            ]
            await primed(app, feeds[0].id)
            in_world = await storage_of(app).articles.latest(10, section_id=world.id)
            assert any(h.headline.startswith("Witkoff advised Kremlin") for h in in_world)


async def test_lead_photo_goes_by_url_once_then_by_the_file_id_telegram_gave(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    await reader_and_empty_feed(feed_app, api, site)
    site.routes["/img/witkoff.png"] = Route(png_bytes(800, 533), content_type="image/png")
    entry = new_item("Witkoff advised Kremlin", photo_url=site.url("/img/witkoff.png"))
    site.serve_items("/en.rss", [entry])
    alert = await api.wait_for(lambda m: m.chat_id == READER_ID and "Witkoff advised" in m.text)
    assert alert.method == "sendPhoto" and alert.photo is not None
    assert site.statuses("/img/witkoff.png") == [200]  # Telegram fetched it once
    [headline] = await storage_of(feed_app).articles.latest(1)

    async def kept() -> bool:
        article = await storage_of(feed_app).articles.get(headline.id)
        return (
            article is not None
            and article.photo is not None
            and not article.photo.file_id.startswith("http")
        )

    await eventually(kept, "the file_id Telegram gave is kept")
    # /read sends it by that file_id: the site is not asked again.
    replies = await ask(api, READER_ID, f"/read_{headline.id}", count=2)
    assert replies[0].method == "sendPhoto" and replies[0].photo == alert.photo
    assert site.statuses("/img/witkoff.png") == [200]


async def test_a_photo_url_telegram_cannot_fetch_leaves_the_alert_as_text(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    await reader_and_empty_feed(feed_app, api, site)
    entry = new_item("Photo gone", photo_url=site.url("/img/missing.jpg"))
    site.serve_items("/en.rss", [entry])
    alert = await api.wait_for(lambda m: m.chat_id == READER_ID and "Photo gone" in m.text)
    assert alert.method == "sendMessage"
    [headline] = await storage_of(feed_app).articles.latest(1)
    replies = await ask(api, READER_ID, f"/read_{headline.id}")
    assert all(reply.method == "sendMessage" for reply in replies)


async def test_a_long_list_of_feeds_comes_in_several_messages(
    feed_app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(feed_app)
    for number in range(40):
        await storage.feeds.add(f"https://desk{number}.example/{'long-path/' * 8}rss", EDITOR_ID)
        await storage.feeds.set_paused(number + 1, True)  # nothing is polled
    messages = await ask(api, EDITOR_ID, "/feeds", from_user=EDITOR_ID, count=2)
    assert len(messages) >= 2 and all(len(m.text) <= 4096 for m in messages)
    assert all(m.callback_data == [] for m in messages[:-1])
    assert len(messages[-1].callback_data) == 80
    assert "desk39.example" in messages[-1].text


async def test_a_failure_of_ours_backs_that_feed_off_and_the_others_go_on(
    feed_app: Any, api: LocalBotApi, site: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.supervision.RESTART_BACKOFF_FIRST", 0.05)
    real_take = importer.take

    async def take(storage: Any, feed: Feed, parsed: Any, **options: Any) -> Any:
        if feed.url.endswith("/bad.rss"):
            raise RuntimeError("a bug of ours")
        return await real_take(storage, feed, parsed, **options)

    monkeypatch.setattr(importer, "take", take)
    site.serve_fixture("/bad.rss", "desk_en.rss")
    site.serve_fixture("/good.atom", "desk_ka.atom")
    bad = await add_feed(api, site.url("/bad.rss"))
    good = await add_feed(api, site.url("/good.atom"))
    await primed(feed_app, good)

    async def backed_off() -> bool:
        return (await feed_of(feed_app, bad)).failures >= 2

    await eventually(backed_off, "the feed our bug fails on is backed off")
    feed = await feed_of(feed_app, bad)
    assert feed.last_error == "RuntimeError: a bug of ours" and feed.primed_at is None


async def test_a_seeded_feed_an_editor_removed_stays_removed_after_a_restart(
    api: LocalBotApi, database: Path, quick_limits: None, site: FeedServer
) -> None:
    removed, added_later = site.url("/removed.rss"), site.url("/later.rss")
    site.serve_items("/removed.rss", [])
    site.serve_items("/later.rss", [])
    settings = make_settings(api, database, feed_interval=INTERVAL, feeds=removed)
    async with running_bot(settings) as app:
        [feed] = await storage_of(app).feeds.live()
        [gone] = await ask(api, EDITOR_ID, f"/removefeed {feed.id}", from_user=EDITOR_ID)
        assert "removed" in gone.text
    # Restarted on the same database, with one more URL in FEEDS: that one is seeded, the
    # removed one is not; an editor's /addfeed brings the removed one back.
    settings = make_settings(
        api, database, feed_interval=INTERVAL, feeds=f"{removed},{added_later}"
    )
    async with running_bot(settings) as app:
        [listing] = await ask(api, EDITOR_ID, "/feeds", from_user=EDITOR_ID)
        assert added_later in listing.text and removed not in listing.text
        await add_feed(api, removed)
        [listing] = await ask(api, EDITOR_ID, "/feeds", from_user=EDITOR_ID)
        assert added_later in listing.text and removed in listing.text


async def edited_from_review(
    feed_app: Any, api: LocalBotApi, site: FeedServer, path: str, title: str
) -> Item:
    """A review-mode feed at `path` offers a new entry `title`; the editor presses Edit, which
    makes it their draft. The entry."""
    site.serve_items(path, [])
    await primed(feed_app, await add_feed(api, site.url(path), "review"))
    entry = new_item(title)
    site.serve_items(path, [entry])
    preview = await api.wait_for(lambda m: m.chat_id == EDITOR_ID and title in m.text)
    await press(api, EDITOR_ID, preview, preview.callback_data[1], from_user=EDITOR_ID)
    await api.wait_for(lambda m: m.chat_id == EDITOR_ID and "your draft" in m.text)
    return entry


async def test_an_entry_an_editor_edited_keeps_its_page_and_its_corrections(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    entry = await edited_from_review(feed_app, api, site, "/review.rss", "Edited entry")
    await ask(api, EDITOR_ID, "A paragraph the editor added.", from_user=EDITOR_ID)
    [published] = await ask(api, EDITOR_ID, "/publish", from_user=EDITOR_ID)
    assert "Published" in published.text
    [article] = await storage_of(feed_app).articles.latest(1)
    replies = await ask(api, READER_ID, f"/read_{article.id}")
    assert "A paragraph the editor added." in replies[-1].text
    assert site_buttons(replies[-1]) == [entry.link]
    # The site corrects the entry later: the article the editor published from it follows.
    entry.title = "Edited entry, corrected on the site"
    site.serve_items("/review.rss", [entry])

    async def corrected() -> bool:
        stored = await storage_of(feed_app).articles.get(article.id)
        return stored is not None and stored.headline == entry.title

    await eventually(corrected, "the site's correction reached the edited article")


async def test_an_edited_entry_scheduled_instead_of_published_keeps_its_page(
    feed_app: Any, api: LocalBotApi, site: FeedServer
) -> None:
    entry = await edited_from_review(feed_app, api, site, "/later.rss", "Entry for later")
    zone = settings_of(feed_app).zone
    when = datetime.fromtimestamp(time.time() + 3600, zone).strftime("%d.%m.%Y %H:%M")
    [done] = await ask(api, EDITOR_ID, f"/schedule {when}", from_user=EDITOR_ID)
    assert "Scheduled as S" in done.text
    _, waiting = await ask(api, EDITOR_ID, "/scheduled", count=2, from_user=EDITOR_ID)
    assert waiting.button_texts[0] == "▶️ Publish now"
    await press(api, EDITOR_ID, waiting, waiting.callback_data[0], from_user=EDITOR_ID)
    [article] = await storage_of(feed_app).articles.latest(1)
    assert article.headline == "Entry for later"
    replies = await ask(api, READER_ID, f"/read_{article.id}")
    assert site_buttons(replies[-1]) == [entry.link]
