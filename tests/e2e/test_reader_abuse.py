"""One reader cannot starve the broadcast or inflate views; many readers are all answered.

Each reader has a budget of replies (bot/telegram/reply_budget.py, admitted in
handlers/throttle.py), in a group each member their own: over it, one "slow down" and then
silence until it refills. Replies take at most REPLY_SHARE of RATE_LIMIT while a round runs; a
view counts once the whole article was delivered. Where a test needs the budget not to refill,
its clock is stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.context import pacer_of
from bot.limits import READER_BUDGET, READER_REFILL_PRIVATE
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    ask,
    eventually,
    make_settings,
    publish,
    running_bot,
    services_of,
    storage_of,
)

SLOW_DOWN = "slow down"
NO_ARTICLES = "No articles have been published yet."
# Paragraphs that make an article three messages (as bench/burst.py's long read).
LONG_BODY = "\n\n".join(f"Paragraph {n}. " + "Words of the long read. " * 16 for n in range(27))
LONG_PARTS = 3


class StoppedClock:
    """The budget's clock, moved only by the test: nothing refills unless it says so."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def refill(self, tokens: float) -> None:
        """Let a private chat's budget gain `tokens`."""
        self.now += tokens / READER_REFILL_PRIVATE


@pytest.fixture
def stopped_clock(app: Any, monkeypatch: pytest.MonkeyPatch) -> StoppedClock:
    clock = StoppedClock()
    monkeypatch.setattr(pacer_of(app).budget, "clock", clock)
    return clock


def notices(messages: list[SentMessage]) -> list[SentMessage]:
    return [m for m in messages if SLOW_DOWN in m.text.lower()]


async def settled(
    api: LocalBotApi, chat_id: int, message: SentMessage, from_user: int | None = None
) -> dict[str, Any]:
    """Press a stale button in the chat (as `from_user`) and return its answer: the chat's (a
    group member's) updates run in order, so once it is answered, everything they sent before
    it has been handled."""
    update = api.press_button(chat_id, message.message_id, "stale", from_user, check=False)
    return await api.wait_for_callback_answer(update["callback_query"]["id"], timeout=TIMEOUT)


async def spam(
    api: LocalBotApi,
    chat_id: int,
    command: str,
    count: int,
    *,
    over_budget: bool = True,
    from_user: int | None = None,
) -> list[SentMessage]:
    """Send `command` `count` times at once (as `from_user`); the bot's messages once it
    handled them all."""
    before = len(api.messages(chat_id))
    for _ in range(count):
        api.send_command(chat_id, command, from_user=from_user)
    first = await api.wait_for_messages(chat_id, before + 1, timeout=TIMEOUT)
    answer = await settled(api, chat_id, first[before], from_user)
    if over_budget:  # the stale button is answered, but silently
        assert not answer.get("text"), answer
    return api.messages(chat_id)[before:]


async def test_a_spammer_hears_slow_down_once_per_exhaustion_and_then_nothing(
    app: Any, api: LocalBotApi, stopped_clock: StoppedClock
) -> None:
    # Each /latest costs two: the update and its one message.
    answered = READER_BUDGET // 2
    first = await spam(api, READER_ID, "/latest", 3 * answered)
    assert [m.text for m in first if SLOW_DOWN not in m.text.lower()] == [NO_ARTICLES] * answered
    assert len(notices(first)) == 1
    assert SLOW_DOWN in first[answered].text.lower()  # right after the last answered one
    # Silence goes on while the budget is short, however long the reader keeps trying.
    stopped_clock.refill(2.5)  # out of debt (the notice cost one) with one to spare
    second = await spam(api, READER_ID, "/latest", answered)
    assert [m.text for m in second] == [NO_ARTICLES]
    # Refilled, the reader is answered again; exhausted again, told once again.
    stopped_clock.refill(2 * READER_BUDGET)
    third = await spam(api, READER_ID, "/latest", 3 * answered)
    assert len(notices(third)) == 1
    assert len(third) == answered + 1


