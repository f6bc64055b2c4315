"""Breaking news in storage and views (migration 0013): planned once per chat subscribed when
it was published, without moving cursors, claimed before digest alerts, left out of digests;
the queries planning and claiming rely on keep to their indexes; the alert says what it is."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot

from bot.views.alerts import alert_message
from bot.views.i18n import Translator
from local_bot_api import LocalBotApi, parse_html
from storage import Headline, Storage

EDITOR = 1
READER = 1001


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


async def subscribe(storage: Storage, chats: range) -> None:
    for chat_id in chats:
        await storage.subscriptions.subscribe(chat_id, "private")


async def outbox(storage: Storage) -> list[tuple[int, str, int, int | None, int, int]]:
    """(chat, kind, priority, disable_notification, after, through) of every alert."""
    async with storage.database.connection.execute(
        "SELECT chat_id, kind, priority, disable_notification, after_article_id,"
        " through_article_id FROM outbox ORDER BY id"
    ) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]  # type: ignore[misc]


async def cursors(storage: Storage, chats: range) -> list[int]:
    found = []
    for chat_id in chats:
        subscription = await storage.subscriptions.get(chat_id)
        assert subscription is not None
        found.append(subscription.cursor_article_id)
    return found


async def test_a_breaking_article_is_planned_once_per_chat_in_chunks_and_moves_no_cursor(
    storage: Storage,
) -> None:
    chats = range(1, 8)
    await subscribe(storage, chats)
    before = await cursors(storage, chats)
    article = await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    chunks: list[int] = []
    planned = await storage.outbox.plan_breaking(3, on_chunk=lambda: chunks.append(1))
    assert [article_id for _, article_id in planned] == [article.id]
    assert len(chunks) == 3  # 3 + 3 + 1 chats, each chunk committed on its own
    # Planning again (a restart, a redelivered update) plans nothing: the round is planned.
    assert await storage.outbox.plan_breaking(3) == []
    alerts = await outbox(storage)
    assert alerts == [(c, "breaking", 0, 0, article.id - 1, article.id) for c in chats]
    assert await cursors(storage, chats) == before
    [stats] = await storage.outbox.recent_rounds(1)
    assert stats.planned == len(chats)


async def test_planning_resumed_after_a_crash_adds_only_the_chats_not_planned_yet(
    storage: Storage,
) -> None:
    await subscribe(storage, range(1, 6))
    article = await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    # A crash after one chunk: the round is still unplanned, the first chats have their alert.
    async with storage.database.connection.execute("SELECT id FROM rounds") as cursor:
        [(round_id,)] = [tuple(row) for row in await cursor.fetchall()]
    assert await storage.outbox._plan_breaking_chunk(round_id, article.id, 0, None, 2) == 2
    assert await storage.outbox.close_interrupted_planning() == 0  # digests only
    await storage.outbox.plan_breaking(2)
    assert [alert[0] for alert in await outbox(storage)] == [1, 2, 3, 4, 5]
    [stats] = await storage.outbox.recent_rounds(1)
    assert stats.planned == 5


async def test_only_chats_subscribed_when_it_was_published_get_it(storage: Storage) -> None:
    await subscribe(storage, range(1, 3))
    await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    # Their cursors move past the breaking article before its alerts are planned (a digest of
    # a newer article): their subscriptions, older than it, still count.
    newer = await storage.articles.publish("Later", "Body.", EDITOR)
    await storage.database.connection.execute(
        "UPDATE subscriptions SET subscribed_at = subscribed_at - 60"
    )
    digest = await storage.outbox.plan_round(10)
    assert digest is not None and digest[1] == newer.id
    await storage.subscriptions.subscribe(3, "private")  # after the publication
    await storage.outbox.plan_breaking(10)
    breaking = [alert[0] for alert in await outbox(storage) if alert[1] == "breaking"]
    assert breaking == [1, 2]


async def test_breaking_alerts_are_claimed_before_older_digest_alerts(storage: Storage) -> None:
    await subscribe(storage, range(1, 4))
    await storage.articles.publish("Digest", "Body.", EDITOR)
    assert await storage.outbox.plan_round(10) is not None
    breaking = await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    await storage.outbox.plan_breaking(10)
    first = await storage.outbox.claim(2)
    assert [(a.chat_id, a.breaking, a.disable_notification) for a in first] == [
        (1, True, False),
        (2, True, False),
    ]
    assert first[0].through_article_id == breaking.id
    rest = await storage.outbox.claim(10)
    assert [(a.chat_id, a.breaking, a.disable_notification) for a in rest] == [
        (3, True, False),
        (1, False, None),
        (2, False, None),
        (3, False, None),
    ]


async def test_digests_leave_breaking_articles_out_and_no_round_opens_for_them_alone(
    storage: Storage,
) -> None:
    await subscribe(storage, range(1, 3))
    normal = await storage.articles.publish("Normal", "Body.", EDITOR)
    assert await storage.outbox.plan_round(10) is not None
    breaking = await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    assert await storage.outbox.open_round() is None
    later = await storage.articles.publish("Later", "Body.", EDITOR)
    headlines, total = await storage.articles.between(normal.id, later.id, 10)
    assert [h.id for h in headlines] == [later.id] and total == 1
    headlines, total = await storage.articles.breaking_between(normal.id, later.id, 10)
    assert [h.id for h in headlines] == [breaking.id] and total == 1
    # Both stay readers' articles.
    assert [h.id for h in await storage.articles.latest(5)] == [later.id, breaking.id, normal.id]
    assert await storage.outbox.open_round() == (3, later.id)


async def test_a_breaking_round_with_nobody_to_alert_finishes_at_once(storage: Storage) -> None:
    await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    await storage.outbox.plan_breaking(10)
    [stats] = await storage.outbox.recent_rounds(1)
    assert stats.planned == 0 and stats.finished_at is not None


async def test_planning_and_claiming_keep_to_their_indexes(storage: Storage) -> None:
    await subscribe(storage, range(1, 20))
    await storage.articles.publish("Normal", "Body.", EDITOR)
    breaking = await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    executed: list[str] = []
    await storage.database.connection.set_trace_callback(executed.append)
    try:
        await storage.outbox.plan_breaking(5)
        await storage.outbox.plan_round(5)
        await storage.outbox.claim(10)
        await storage.articles.breaking_between(0, breaking.id, 10)
    finally:
        await storage.database.connection.set_trace_callback(None)
    plans = {}
    for sql in executed:
        if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT")):
            async with storage.database.connection.execute("EXPLAIN QUERY PLAN " + sql) as cursor:
                plans[sql] = " | ".join(str(row[3]) for row in await cursor.fetchall())
    # Every chunk, breaking or digest, reads a range of the (chat_id, thread_id) primary key
    # (migration 0014, WITHOUT ROWID: the rows in key order, as the INTEGER PRIMARY KEY kept
    # them), never the (active, cursor) index: that one holds every chat still behind.
    chunk_range = "USING PRIMARY KEY (chat_id>? AND chat_id<?)"
    breaking_chunks = [plan for sql, plan in plans.items() if "'breaking', 0, " in sql]
    assert breaking_chunks and all(chunk_range in plan for plan in breaking_chunks)
    digests = [p for sql, p in plans.items() if "s.cursor_article_id, " in sql]
    cursors = [p for sql, p in plans.items() if sql.startswith("UPDATE subscriptions")]
    assert digests and cursors and all(chunk_range in p for p in digests + cursors), plans
    ends = [plan for sql, plan in plans.items() if "max(chat_id)" in sql]
    assert ends and all("subscriptions_behind" not in p and "TEMP" not in p for p in ends), ends
    audience = [plan for sql, plan in plans.items() if "+s.active" in sql and "max(chat_id)" in sql]
    assert audience and all("TEMP B-TREE" not in plan for plan in audience), audience
    [claim] = [plan for sql, plan in plans.items() if "SET state = 'claimed'" in sql]
    assert "USING INDEX outbox_due" in claim and "TEMP B-TREE" not in claim, claim
    # The newest article a digest announces: read backwards from the newest, stopping at the
    # first that is not breaking (they are few), never sorted.
    [newest] = [plan for sql, plan in plans.items() if "breaking = 0 ORDER BY id DESC" in sql]
    assert "TEMP B-TREE" not in newest, newest
    [unplanned] = [plan for sql, plan in plans.items() if "r.planned_at IS NULL" in sql]
    assert "rounds_unplanned" in unplanned, unplanned


def test_a_breaking_alert_says_so_in_each_language() -> None:
    translator = Translator()
    [headline] = [Headline(12, "Quake", 1764192600, 0)]
    for language in ("en", "ka"):
        text, _ = parse_html(
            alert_message(
                [headline],
                total=1,
                is_channel=False,
                translator=translator,
                language=language,
                zone=ZoneInfo("Asia/Tbilisi"),
                breaking=True,
            )
        )
        title = parse_html(translator.html(language, "alert-breaking-title"))[0]
        digest = parse_html(translator.html(language, "alert-title"))[0]
        assert text.startswith(title + "\n\nQuake") and digest not in text


async def test_the_local_server_records_disable_notification_as_given() -> None:
    async with LocalBotApi() as api:
        api.add_private_chat(READER, first_name="Ann")
        async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
            for silent in (None, False, True):
                await bot.send_message(READER, "Text", disable_notification=silent)
            photo = api.send_photo(READER)["message"]["photo"][-1]["file_id"]
            await bot.send_photo(READER, photo, disable_notification=False)
        assert [m.disable_notification for m in api.messages(READER)] == [None, False, True, False]
        assert api.messages(READER)[-1].method == "sendPhoto"
