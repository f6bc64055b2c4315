"""A 429 on anything the bot does while handling an update is waited out, never an error."""

from __future__ import annotations

from typing import Any

from local_bot_api import LocalBotApi
from tests.e2e.harness import READER_ID, ask, press, publish


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
