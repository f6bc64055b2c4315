"""Listeners of the local Bot API server: told of every request, message, edit, deletion and
callback answer as it is recorded, and of what simulated users write."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from local_bot_api import LocalBotApi
from local_bot_api.events import (
    ApiEvent,
    CallbackAnswerEvent,
    DeletionEvent,
    MessageEvent,
    RequestEvent,
    UserMessageEvent,
)

USER = 1001


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        server.add_private_chat(USER, first_name="Ann")
        yield server


async def call(api: LocalBotApi, method: str, **params: Any) -> Any:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}{api.token}/{method}", json=params)
    return response.json()


async def test_a_listener_hears_every_record_in_order(api: LocalBotApi) -> None:
    heard: list[ApiEvent] = []
    api.add_listener(heard.append)
    written = api.send_text(USER, "hello")["message"]
    sent = (await call(api, "sendMessage", chat_id=USER, text="<b>Hi</b>", parse_mode="HTML"))[
        "result"
    ]
    await call(api, "editMessageText", chat_id=USER, message_id=sent["message_id"], text="Hey")
    await call(api, "deleteMessage", chat_id=USER, message_id=written["message_id"])
    await call(api, "sendMessage", chat_id=999, text="nobody")
    [kind_1, kind_2, kind_3, kind_4, kind_5, kind_6, kind_7, kind_8] = heard
    assert kind_1 == UserMessageEvent(USER, written)
    assert isinstance(kind_2, MessageEvent) and not kind_2.sent.edited
    assert kind_2.sent.text == "Hi" and kind_2.sent.raw == sent
    assert isinstance(kind_3, RequestEvent) and kind_3.record.method == "sendMessage"
    assert isinstance(kind_4, MessageEvent) and kind_4.sent.edited and kind_4.sent.text == "Hey"
    assert isinstance(kind_5, RequestEvent) and kind_5.record.method == "editMessageText"
    assert kind_6 == DeletionEvent(USER, written["message_id"])
    assert isinstance(kind_7, RequestEvent) and kind_7.record.status == 200
    assert isinstance(kind_8, RequestEvent) and kind_8.record.status == 400
    assert kind_8.record.description == "Bad Request: chat not found"


async def test_callback_answers_and_users_edits_are_heard_until_removed(api: LocalBotApi) -> None:
    heard: list[ApiEvent] = []
    api.add_listener(heard.append)
    keyboard = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    sent = await call(api, "sendMessage", chat_id=USER, text="Menu", reply_markup=keyboard)
    query = api.press_button(USER, sent["result"]["message_id"], "go")["callback_query"]
    await call(api, "answerCallbackQuery", callback_query_id=query["id"], text="Done")
    answers = [event.answer for event in heard if isinstance(event, CallbackAnswerEvent)]
    assert [(a["callback_query_id"], a["text"]) for a in answers] == [(query["id"], "Done")]
    written = api.send_text(USER, "typo")["message"]
    api.edit_text(USER, written["message_id"], "fixed")
    edit = heard[-1]
    assert isinstance(edit, UserMessageEvent) and edit.edited and edit.message["text"] == "fixed"
    api.remove_listener(heard.append)
    count = len(heard)
    api.send_text(USER, "unheard")
    assert len(heard) == count


async def test_a_failing_listener_is_logged_and_the_request_still_answered(
    api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: ApiEvent) -> None:
        raise RuntimeError("listener bug")

    api.add_listener(broken)
    answer = await call(api, "sendMessage", chat_id=USER, text="still sent")
    assert answer["ok"] and [m.text for m in api.messages(USER)] == ["still sent"]
    assert "listener bug" in caplog.text


async def test_history_has_users_and_the_bots_messages_as_they_are_now(api: LocalBotApi) -> None:
    written = api.send_text(USER, "hello")["message"]
    sent = (await call(api, "sendMessage", chat_id=USER, text="Hi"))["result"]
    await call(api, "editMessageText", chat_id=USER, message_id=sent["message_id"], text="Hey")
    history = api.history(USER)
    assert [m["message_id"] for m in history] == [written["message_id"], sent["message_id"]]
    assert history[1]["text"] == "Hey" and "edit_date" in history[1]
    await call(api, "deleteMessage", chat_id=USER, message_id=written["message_id"])
    assert [m["text"] for m in api.history(USER)] == ["Hey"]
