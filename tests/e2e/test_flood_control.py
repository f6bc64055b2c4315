"""A 429 on anything the bot does while handling an update is waited out, never an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    ask,
    make_settings,
    press,
    publish,
    running_bot,
)


async def test_a_429_on_a_reply_is_waited_out_and_the_reply_arrives(
    app: Any, api: LocalBotApi
) -> None:
    api.fail_next("sendMessage", chat_id=READER_ID, status=429, retry_after=1)
    [reply] = await ask(api, READER_ID, "/latest")
    assert reply.text == "No articles have been published yet."
    attempts = [r for r in api.requests if r.method == "sendMessage" and r.chat_id == READER_ID]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 1.0
    assert not [m for m in api.messages(READER_ID) if "went wrong" in m.text]


async def test_a_429_on_a_button_answer_is_waited_out_too(app: Any, api: LocalBotApi) -> None:
    for n in range(1, 4):
        await publish(app, f"Headline {n}")
    [listing] = await ask(api, READER_ID, "/latest 1")
    api.fail_next("answerCallbackQuery", status=429, retry_after=1)
    answer = await press(api, READER_ID, listing, listing.callback_data[-1])
    assert not answer.get("show_alert")  # the plain answer, not the error pop-up
    answers = [r.status for r in api.requests if r.method == "answerCallbackQuery"]
    assert answers == [429, 200]
    assert not [m for m in api.messages(READER_ID) if "went wrong" in m.text]


async def test_a_burst_of_replies_beyond_the_rate_limit_queues_instead_of_provoking_429s(
    api: LocalBotApi, database: Path
) -> None:
    readers = range(30_000, 30_040)  # four times what one second allows
    api.add_private_chats(readers[0], len(readers))
    api.flood_limits(enabled=True, global_per_second=10)  # Telegram's rules, scaled to 10/s
    async with running_bot(make_settings(api, database, rate_limit=10)):
        for reader in readers:
            api.send_command(reader, "/latest")
        for reader in readers:
            [reply] = await api.wait_for_messages(reader, 1, timeout=3 * TIMEOUT)
            assert reply.text == "No articles have been published yet."
    sends = [r for r in api.requests if r.method == "sendMessage"]
    assert [r.status for r in sends] == [200] * len(readers)  # not one 429, nothing twice
    # First come, first served: each reader answered about when they asked, give or take what
    # one second holds (handlers reach their reply in nearly, not exactly, the order they began).
    answered = [r.chat_id for r in sends]
    assert max(abs(answered.index(reader) - n) for n, reader in enumerate(readers)) < 10
