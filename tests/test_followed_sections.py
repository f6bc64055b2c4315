"""Followed sections in storage and views (migration 0016): what a subscription follows (all by
default, a chosen set once it toggles one), how planning filters digests and breaking news by
it in SQL (cursors move all the same), the filter an alert carries, `between` through it, and
the indexes the planner's statements keep to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.news import sections
from bot.views.callbacks import ChannelSection, ChatId, FollowSection
from bot.views.i18n import Translator
from bot.views.keyboards import channel_settings_keyboard, settings_keyboard
from storage import Section, Storage, Subscription

EDITOR = 1
FORUM = -1005550001


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


async def define(storage: Storage, *names: str) -> list[Section]:
    added = []
    for text in names:
        section = await sections.add(storage, text)
        assert isinstance(section, Section), section
        added.append(section)
    return added


async def planned(storage: Storage) -> list[tuple[int, int, str | None]]:
    """(chat, thread, sections) of every alert, in the order planned."""
    async with storage.database.connection.execute(
        "SELECT chat_id, thread_id, sections FROM outbox ORDER BY id"
    ) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]  # type: ignore[misc]


async def test_a_subscription_follows_all_until_it_chooses(storage: Storage) -> None:
    world, georgia, business = await define(
        storage, "World | მსოფლიო", "Georgia | საქართველო", "Business | ბიზნესი"
    )
    subscriptions = storage.subscriptions
    assert not await subscriptions.toggle_section(10, 0, world.id)  # not subscribed
    await subscriptions.subscribe(10, "private")
    subscription = await subscriptions.get(10)
    assert subscription is not None and subscription.follows_all
    assert await subscriptions.followed(10) is None
    # The first toggle from "all" chooses every live section but that one.
    assert await subscriptions.toggle_section(10, 0, georgia.id)
    assert await subscriptions.followed(10) == {world.id, business.id}
    [sport] = await define(storage, "Sport | სპორტი")
    assert await subscriptions.followed(10) == {world.id, business.id}  # not followed
    assert await subscriptions.toggle_section(10, 0, sport.id)
    assert await subscriptions.toggle_section(10, 0, world.id)
    assert await subscriptions.followed(10) == {business.id, sport.id}
    removed = await storage.sections.remove(sport.id)
    assert removed is not None
    assert not await subscriptions.toggle_section(10, 0, sport.id)  # removed: no change
    assert await subscriptions.follow_all(10)
    assert await subscriptions.followed(10) is None
    assert not await subscriptions.follow_all(11)


async def test_a_digest_carries_only_followed_sections_and_every_cursor_moves(
    storage: Storage,
) -> None:
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    for chat_id in (10, 11, 12):
        await storage.subscriptions.subscribe(chat_id, "private")
    await storage.subscriptions.toggle_section(11, 0, georgia.id)  # World alone
    await storage.subscriptions.toggle_section(12, 0, world.id)  # Georgia alone
    first = await storage.articles.publish("World one", "Body.", EDITOR, section_id=world.id)
    last = await storage.articles.publish("World two", "Body.", EDITOR, section_id=world.id)
    assert await storage.outbox.plan_round(1) is not None
    assert await planned(storage) == [(10, 0, None), (11, 0, str(world.id))]
    for chat_id in (10, 11, 12):  # 12 had nothing it follows: no alert, its cursor moves
        subscription = await storage.subscriptions.get(chat_id)
        assert subscription is not None and subscription.cursor_article_id == last.id
    headlines, total = await storage.articles.between(0, last.id, 10, str(world.id))
    assert [h.id for h in headlines] == [last.id, first.id] and total == 2
    assert await storage.articles.between(0, last.id, 10, str(georgia.id)) == ([], 0)
    assert await storage.articles.between(0, last.id, 10, "") == ([], 0)
    # The total counts only what the filter lets through.
    for n in range(3):
        await storage.articles.publish(f"Tbilisi {n}", "Body.", EDITOR, section_id=georgia.id)
    newest = await storage.articles.publish("World three", "Body.", EDITOR, section_id=world.id)
    headlines, total = await storage.articles.between(0, newest.id, 2, str(world.id))
    assert [h.id for h in headlines] == [newest.id, last.id] and total == 3


async def test_the_filter_key_is_the_followed_ids_ascending(storage: Storage) -> None:
    added = await define(storage, "A | ა", "B | ბ", "C | გ", "D | დ")
    await storage.subscriptions.subscribe(10, "private")
    await storage.subscriptions.toggle_section(10, 0, added[1].id)
    article = await storage.articles.publish("News", "Body.", EDITOR, section_id=added[3].id)
    assert await storage.outbox.plan_round(10) is not None
    [alert] = await storage.outbox.claim(10)
    assert alert.sections == ",".join(str(s.id) for s in (added[0], added[2], added[3]))
    assert alert.through_article_id == article.id


async def test_articles_without_a_section_reach_everyone(storage: Storage) -> None:
    old = await storage.articles.publish("Before sections", "Body.", EDITOR)
    [world, georgia] = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await storage.subscriptions.subscribe(10, "private")
    async with storage.database.transaction() as connection:  # behind the old article too
        await connection.execute("UPDATE subscriptions SET cursor_article_id = 0")
    await storage.subscriptions.toggle_section(10, 0, world.id)
    await storage.subscriptions.toggle_section(10, 0, georgia.id)  # follows none
    assert await storage.subscriptions.followed(10) == frozenset()
    assert await storage.outbox.plan_round(10) is not None
    assert await planned(storage) == [(10, 0, "")]
    assert [h.id for h in (await storage.articles.between(0, old.id, 10, ""))[0]] == [old.id]


async def test_breaking_news_reaches_only_those_following_its_section(storage: Storage) -> None:
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await storage.subscriptions.subscribe(10, "private")
    for thread_id in (3, 5):
        await storage.subscriptions.subscribe(FORUM, "supergroup", thread_id=thread_id)
    await storage.subscriptions.toggle_section(FORUM, 3, georgia.id)  # topic 3: World
    await storage.subscriptions.toggle_section(FORUM, 5, world.id)  # topic 5: Georgia
    await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True, section_id=world.id)
    await storage.outbox.plan_breaking(1)
    assert await planned(storage) == [(FORUM, 3, None), (10, 0, None)]


async def test_a_migrated_group_keeps_what_it_follows(storage: Storage) -> None:
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await storage.subscriptions.subscribe(-5, "group")
    await storage.subscriptions.toggle_section(-5, 0, georgia.id)
    await storage.subscriptions.migrate(-5, -1005)
    assert await storage.subscriptions.followed(-1005) == {world.id}


async def test_planning_statements_keep_to_their_indexes(storage: Storage) -> None:
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    for chat_id in range(1, 20):
        await storage.subscriptions.subscribe(chat_id, "private")
    await storage.subscriptions.toggle_section(5, 0, georgia.id)
    await storage.articles.publish("Normal", "Body.", EDITOR, section_id=world.id)
    await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True, section_id=world.id)
    executed: list[str] = []
    await storage.database.connection.set_trace_callback(executed.append)
    try:
        await storage.outbox.plan_breaking(5)
        await storage.outbox.plan_round(5)
    finally:
        await storage.database.connection.set_trace_callback(None)
    plans = {}
    for sql in executed:
        if sql.lstrip().upper().startswith("INSERT OR IGNORE INTO OUTBOX"):
            async with storage.database.connection.execute("EXPLAIN QUERY PLAN " + sql) as cursor:
                plans[sql] = " | ".join(str(row[3]) for row in await cursor.fetchall())
    assert {"'breaking', 0, " in sql for sql in plans} == {True, False}, plans
    for plan in plans.values():
        # Still a range of the subscriptions' primary key; each chosen section one lookup of
        # followed_sections' key; the digest's range of articles one range of theirs.
        assert "USING PRIMARY KEY (chat_id>? AND chat_id<?)" in plan, plan
        assert "f USING PRIMARY KEY (chat_id=? AND thread_id=? AND section_id=?)" in plan, plan
        assert "SCAN f" not in plan and "SCAN a" not in plan and "TEMP" not in plan, plan
    digests = [plan for sql, plan in plans.items() if "'breaking', 0, " not in sql]
    assert all("a USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in p for p in digests), digests


def test_settings_show_a_toggle_per_section_once_subscribed() -> None:
    translator = Translator()
    live = [Section(3, "World", "მსოფლიო", 1), Section(7, "Georgia", "საქართველო", 2)]

    def labels(
        subscribed: bool, followed: frozenset[int] | None, language: str = "en"
    ) -> list[tuple[str, object]]:
        keyboard = settings_keyboard(
            translator,
            language,
            subscription=subscription(-1009876) if subscribed else None,
            sections=live,
            followed=followed,
        )
        return [(b.text, b.callback_data) for row in keyboard.inline_keyboard for b in row]

    assert [text for text, _ in labels(False, None)] == ["🔔 Subscribe"]
    assert labels(True, None)[1:4] == [
        ("✅ World", "fs:3"),
        ("✅ Georgia", "fs:7"),
        ("✅ All sections", "fs:0"),
    ]
    assert [text for text, _ in labels(True, frozenset({7}), "ka")[1:4]] == [
        "⬜ მსოფლიო",
        "✅ საქართველო",
        "⬜ ყველა რუბრიკა",
    ]
    assert FollowSection.parse("fs:0") == FollowSection(0)
    assert FollowSection.parse("fs:-1") is None
    # An editor's toggles of a channel name the channel.
    keyboard = channel_settings_keyboard(
        translator, "en", subscription(-1009876), live, frozenset({3})
    )
    assert [(b.text, b.callback_data) for row in keyboard.inline_keyboard for b in row][:3] == [
        ("✅ World", "cs:-1009876:3"),
        ("⬜ Georgia", "cs:-1009876:7"),
        ("⬜ All sections", "cs:-1009876:0"),
    ]
    assert ChannelSection.parse("cs:-1009876:0") == ChannelSection(ChatId(-1009876), 0)
    # Without sections, only the rhythm's rows (each naming the channel).
    rows = channel_settings_keyboard(translator, "en", subscription(-1), [], None).inline_keyboard
    assert [len(row) for row in rows] == [3, 2, 2]
    assert all(b.callback_data.split(":")[1] == "-1" for row in rows for b in row)


def subscription(chat_id: int) -> Subscription:
    """An active subscription with every default choice."""
    return Subscription(chat_id, "channel", "Desk", None, "en", True, 0, 0, None, None)