async def test_a_group_member_over_the_budget_leaves_the_others_theirs(
    app: Any, api: LocalBotApi, stopped_clock: StoppedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The group's pace (tests/e2e/test_group_pacing.py) is not what this test is about.
    monkeypatch.setattr("bot.telegram.flood_control.GROUP_CHAT_INTERVAL", 0.001)
    group, spammer, neighbour = -100_4242, 4001, 4002
    api.add_group(group, title="Readers club", supergroup=True, members=[spammer, neighbour])
    answered = READER_BUDGET // 2
    spammed = await spam(api, group, "/latest", 3 * answered, from_user=spammer)
    # Each answer cost the spammer two, as in private: their replies are charged to them.
    assert [m.text for m in spammed] == [NO_ARTICLES] * answered + [spammed[-1].text]
    assert len(notices(spammed)) == 1
    [answer] = await ask(api, group, "/latest", from_user=neighbour)
    assert answer.text == NO_ARTICLES
    # The neighbour's budget is their own: the spammer is still refused, in silence.
    before = len(api.messages(group))
    api.send_command(group, "/latest", from_user=spammer)
    assert not (await settled(api, group, answer, spammer)).get("text")
    assert len(api.messages(group)) == before


async def test_the_notice_is_in_the_readers_language(
    app: Any, api: LocalBotApi, stopped_clock: StoppedClock
) -> None:
    georgian = 3001
    api.add_private_chat(georgian, first_name="ნინო", language_code="ka")
    messages = await spam(api, georgian, "/latest", READER_BUDGET)
    translator = services_of(app).translator
    assert translator.plain("ka", "throttle-slow-down") in [m.text for m in messages]


async def test_button_presses_over_the_budget_get_one_pop_up_then_silent_answers(
    app: Any, api: LocalBotApi, stopped_clock: StoppedClock
) -> None:
    article_id = await publish(app, "Short one")
    [listing] = await ask(api, READER_ID, "/latest")  # costs two
    presses = READER_BUDGET
    queries = [
        api.press_button(READER_ID, listing.message_id, f"r:{article_id}")["callback_query"]["id"]
        for _ in range(presses)
    ]
    answers = [await api.wait_for_callback_answer(q, timeout=TIMEOUT) for q in queries]
    assert len(answers) == presses  # every press is answered, over the budget too
    pop_ups = [a for a in answers if a.get("show_alert")]
    assert len(pop_ups) == 1 and SLOW_DOWN in pop_ups[0]["text"].lower()
    admitted = (READER_BUDGET - 2) // 2  # a press and the article's one message
    assert answers.index(pop_ups[0]) == admitted
    assert not [a for a in answers if a is not pop_ups[0] and a.get("text")]
    articles = [m for m in api.messages(READER_ID) if m.text.startswith("Short one")]
    assert len(articles) == admitted
    assert not notices(api.messages(READER_ID))  # the pop-up was the notice


async def test_editors_have_no_budget(
    app: Any, api: LocalBotApi, stopped_clock: StoppedClock
) -> None:
    count = 2 * READER_BUDGET
    messages = await spam(api, EDITOR_ID, "/latest", count, over_budget=False)
    assert [m.text for m in messages] == [NO_ARTICLES] * count


async def test_a_read_that_could_not_be_delivered_counts_no_view(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Long read", LONG_BODY)
    storage = storage_of(app)

    async def views() -> int:
        article = await storage.articles.get(article_id)
        assert article is not None
        return article.views

    async def views_are(count: int) -> bool:
        return await views() == count

    api.block(READER_ID)
    api.send_command(READER_ID, f"/read {article_id}")
    # The read's first part, then the error handler's note: both refused.
    await eventually(
        lambda: len([r for r in api.requests if r.chat_id == READER_ID and r.status == 403]) >= 2,
        "the read and the error note refused",
    )
    assert await views() == 0
    api.unblock(READER_ID)
    api.fail_next("sendMessage", chat_id=READER_ID, status=400, description="Bad Request: nope")
    [error] = await ask(api, READER_ID, f"/read {article_id}")
    assert "went wrong" in error.text
    assert await views() == 0
    read = await ask(api, READER_ID, f"/read {article_id}", count=LONG_PARTS)
    assert "👁 1" in read[0].text  # the view it shows is the one delivering it counts
    await eventually(lambda: views_are(1), "one view, once the whole article went")


async def test_many_readers_sending_one_command_each_are_all_answered(
    api: LocalBotApi, database: Path
) -> None:
    readers = range(40_000, 40_100)
    api.add_private_chats(readers[0], len(readers))
    async with running_bot(make_settings(api, database)) as app:
        article_id = await publish(app, "Long read", LONG_BODY)
        for reader in readers:
            api.send_command(reader, f"/read {article_id}")
        for reader in readers:
            await api.wait_for_messages(reader, LONG_PARTS, timeout=3 * TIMEOUT)
        assert not notices(api.sent)
        assert [r.status for r in api.requests if r.method == "sendMessage"] == [200] * (
            LONG_PARTS * len(readers)
        )
        storage = storage_of(app)

        async def every_view_counted() -> bool:
            article = await storage.articles.get(article_id)
            return article is not None and article.views == len(readers)

        await eventually(every_view_counted, "a view per reader")


@contextlib.asynccontextmanager
async def spamming(api: LocalBotApi, chat_id: int, command: str) -> AsyncIterator[None]:
    """Send `command` every 50 ms while the block runs (at most 30 s of it)."""

    async def keep_sending() -> None:
        for _ in range(600):
            api.send_command(chat_id, command)
            await asyncio.sleep(0.05)

    task = asyncio.create_task(keep_sending())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_reader_spamming_long_reads_cannot_hold_a_round_back(
    api: LocalBotApi, database: Path
) -> None:
    subscribers = range(60_000, 60_040)
    api.add_private_chats(subscribers[0], len(subscribers))
    settings = make_settings(api, database, push_interval=0.3, rate_limit=10)
    async with running_bot(settings) as app:
        long_read = await publish(app, "Long read", LONG_BODY)
        storage = storage_of(app)
        for chat_id in subscribers:
            await storage.subscriptions.subscribe(chat_id, "private")
        async with spamming(api, READER_ID, f"/read_{long_read}"):
            await api.wait_for_messages(READER_ID, LONG_PARTS, timeout=TIMEOUT)  # under way
            start = len(api.sent)
            await publish(app, "Breaking")

            def alerted() -> set[int]:
                return {m.chat_id for m in api.sent[start:] if "Breaking" in m.text}

            # A liveness bound, not a speed claim: a round of 40 takes 4 s at 10/s.
            await eventually(
                lambda: alerted() >= set(subscribers), "every subscriber alerted", timeout=30
            )
            during = api.sent[start:]
    spammer = [r for r in api.requests if r.chat_id == READER_ID and r.method == "sendMessage"]
    seconds = spammer[-1].time - spammer[0].time
    # The budget, what refilled meanwhile, one article's overshoot and one notice, in all.
    allowed = READER_BUDGET + READER_REFILL_PRIVATE * seconds + LONG_PARTS + 1
    assert len(spammer) <= allowed
    # While the round ran, the spammer had less than the round: at most REPLY_SHARE of the rate.
    replies = [m for m in during if m.chat_id == READER_ID]
    alerts = [m for m in during if m.chat_id in subscribers]
    assert len(alerts) == len(subscribers)
    assert len(replies) <= len(alerts)
