"""Scheduled headline alerts over the real HTTP path: content, once-only, views, faults."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest

from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from tests.audit import delivery_rows
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    ask,
    eventually,
    make_settings,
    publish,
    rounds_finished_through,
    running_bot,
    storage_of,
)

PUSH_INTERVAL = 0.3


@pytest.fixture(params=["aiohttp", "httpx"])
async def push_app(
    api: LocalBotApi, database: Path, request: pytest.FixtureRequest
) -> AsyncIterator[Any]:
    """The bot with a short push interval, on each transport: faults must be handled alike."""
    settings = make_settings(
        api, database, push_interval=PUSH_INTERVAL, request_timeout=1, http_transport=request.param
    )
    async with running_bot(settings) as application:
        yield application


async def subscribe(
    app: Any, chat_id: int, kind: str = "private", language: str | None = None
) -> None:
    await storage_of(app).subscriptions.subscribe(chat_id, kind, language=language)


def alerts(api: LocalBotApi, chat_id: int) -> list[SentMessage]:
    return [
        m
        for m in api.messages(chat_id)
        if m.text.startswith("📰 ") and "/latest" not in m.text[:20]
    ]


def announced(alert: SentMessage) -> list[int]:
    """The articles an alert announces, in its order: one button (read or deep link) each."""
    ids = []
    for row in alert.buttons:
        for button in row:
            target = str(button.get("callback_data") or button.get("url") or "")
            match = re.search(r"(?:^r:|start=read_)(\d+)$", target)
            assert match, f"not a headline button: {button}"
            ids.append(int(match.group(1)))
    return ids


def send_attempts(api: LocalBotApi, chat_id: int) -> list[Any]:
    return [r for r in api.requests if r.method == "sendMessage" and r.chat_id == chat_id]


async def wait_alerts(
    api: LocalBotApi,
    chat_id: int,
    count: int,
    timeout: float = TIMEOUT,
) -> list[SentMessage]:
    await eventually(
        lambda: len(alerts(api, chat_id)) >= count,
        f"{count} alert(s) in chat {chat_id}, got {len(alerts(api, chat_id))}",
        timeout=timeout,
    )
    return alerts(api, chat_id)


async def rounds_done(app: Any, article_id: int, timeout: float = TIMEOUT) -> None:
    """Wait until the rounds that announce `article_id` are over: every alert of them sent (or
    failed for good) and recorded, views and deactivations included, and no retry pending."""
    await eventually(
        lambda: rounds_finished_through(storage_of(app), article_id),
        f"every round finished, through article {article_id}",
        timeout=timeout,
    )


async def marker_round(
    app: Any,
    api: LocalBotApi,
    chats: Iterable[int],
    timeout: float = TIMEOUT,
) -> int:
    """Publish a marker article and wait until its round is over and each chat has its alert.

    This is the positive signal behind every "nothing more arrived": a repeat, a pending retry
    or a cursor that did not move would have been sent by then (a round finishes only once all
    its alerts are recorded, after Telegram answered), or would ride along in the marker's own
    alert, which must announce the marker alone. Returns the marker's id.
    """
    marker = await publish(app, "Marker")
    chats = list(chats)
    await eventually(
        lambda: all(any(marker in announced(a) for a in alerts(api, c)) for c in chats),
        f"the marker's alert in each of the chats {chats}",
        timeout=timeout,
    )
    await rounds_done(app, marker, timeout)
    for chat_id in chats:
        carrying = [announced(a) for a in alerts(api, chat_id) if marker in announced(a)]
        assert carrying == [[marker]], (chat_id, carrying)
    return marker


def private_chats(api: LocalBotApi, first: int, count: int) -> list[int]:
    """Readers the server knows, to be subscribed by the test."""
    chats = list(range(first, first + count))
    for chat_id in chats:
        api.add_private_chat(chat_id, first_name="R")
    return chats


async def round_to(app: Any, api: LocalBotApi, chats: list[int], headline: str) -> None:
    """Subscribe the chats, publish one article, and wait until every chat has its alert."""
    for chat_id in chats:
        await subscribe(app, chat_id)
    await publish(app, headline)
    await asyncio.gather(*(wait_alerts(api, c, 1, timeout=2 * TIMEOUT) for c in chats))


def busiest_second(api: LocalBotApi, chats: list[int]) -> int:
    """The most sends to these chats the server accepted within any one second."""
    sends = sorted(r.time for r in api.requests if r.method == "sendMessage" and r.chat_id in chats)
    return max(sum(1 for t in sends if start <= t < start + 1.0) for start in sends)


async def test_each_kind_of_chat_gets_one_alert_with_all_new_headlines_and_views_count(
    push_app: Any, api: LocalBotApi
) -> None:
    api.add_group(-200, title="Group", admins=[READER_ID])
    api.add_channel(-100300, title="Channel", username="news_channel", bot_is_admin=True)
    chats = (READER_ID, -200, -100300)
    for chat_id, kind in zip(chats, ("private", "group", "channel"), strict=True):
        await subscribe(push_app, chat_id, kind)
    ids = [await publish(push_app, f"Headline {n}") for n in range(1, 4)]
    for chat_id in chats:
        [alert] = await wait_alerts(api, chat_id, 1)
        assert (
            alert.text.index("Headline 3")
            < alert.text.index("Headline 2")
            < alert.text.index("Headline 1")
        )
        assert alert.text.count("Headline") == 3
    private = alerts(api, READER_ID)[0]
    assert private.callback_data == [f"r:{i}" for i in reversed(ids)]
    channel = alerts(api, -100300)[0]
    urls = [b["url"] for row in channel.buttons for b in row]
    assert urls == [f"https://t.me/newsbot_test_bot?start=read_{i}" for i in reversed(ids)]
    assert "/read_" not in channel.text
    marker = await marker_round(push_app, api, chats)
    storage = storage_of(push_app)
    for article_id in ids:
        article = await storage.articles.get(article_id)
        assert article is not None and article.views == 3
        assert await delivery_rows(storage, article_id) == 3
    for chat_id in chats:
        assert [announced(a) for a in alerts(api, chat_id)] == [ids[::-1], [marker]], chat_id


async def test_alert_shows_ten_newest_and_counts_the_rest(push_app: Any, api: LocalBotApi) -> None:
    ids = [await publish(push_app, f"Story {n:02d}") for n in range(1, 13)]
    await subscribe(push_app, READER_ID)
    ids += [await publish(push_app, f"Story {n:02d}") for n in range(13, 25)]
    [alert] = await wait_alerts(api, READER_ID, 1)
    assert (
        alert.text.count("Story") == 10
        and "Story 24" in alert.text
        and "Story 14" not in alert.text
    )
    assert "…and 2 more — /latest" in alert.text
    assert announced(alert) == ids[:-11:-1]  # the ten newest, newest first
    await marker_round(push_app, api, [READER_ID])
    storage = storage_of(push_app)
    views = {i: (await storage.articles.get(i)).views for i in ids}  # type: ignore[union-attr]
    assert [views[i] for i in ids[-10:]] == [1] * 10
    assert [views[i] for i in ids[:-10]] == [0] * 14  # older than the subscription, or not shown


async def test_no_headline_is_sent_twice_over_many_rounds_and_resubscription_does_not_replay(
    push_app: Any, api: LocalBotApi
) -> None:
    witness = 4301  # subscribed throughout: its alerts show which rounds have been played
    api.add_private_chat(witness, first_name="Witness")
    await subscribe(push_app, READER_ID)
    await subscribe(push_app, witness)
    first = await publish(push_app, "First")
    await wait_alerts(api, READER_ID, 1)
    marker = await marker_round(push_app, api, [READER_ID, witness])
    assert [announced(a) for a in alerts(api, READER_ID)] == [[first], [marker]]
    storage = storage_of(push_app)
    await storage.subscriptions.unsubscribe(READER_ID)
    away = await publish(push_app, "While away")
    [*_, witnessed] = await wait_alerts(api, witness, 3)
    assert announced(witnessed) == [away]
    await rounds_done(push_app, away)  # the round that would have reached the reader is over
    assert len(alerts(api, READER_ID)) == 2
    await subscribe(push_app, READER_ID)
    second = await publish(push_app, "Second")
    [*_, alert] = await wait_alerts(api, READER_ID, 3)
    assert "Second" in alert.text and "First" not in alert.text and "While away" not in alert.text
    later = await marker_round(push_app, api, [READER_ID, witness])
    assert [announced(a) for a in alerts(api, READER_ID)] == [
        [first],
        [marker],
        [second],
        [later],
    ]


async def test_georgian_subscriber_gets_georgian_alerts(push_app: Any, api: LocalBotApi) -> None:
    api.add_private_chat(3001, first_name="ნინო", language_code="ka")
    await subscribe(push_app, 3001, language="ka")
    await publish(push_app, "მარკო რუბიო")
    [alert] = await wait_alerts(api, 3001, 1)
    assert "ახალი ამბები" in alert.text and "მარკო რუბიო" in alert.text


async def test_blocked_chat_is_deactivated_with_reason_and_never_tried_again(
    push_app: Any, api: LocalBotApi
) -> None:
    api.add_private_chat(4001, first_name="Gone")
    api.add_private_chat(4002, first_name="Stays")
    for chat_id in (4001, 4002):
        await subscribe(push_app, chat_id)
    api.block(4001)
    one = await publish(push_app, "One")
    await wait_alerts(api, 4002, 1)
    await rounds_done(push_app, one)  # 4001's outcome is recorded too
    storage = storage_of(push_app)
    gone = await storage.subscriptions.get(4001)
    assert gone is not None and not gone.active
    assert gone.inactive_reason == "Forbidden: bot was blocked by the user"
    assert [r.status for r in send_attempts(api, 4001)] == [403]
    two = await publish(push_app, "Two")
    await wait_alerts(api, 4002, 2)
    await rounds_done(push_app, two)  # the round that could have tried 4001 again is over
    assert [r.status for r in send_attempts(api, 4001)] == [403]


async def test_unknown_chat_is_deactivated(push_app: Any, api: LocalBotApi) -> None:
    await subscribe(push_app, 987654321)  # the server has never seen this chat
    await subscribe(push_app, READER_ID)
    hello = await publish(push_app, "Hello")
    await wait_alerts(api, READER_ID, 1)
    await rounds_done(push_app, hello)
    missing = await storage_of(push_app).subscriptions.get(987654321)
    assert (
        missing is not None
        and not missing.active
        and "chat not found" in (missing.inactive_reason or "").lower()
    )


async def test_flood_429_waits_retry_after_and_delivers_exactly_once(
    push_app: Any, api: LocalBotApi
) -> None:
    await subscribe(push_app, READER_ID)
    api.fail_next("sendMessage", chat_id=READER_ID, status=429, retry_after=1)
    flooded = await publish(push_app, "Under flood")
    [alert] = await wait_alerts(api, READER_ID, 1)
    assert "Under flood" in alert.text
    attempts = send_attempts(api, READER_ID)
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 1.0
    marker = await marker_round(push_app, api, [READER_ID])
    assert [announced(a) for a in alerts(api, READER_ID)] == [[flooded], [marker]]


async def test_server_errors_and_timeouts_are_retried_with_backoff(
    push_app: Any, api: LocalBotApi
) -> None:
    api.add_private_chat(4101, first_name="A")
    await subscribe(push_app, READER_ID)
    await subscribe(push_app, 4101)
    api.fail_next("sendMessage", chat_id=READER_ID, status=502, count=1)
    api.timeout_delay = 3  # longer than the bot's 1 s request timeout
    api.fail_next("sendMessage", chat_id=4101, status="timeout", count=1)
    shaky = await publish(push_app, "Shaky network")
    await wait_alerts(api, READER_ID, 1)
    await wait_alerts(api, 4101, 1)
    assert [r.status for r in send_attempts(api, READER_ID)] == [502, 200]
    marker = await marker_round(push_app, api, [READER_ID, 4101])
    for chat_id in (READER_ID, 4101):
        assert [announced(a) for a in alerts(api, chat_id)] == [[shaky], [marker]], chat_id


async def _given_back(app: Any, chat_id: int) -> bool:
    """Whether the chat's alert failed for this round and waits, due, for a later one."""
    async with storage_of(app).database.connection.execute(
        "SELECT state, last_error FROM outbox WHERE chat_id = ?", (chat_id,)
    ) as cursor:
        rows = list(await cursor.fetchall())
    return len(rows) == 1 and rows[0][0] == "due" and rows[0][1] is not None


