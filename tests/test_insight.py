"""storage/insight.py: most read, views per day, subscribers over time, one article's insight."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import Storage
from storage.deliveries import DeliveryKind, record_deliveries, record_inline

ZONE = ZoneInfo("Asia/Tbilisi")  # UTC+4 all year
TODAY = date(2026, 11, 28)
DAY = 86400


def noon(day: date) -> int:
    """Noon of `day` in Tbilisi, as stored."""
    return int(datetime(day.year, day.month, day.day, 12, tzinfo=ZONE).timestamp())


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


async def deliver(
    storage: Storage, kind: DeliveryKind, article_id: int, chats: Sequence[int], stamp: int
) -> None:
    async with storage.database.transaction() as connection:
        await record_deliveries(connection, kind, [(article_id, c) for c in chats], stamp)


async def test_most_read_counts_only_views_gained_in_the_window_and_never_retracted(
    storage: Storage,
) -> None:
    old_favourite = (await storage.articles.publish("Old favourite", "b", 1)).id
    rising = (await storage.articles.publish("Rising", "b", 1)).id
    withdrawn = (await storage.articles.publish("Withdrawn", "b", 1)).id
    now = noon(TODAY)
    await deliver(storage, "read", old_favourite, range(100, 150), now - 10 * DAY)
    await deliver(storage, "read", old_favourite, [1, 2], now - DAY)
    await deliver(storage, "alert", rising, [1, 2, 3], now - 2 * DAY)
    await deliver(storage, "read", rising, [1], now)
    await deliver(storage, "read", withdrawn, range(10, 20), now)
    await storage.articles.retract(withdrawn, 1)

    top = await storage.insight.most_read(now - 7 * DAY, 10)

    assert [(entry.headline.id, entry.gained) for entry in top] == [(rising, 4), (old_favourite, 2)]
    assert top[1].headline.views == 52  # all-time views stay on the headline


async def test_trends_count_reads_and_alerts_per_day_in_the_zone_with_empty_days(
    storage: Storage,
) -> None:
    article = (await storage.articles.publish("A", "b", 1)).id
    await deliver(storage, "read", article, [1, 2], noon(TODAY))
    await deliver(storage, "alert", article, [1, 2, 3], noon(TODAY - timedelta(days=2)))
    # 22:30 UTC is 02:30 the next day in Tbilisi.
    late = int(datetime(2026, 11, 26, 22, 30, tzinfo=UTC).timestamp())
    await deliver(storage, "read", article, [4], late)
    await deliver(storage, "read", article, [5], noon(TODAY - timedelta(days=40)))
    async with storage.database.transaction() as connection:  # a result chosen inline
        await record_inline(connection, article, 6, "chosen-1", noon(TODAY))

    trends = await storage.insight.trends(30, ZONE, TODAY)

    assert len(trends.activity) == 30
    assert trends.activity[0].day == TODAY - timedelta(days=29)
    assert trends.activity[-1].day == TODAY
    by_day = {entry.day: (entry.reads, entry.alerts, entry.inline) for entry in trends.activity}
    assert by_day[TODAY] == (2, 0, 1)
    assert by_day[TODAY - timedelta(days=1)] == (1, 0, 0)
    assert by_day[TODAY - timedelta(days=2)] == (0, 3, 0)
    assert sum(entry.views for entry in trends.activity) == 7  # the 40-day-old read is out


async def test_trends_rebuild_subscribers_by_kind_from_start_and_stop_times(
    storage: Storage,
) -> None:
    subscriptions = storage.subscriptions
    await subscriptions.subscribe(1, "private")
    await subscriptions.subscribe(2, "private")
    await subscriptions.subscribe(-3, "group")
    await subscriptions.subscribe(-1004, "supergroup")
    await subscriptions.subscribe(-1005, "channel")
    await subscriptions.unsubscribe(2)
    await subscriptions.hold(-1006, "channel")  # waiting for approval: not a subscriber
    times = {
        1: (TODAY - timedelta(days=60), None),
        2: (TODAY - timedelta(days=10), TODAY - timedelta(days=5)),
        -3: (TODAY - timedelta(days=3), None),
        -1004: (TODAY, None),
        -1005: (TODAY - timedelta(days=20), None),
    }
    async with storage.database.transaction() as connection:
        for chat_id, (started, stopped) in times.items():
            await connection.execute(
                "UPDATE subscriptions SET subscribed_at = ?, updated_at = ? WHERE chat_id = ?",
                (noon(started), noon(stopped or started), chat_id),
            )

    trends = await storage.insight.trends(30, ZONE, TODAY)

    counts = {
        entry.day: (entry.private, entry.groups, entry.channels) for entry in trends.subscribers
    }
    assert counts[TODAY - timedelta(days=29)] == (1, 0, 0)
    assert counts[TODAY - timedelta(days=20)] == (1, 0, 1)
    assert counts[TODAY - timedelta(days=10)] == (2, 0, 1)
    assert counts[TODAY - timedelta(days=5)] == (1, 0, 1)
    assert counts[TODAY - timedelta(days=3)] == (1, 1, 1)
    assert counts[TODAY] == (1, 2, 1)


async def test_article_insight_counts_views_by_kind_chats_and_reactions(
    storage: Storage,
) -> None:
    article = (await storage.articles.publish("A", "b", 1)).id
    await deliver(storage, "alert", article, [-100, 7, 8], noon(TODAY))
    await deliver(storage, "read", article, [7, 7, 9], noon(TODAY))
    async with storage.database.transaction() as connection:
        cursor = await connection.execute(
            "INSERT INTO messages (chat_id, message_id, chat_kind, kind, article_id,"
            " head_message_id, sent_at) VALUES (-100, 55, 'channel', 'alert', ?, 55, 0)",
            (article,),
        )
        message = cursor.lastrowid
        await connection.execute(
            "INSERT INTO message_articles (article_id, message) VALUES (?, ?)", (article, message)
        )
    assert await storage.insight.record_reactions(-100, 55, {"👍": 3, "🔥": 1}, 100)
    assert await storage.insight.record_reactions(-100, 55, {"👍": 5, "🔥": 0}, 200)
    assert not await storage.insight.record_reactions(-100, 55, {"👍": 1}, 150)  # late

    insight = await storage.insight.article(article)

    assert insight is not None
    assert insight.by_kind == {"alert": 3, "read": 3}
    assert insight.views == 6
    assert insight.chats == 4
    assert insight.copies_updated == 0
    assert insight.reactions == (("👍", 5),)
    assert await storage.insight.article(article + 1) is None
