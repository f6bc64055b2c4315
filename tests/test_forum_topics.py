"""Forum topics in storage and rules (migration 0014): a subscription per (chat, topic), rounds
planned per topic in chunks that keep a chat whole, one topic or a whole chat stopped, a
migration that moves every topic, the rebuilt tables keeping their rows; which topic a message
is in."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest
from telegram import Chat, ForumTopicCreated, Message, User

from bot.news.subscriptions import Topic, topic_of
from storage import Storage
from tests.migrating import database_before

FORUM = -1005550001
EDITOR = 1


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


async def alerts(storage: Storage) -> list[tuple[int, int, str]]:
    """(chat, topic, state) of every alert, in order."""
    async with storage.database.connection.execute(
        "SELECT chat_id, thread_id, state FROM outbox ORDER BY id"
    ) as cursor:
        return [(int(row[0]), int(row[1]), str(row[2])) for row in await cursor.fetchall()]


def message(*, thread_id: int | None, topic_message: bool, created: str | None = None) -> Message:
    chat = Chat(FORUM, Chat.SUPERGROUP, title="Forum", is_forum=True)
    replied = None
    if created is not None:
        replied = Message(
            thread_id or 0,
            None,  # type: ignore[arg-type]
            chat,
            forum_topic_created=ForumTopicCreated(created, 0x6FB9F0),
        )
    return Message(
        50,
        None,  # type: ignore[arg-type]
        chat,
        from_user=User(2, "Ann", False),
        text="/subscribe",
        message_thread_id=thread_id,
        is_topic_message=topic_message or None,
        reply_to_message=replied,
    )


def test_a_message_speaks_for_its_topic_and_names_it_when_it_can() -> None:
    assert topic_of(None) == Topic(0, None)
    assert topic_of(message(thread_id=None, topic_message=False)) == Topic(0, None)  # General
    assert topic_of(message(thread_id=7, topic_message=True, created="World")) == Topic(7, "World")
    assert topic_of(message(thread_id=7, topic_message=True)) == Topic(7, None)  # a reply
    # A thread of replies in a group without topics is no place of its own.
    assert topic_of(message(thread_id=40, topic_message=False)) == Topic(0, None)


async def test_topics_of_one_chat_are_subscriptions_of_their_own(storage: Storage) -> None:
    subscriptions = storage.subscriptions
    assert await subscriptions.subscribe(FORUM, "supergroup", thread_id=7, topic="World")
    assert await subscriptions.subscribe(FORUM, "supergroup", thread_id=9, topic="Sport")
    assert not await subscriptions.subscribe(FORUM, "supergroup", thread_id=7)
    assert await subscriptions.get(FORUM) is None
    world = await subscriptions.get(FORUM, 7)
    assert world is not None and (world.thread_id, world.topic, world.active) == (7, "World", True)
    assert await subscriptions.counts() == {("supergroup", True): 2}
    # The name stays when a later message does not show it.
    await subscriptions.unsubscribe(FORUM, thread_id=7)
    assert await subscriptions.subscribe(FORUM, "supergroup", thread_id=7, topic=None)
    again = await subscriptions.get(FORUM, 7)
    assert again is not None and again.topic == "World"
    # Approval is per topic too.
    assert await subscriptions.hold(FORUM, "supergroup", thread_id=11, topic="Culture")
    assert not await subscriptions.approve(FORUM)  # the chat itself never waited
    assert await subscriptions.approve(FORUM, 11)
    assert await subscriptions.hold(FORUM, "supergroup", thread_id=12)
    assert await subscriptions.reject(FORUM, "rejected", 12)
    rejected = await subscriptions.get(FORUM, 12)
    assert rejected is not None and rejected.inactive_reason == "rejected"


async def test_a_round_plans_each_topic_and_a_chunk_keeps_a_chat_whole(storage: Storage) -> None:
    for thread_id in (0, 3, 5):
        await storage.subscriptions.subscribe(FORUM, "supergroup", thread_id=thread_id)
    await storage.subscriptions.subscribe(10, "private")
    await storage.subscriptions.subscribe(11, "private")
    article = await storage.articles.publish("News", "Body.", EDITOR)
    opened = await storage.outbox.open_round()
    assert opened is not None
    # One subscription a chunk: the forum's first, and its other topics with it.
    assert await storage.outbox.plan_chunk(opened[0], article.id, None, 1) == FORUM
    assert [(chat, thread) for chat, thread, _ in await alerts(storage)] == [
        (FORUM, 0),
        (FORUM, 3),
        (FORUM, 5),
    ]
    assert await storage.outbox.plan_chunk(opened[0], article.id, FORUM, 1) == 10
    assert await storage.outbox.plan_chunk(opened[0], article.id, 10, 1) == 11
    assert await storage.outbox.plan_chunk(opened[0], article.id, 11, 1) is None
    claimed = await storage.outbox.claim(10)
    assert sorted((a.chat_id, a.thread_id) for a in claimed) == [
        (FORUM, 0),
        (FORUM, 3),
        (FORUM, 5),
        (10, 0),
        (11, 0),
    ]
    # A breaking article reaches each topic once, however often its planning starts again.
    await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    await storage.outbox.plan_breaking(1)
    breaking = [a for a in await storage.outbox.claim(10) if a.breaking]
    assert sorted(a.thread_id for a in breaking if a.chat_id == FORUM) == [0, 3, 5]


async def test_one_topic_stops_alone_and_the_whole_chat_with_every_topic(
    storage: Storage,
) -> None:
    for thread_id in (0, 3, 5):
        await storage.subscriptions.subscribe(FORUM, "supergroup", thread_id=thread_id)
    await storage.articles.publish("News", "Body.", EDITOR)
    assert await storage.outbox.plan_round(10) is not None
    assert await storage.subscriptions.deactivate(FORUM, "message thread not found", 3)
    assert await alerts(storage) == [(FORUM, 0, "due"), (FORUM, 3, "failed"), (FORUM, 5, "due")]
    assert [await storage.subscriptions.get(FORUM, t) is not None for t in (0, 3, 5)] == [True] * 3
    states = [(await storage.subscriptions.get(FORUM, t)) for t in (0, 3, 5)]
    assert [s.active for s in states if s is not None] == [True, False, True]
    assert await storage.subscriptions.deactivate(FORUM, "Forbidden: bot was kicked")
    assert [state for _, _, state in await alerts(storage)] == ["failed"] * 3
    for thread_id in (0, 3, 5):
        stopped = await storage.subscriptions.get(FORUM, thread_id)
        assert stopped is not None and not stopped.active
    assert not await storage.subscriptions.deactivate(FORUM, "again")


async def test_a_migration_moves_every_topic_and_merges_those_the_new_id_has(
    storage: Storage,
) -> None:
    old, new = -300, -1001234567890
    for thread_id in (0, 3):
        await storage.subscriptions.subscribe(old, "group", thread_id=thread_id)
    await storage.subscriptions.subscribe(new, "supergroup", thread_id=3)
    await storage.articles.publish("News", "Body.", EDITOR)
    assert await storage.outbox.plan_round(10) is not None
    superseded = await storage.subscriptions.migrate(old, new)
    assert len(superseded) == 1  # the old id's topic 3 alert: the new id has its own
    moved = await storage.subscriptions.get(new)
    assert moved is not None and moved.active and moved.kind == "supergroup"
    twin = await storage.subscriptions.get(old, 3)
    assert twin is not None and not twin.active and twin.inactive_reason == f"migrated to {new}"
    assert await storage.subscriptions.get(old) is None
    assert sorted(a for a in await alerts(storage) if a[2] == "due") == [
        (new, 0, "due"),
        (new, 3, "due"),
    ]


async def test_migration_0014_keeps_every_row_column_and_index(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    database_before(path, 14)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "INSERT INTO subscriptions (chat_id, kind, title, username, language, active,"
            " cursor_article_id, subscribed_at, subscribed_by, inactive_reason, updated_at,"
            " subscribed_by_name) VALUES (-100, 'channel', 'Desk', 'desk', 'ka', 0, 4, 10, 7,"
            " 'pending', 11, 'Ann')"
        )
        connection.execute(
            "INSERT INTO rounds (id, started_at, through_article_id) VALUES (1, 1, 4)"
        )
        connection.execute(
            "INSERT INTO outbox (id, round_id, chat_id, chat_kind, language, after_article_id,"
            " through_article_id, state, attempts, not_before, updated_at, kind, priority,"
            " disable_notification) VALUES (9, 1, -100, 'channel', 'ka', 3, 4, 'due', 2, 5.5,"
            " 6.5, 'breaking', 0, 0)"
        )
        connection.commit()
    storage = await Storage.open(path)
    try:
        kept = await storage.subscriptions.get(-100)
        assert kept is not None and kept.pending and kept.thread_id == 0
        assert (kept.title, kept.username, kept.language, kept.cursor_article_id) == (
            "Desk",
            "desk",
            "ka",
            4,
        )
        assert (kept.subscribed_by, kept.subscribed_by_name, kept.subscribed_at) == (7, "Ann", 10)
        [alert] = await storage.outbox.claim(5)
        assert (alert.id, alert.chat_id, alert.thread_id, alert.breaking) == (9, -100, 0, True)
        assert (alert.after_article_id, alert.through_article_id, alert.attempts) == (3, 4, 3)
        async with storage.database.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('subscriptions', 'outbox') ORDER BY name"
        ) as cursor:
            indexes = [row[0] for row in await cursor.fetchall()]
        assert indexes == [
            "outbox_by_round",
            "outbox_claimed",
            "outbox_due",
            "subscriptions_behind",
        ]
    finally:
        await storage.close()