async def test_persistent_server_errors_leave_the_alert_due_for_a_later_round_without_hot_looping(
    api: LocalBotApi, database: Path
) -> None:
    push_interval = 2.0
    settings = make_settings(api, database, push_interval=push_interval, request_timeout=1)
    async with running_bot(settings) as app:
        await subscribe(app, READER_ID)
        api.fail_next("sendMessage", chat_id=READER_ID, status=500, count=1000)
        await publish(app, "Later")
        # Positive signal: the engine is done with the alert for this round and gave it back.
        await eventually(
            lambda: _given_back(app, READER_ID), "the failing alert recorded as due again"
        )
        failed = send_attempts(api, READER_ID)
        assert [r.status for r in failed] == [500] * 3  # bounded retries, then wait for a round
        storage = storage_of(app)
        [round_stats] = await storage.outbox.recent_rounds(1)
        assert round_stats.due == 1 and round_stats.finished_at is None
        api.clear_faults()
        [alert] = await wait_alerts(api, READER_ID, 1, timeout=TIMEOUT)
        assert "Later" in alert.text
        retried = send_attempts(api, READER_ID)[len(failed)]
        assert retried.status == 200
        assert retried.time - failed[-1].time >= push_interval * 0.99  # waited for a later round

        async def finished() -> bool:
            [stats] = await storage.outbox.recent_rounds(1)
            return stats.finished_at is not None

        await eventually(finished, "the round finished once the alert got through")
        [round_stats] = await storage.outbox.recent_rounds(1)
        assert (round_stats.delivered, round_stats.failed, round_stats.due) == (1, 0, 0)


