"""Each chat's rhythm in storage (migration 0018), planned at a `Moment` the test chooses: a
daily digest waits for its time and then lists everything held back; quiet hours (across
midnight too) hold digests back and make breaking news silent; a round opens only for chats
due one."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.news.rhythm import clock_text, hours_text, moment_at
from storage import Moment, Storage

EDITOR = 1
EVERY_ROUND, DAILY, QUIET = 1, 2, 3
EIGHT = 8 * 60
QUIET_NIGHT = (23 * 60, 7 * 60)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    for chat_id in (EVERY_ROUND, DAILY, QUIET):
        await opened.subscriptions.subscribe(chat_id, "private")
    assert await opened.subscriptions.set_digest(DAILY, 0, EIGHT)
    assert await opened.subscriptions.set_quiet_hours(QUIET, 0, QUIET_NIGHT)
    yield opened
    await opened.close()


async def digests(storage: Storage) -> dict[int, tuple[int, int]]:
    """chat: (after, through) of each digest alert planned, the latest per chat."""
    async with storage.database.connection.execute(
        "SELECT chat_id, after_article_id, through_article_id FROM outbox WHERE kind = 'digest'"
        " ORDER BY id"
    ) as cursor:
        return {int(row[0]): (int(row[1]), int(row[2])) for row in await cursor.fetchall()}


def at(published: int, minutes_later: int, minute: int) -> Moment:
    """The moment `minutes_later` after an article published at `published`, at `minute` of
    the day."""
    return Moment(published + minutes_later * 60, minute)


async def test_a_daily_digest_waits_for_its_time_then_lists_everything_since(
    storage: Storage,
) -> None:
    first = await storage.articles.publish("Budget passed", "Body.", EDITOR)
    # 20 minutes later, at 07:50: the daily chat's digest time (08:00) has not come.
    assert await storage.outbox.plan_round(10, moment=at(first.published_at, 20, EIGHT - 10))
    assert set(await digests(storage)) == {EVERY_ROUND, QUIET}
    second = await storage.articles.publish("Storm warning", "Body.", EDITOR)
    # At 08:05 both were published before 08:00: one digest of both.
    assert await storage.outbox.plan_round(10, moment=at(second.published_at, 35, EIGHT + 5))
    assert (await digests(storage))[DAILY] == (first.id - 1, second.id)
    # Everyone has had everything: nothing to plan, whatever the hour.
    assert await storage.outbox.plan_round(10, moment=at(second.published_at, 60, EIGHT)) is None


async def test_a_headline_after_the_digest_time_waits_for_tomorrows(storage: Storage) -> None:
    article = await storage.articles.publish("Late news", "Body.", EDITOR)
    # Published at 10:00, planned at 10:05 and all day: the latest digest time (08:00 today)
    # came before it, so the daily chat waits, and a round opens for nobody else.
    assert await storage.outbox.plan_round(10, moment=at(article.published_at, 5, 10 * 60 + 5))
    assert set(await digests(storage)) == {EVERY_ROUND, QUIET}
    evening = at(article.published_at, 12 * 60, 22 * 60)
    assert await storage.outbox.plan_round(10, moment=evening) is None
    # Tomorrow at 08:00 (22 hours after it): due.
    tomorrow = at(article.published_at, 22 * 60, EIGHT)
    assert await storage.outbox.plan_round(10, moment=tomorrow) is not None
    assert (await digests(storage))[DAILY] == (article.id - 1, article.id)


async def test_a_digest_time_missed_while_quiet_goes_when_the_quiet_hours_end(
    storage: Storage,
) -> None:
    """Daily at 06:00 with quiet hours 23:00-07:00: the digest goes at 07:00, not a day late."""
    await storage.subscriptions.set_digest(QUIET, 0, 6 * 60)
    article = await storage.articles.publish("Overnight", "Body.", EDITOR)  # at 22:00
    await storage.outbox.plan_round(10, moment=at(article.published_at, 8 * 60 + 30, 6 * 60 + 30))
    assert QUIET not in await digests(storage)
    await storage.outbox.plan_round(10, moment=at(article.published_at, 9 * 60, 7 * 60))
    assert (await digests(storage))[QUIET] == (article.id - 1, article.id)


@pytest.mark.parametrize(
    ("minute", "quiet"),
    [(23 * 60, True), (23 * 60 + 59, True), (0, True), (7 * 60 - 1, True), (7 * 60, False)],
)
async def test_quiet_hours_across_midnight_hold_digests_back(
    storage: Storage, minute: int, quiet: bool
) -> None:
    article = await storage.articles.publish("Night news", "Body.", EDITOR)
    await storage.outbox.plan_round(10, moment=at(article.published_at, 1, minute))
    assert (QUIET in await digests(storage)) is not quiet
    if quiet:  # its cursor stayed: the first round after the quiet hours announces it
        await storage.outbox.plan_round(10, moment=at(article.published_at, 60, 7 * 60))
        assert (await digests(storage))[QUIET] == (article.id - 1, article.id)


async def test_quiet_hours_within_a_day(storage: Storage) -> None:
    await storage.subscriptions.set_quiet_hours(QUIET, 0, (13 * 60, 15 * 60))
    article = await storage.articles.publish("Lunch news", "Body.", EDITOR)
    await storage.outbox.plan_round(10, moment=at(article.published_at, 1, 14 * 60))
    assert QUIET not in await digests(storage)
    await storage.outbox.plan_round(10, moment=at(article.published_at, 1, 23 * 60))
    assert QUIET in await digests(storage)


async def test_breaking_news_goes_silently_during_quiet_hours(storage: Storage) -> None:
    await storage.subscriptions.set_quiet_hours(DAILY, 0, (0, 6 * 60))
    await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    await storage.outbox.plan_breaking(10, moment=Moment(0, 23 * 60 + 30))
    async with storage.database.connection.execute(
        "SELECT chat_id, disable_notification FROM outbox WHERE kind = 'breaking'"
    ) as cursor:
        silences = {int(row[0]): row[1] for row in await cursor.fetchall()}
    # 23:30: chat 3 is quiet (silent), chat 2's quiet hours have not begun (sound), and the
    # daily digest does not hold breaking news back.
    assert silences == {EVERY_ROUND: 0, DAILY: 0, QUIET: 1}


async def test_no_round_opens_for_chats_held_back(storage: Storage) -> None:
    await storage.subscriptions.set_quiet_hours(EVERY_ROUND, 0, QUIET_NIGHT)
    await storage.subscriptions.set_digest(QUIET, 0, EIGHT)
    article = await storage.articles.publish("Night news", "Body.", EDITOR)
    assert await storage.outbox.open_round(at(article.published_at, 1, 23 * 60 + 30)) is None
    assert await storage.outbox.open_round(at(article.published_at, 600, EIGHT)) is not None


async def test_the_schema_refuses_impossible_rhythms(storage: Storage) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await storage.subscriptions.set_digest(DAILY, 0, 1440)
    with pytest.raises(sqlite3.IntegrityError):
        await storage.subscriptions.set_quiet_hours(QUIET, 0, (EIGHT, EIGHT))
    assert not await storage.subscriptions.set_digest(DAILY, 5, EIGHT)  # no such topic
    subscription = await storage.subscriptions.get(QUIET)
    assert subscription is not None and subscription.quiet_hours == QUIET_NIGHT
    assert await storage.subscriptions.set_quiet_hours(QUIET, 0, None)
    subscription = await storage.subscriptions.get(QUIET)
    assert subscription is not None and subscription.quiet_hours is None


def test_moments_are_read_in_the_zone() -> None:
    tbilisi = ZoneInfo("Asia/Tbilisi")  # UTC+4, no daylight saving
    noon_utc = datetime(2026, 11, 28, 12, 0, tzinfo=UTC).timestamp()
    assert moment_at(noon_utc, tbilisi) == Moment(noon_utc, 16 * 60)
    assert clock_text(7 * 60 + 5) == "07:05"
    assert hours_text(QUIET_NIGHT) == "23:00–07:00"