async def test_other_bad_requests_fail_for_that_chat_only_and_are_not_retried(
    push_app: Any, api: LocalBotApi
) -> None:
    api.add_private_chat(4201, first_name="B")
    await subscribe(push_app, READER_ID)
    await subscribe(push_app, 4201)
    api.fail_next("sendMessage", chat_id=4201, status=400, description="Bad Request: something odd")
    mixed = await publish(push_app, "Mixed")
    await wait_alerts(api, READER_ID, 1)
    await rounds_done(push_app, mixed)  # a retry within the round would have come before this
    assert [r.status for r in send_attempts(api, 4201)] == [400]
    [round_stats] = await storage_of(push_app).outbox.recent_rounds(1)
    assert (round_stats.delivered, round_stats.failed, round_stats.due) == (1, 1, 0)
    still = await storage_of(push_app).subscriptions.get(4201)
    assert still is not None and still.active  # one odd failure does not unsubscribe


async def test_migrated_group_is_followed_and_gets_the_alert(
    push_app: Any, api: LocalBotApi
) -> None:
    api.add_group(-300, title="Old group", admins=[READER_ID])
    await subscribe(push_app, -300, "group")
    api.migrate(-300, -1001234567890)
    await publish(push_app, "Moved")
    [alert] = await wait_alerts(api, -1001234567890, 1)
    assert "Moved" in alert.text
    storage = storage_of(push_app)
    moved = await storage.subscriptions.get(-1001234567890)
    assert moved is not None and moved.active and moved.kind == "supergroup"
    assert await storage.subscriptions.get(-300) is None


async def test_a_group_migrated_onto_a_subscribed_supergroup_gets_each_headline_once(
    push_app: Any, api: LocalBotApi
) -> None:
    old, new = -320, -1001234567820
    api.add_group(old, title="Old group", admins=[READER_ID])
    await subscribe(push_app, old, "group")
    api.migrate(old, new)
    await subscribe(push_app, new, "supergroup")  # subscribed again after the upgrade
    both = await publish(push_app, "Both ids")
    await rounds_done(push_app, both)
    marker = await marker_round(push_app, api, [new])
    assert [announced(a) for a in alerts(api, new)] == [[both], [marker]]
    storage = storage_of(push_app)
    for article_id in (both, marker):
        stored = await storage.articles.get(article_id)
        assert stored is not None and stored.views == 1 == await delivery_rows(storage, article_id)


@pytest.mark.parametrize("gone", ["kicked", "not found"])
async def test_a_migrated_group_gone_under_its_new_id_is_deactivated_under_that_id(
    push_app: Any, api: LocalBotApi, gone: str
) -> None:
    old, new = -310, -1001234567810
    api.add_group(old, title="Old group", admins=[READER_ID])
    await subscribe(push_app, old, "group")
    await subscribe(push_app, READER_ID)  # keeps rounds coming once the group is gone
    api.migrate(old, new)
    if gone == "kicked":
        api.block(new)
        reason = "Forbidden: bot was kicked from the supergroup chat"
    else:
        reason = "chat not found"
        api.fail_next("sendMessage", chat_id=new, status=400, description=f"Bad Request: {reason}")
    first = await publish(push_app, "Nobody there")
    await rounds_done(push_app, first)
    storage = storage_of(push_app)
    moved = await storage.subscriptions.get(new)
    assert moved is not None and not moved.active
    assert (moved.inactive_reason or "").lower() == reason.lower()
    assert [r.status for r in send_attempts(api, new)] != []
    tried = len(send_attempts(api, new))
    second = await publish(push_app, "Still nobody")
    await wait_alerts(api, READER_ID, 2)
    await rounds_done(push_app, second)  # a round that would have tried the new id again
    assert len(send_attempts(api, new)) == tried


async def test_round_longer_than_the_interval_neither_overlaps_nor_skips(
    api: LocalBotApi, database: Path, caplog: pytest.LogCaptureFixture
) -> None:
    chats = private_chats(api, 5000, 60)
    caplog.set_level(logging.WARNING)
    settings = make_settings(api, database, push_interval=0.2, rate_limit=30)
    async with running_bot(settings) as app:
        for chat_id in chats:
            await subscribe(app, chat_id)
        slow = await publish(app, "Slow round")
        await asyncio.gather(*(wait_alerts(api, c, 1, timeout=2 * TIMEOUT) for c in chats))
        following = await publish(app, "Next")
        await asyncio.gather(*(wait_alerts(api, c, 2, timeout=2 * TIMEOUT) for c in chats))
        marker = await marker_round(app, api, chats, timeout=2 * TIMEOUT)
    for chat_id in chats:
        assert [announced(a) for a in alerts(api, chat_id)] == [[slow], [following], [marker]]
    assert not [r for r in caplog.records if "skipped" in r.getMessage().lower()]


async def test_pacing_stays_within_rate_limit_without_provoking_429s(
    api: LocalBotApi, database: Path
) -> None:
    chats = private_chats(api, 6000, 90)
    api.flood_limits(enabled=True)  # Telegram's defaults: 30/s overall, ~1/s per chat
    settings = make_settings(api, database, push_interval=0.3)  # RATE_LIMIT default: 30
    async with running_bot(settings) as app:
        await round_to(app, api, chats, "Paced")
    assert not [r for r in api.requests if r.status == 429]
    assert api.send_stats(per_chat=False)["paid"] == 0  # at 30/s nothing costs Stars
    busiest = busiest_second(api, chats)
    assert busiest <= 30
    # Only that the round pressed on the limit, so that the checks above mean something; how
    # close to it the pacer gets is a speed figure, measured by `python -m bench` (part 2).
    assert busiest > 30 // 2


async def test_reader_is_answered_while_a_large_round_is_still_running(
    api: LocalBotApi, database: Path
) -> None:
    chats = private_chats(api, 7000, 300)
    settings = make_settings(api, database, push_interval=0.3, rate_limit=30)
    async with running_bot(settings) as app:
        for chat_id in chats:
            await subscribe(app, chat_id)
        await publish(app, "Big round")
        await api.wait_for(lambda m: m.chat_id in chats, timeout=TIMEOUT)  # the round has begun
        [reply] = await ask(api, READER_ID, "/latest")
        assert "Big round" in reply.text
        delivered = sum(1 for c in chats if alerts(api, c))
        assert delivered < len(chats) // 2  # answered early in the round, not after it


async def test_rate_above_thirty_uses_paid_broadcasts_which_telegram_lets_through(
    api: LocalBotApi, database: Path
) -> None:
    chats = private_chats(api, 8000, 150)
    api.flood_limits(enabled=True)  # unpaid sends above 30/s would get 429
    settings = make_settings(api, database, push_interval=0.3, rate_limit=100)
    async with running_bot(settings) as app:
        await round_to(app, api, chats, "Paid")
    assert not [r for r in api.requests if r.status == 429]
    assert api.send_stats(per_chat=False)["paid"] == len(chats)  # every alert a paid broadcast
    assert busiest_second(api, chats) > 30  # above the free limit: the premise of the test
