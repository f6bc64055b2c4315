"""Both transports give python-telegram-bot the same results and the same errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, HTTPXRequest

from bot.telegram.transport import AiohttpRequest
from local_bot_api import LocalBotApi

TOKEN = "123456:TRANSPORT-TEST"


def make_request(kind: str, timeout: float = 1.0) -> BaseRequest:
    if kind == "httpx":
        return HTTPXRequest(read_timeout=timeout, write_timeout=timeout, connect_timeout=timeout)
    return AiohttpRequest(read_timeout=timeout, write_timeout=timeout, connect_timeout=timeout)


@pytest.fixture(params=["httpx", "aiohttp"])
async def api_and_bot(request: pytest.FixtureRequest) -> AsyncIterator[tuple[LocalBotApi, Bot]]:
    async with LocalBotApi(token=TOKEN) as api:
        bot = Bot(
            TOKEN,
            base_url=api.base_url,
            base_file_url=api.base_file_url,
            request=make_request(request.param),
        )
        async with bot:
            yield api, bot


async def outcome(coroutine: Any) -> tuple[str, str]:
    try:
        result = await coroutine
    except Exception as error:  # the point is to compare whatever comes out
        return type(error).__name__, str(error)
    return "ok", type(result).__name__


async def test_messages_buttons_and_entities_round_trip(
    api_and_bot: tuple[LocalBotApi, Bot],
) -> None:
    api, bot = api_and_bot
    api.add_private_chat(1, first_name="A")
    message = await bot.send_message(1, "<b>Bold</b> & ქართული", parse_mode="HTML")
    assert message.text == "Bold & ქართული"
    assert message.entities[0].type == "bold"
    assert api.messages(1)[0].text == "Bold & ქართული"


async def test_telegram_errors_surface_as_the_same_exceptions(
    api_and_bot: tuple[LocalBotApi, Bot],
) -> None:
    api, bot = api_and_bot
    api.add_private_chat(1, first_name="A")
    api.add_group(-5, title="G")
    api.block(1)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1, "x")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "x")
    with pytest.raises(BadRequest, match="unsupported start tag"):
        await bot.send_message(-5, "<p>x</p>", parse_mode="HTML")
    api.fail_next("sendMessage", chat_id=-5, status=429, retry_after=7)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(-5, "x")
    assert "7" in str(flood.value)
    api.migrate(-5, -1009999999999)
    with pytest.raises(ChatMigrated) as moved:
        await bot.send_message(-5, "x")
    assert moved.value.new_chat_id == -1009999999999


async def test_server_errors_and_timeouts_are_network_errors(
    api_and_bot: tuple[LocalBotApi, Bot],
) -> None:
    api, bot = api_and_bot
    api.add_private_chat(1, first_name="A")
    api.fail_next("sendMessage", chat_id=1, status=502)
    with pytest.raises(NetworkError) as bad_gateway:
        await bot.send_message(1, "x")
    assert not isinstance(bad_gateway.value, TimedOut)
    api.timeout_delay = 3
    api.fail_next("sendMessage", chat_id=1, status="timeout")
    with pytest.raises(TimedOut):
        await bot.send_message(1, "x")


@pytest.mark.parametrize("kind", ["httpx", "aiohttp"])
async def test_unreachable_server_is_a_network_error(kind: str) -> None:
    bot = Bot(TOKEN, base_url="http://127.0.0.1:9/bot", request=make_request(kind))
    await bot.request.initialize()  # type: ignore[attr-defined]
    try:
        with pytest.raises(NetworkError):
            await bot.get_me()
    finally:
        await bot.request.shutdown()  # type: ignore[attr-defined]


async def test_file_upload_and_download(api_and_bot: tuple[LocalBotApi, Bot]) -> None:
    api, bot = api_and_bot
    api.add_private_chat(1, first_name="A")
    sent = await bot.send_document(1, b"hello \xe1\x83\x90", filename="note.txt", caption="c")
    assert sent.document is not None
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"hello \xe1\x83\x90"


async def test_both_transports_describe_failures_alike() -> None:
    results = {}
    for kind in ("httpx", "aiohttp"):
        async with LocalBotApi(token=TOKEN) as api:
            api.add_private_chat(1, first_name="A")
            async with Bot(TOKEN, base_url=api.base_url, request=make_request(kind)) as bot:
                results[kind] = [
                    await outcome(bot.send_message(1, "ok")),
                    await outcome(bot.send_message(2, "x")),
                    await outcome(bot.send_message(1, "a < b", parse_mode="HTML")),
                    await outcome(bot.send_message(1, "")),
                    await outcome(bot.send_message(1, "x" * 4097)),
                ]
    assert results["httpx"] == results["aiohttp"]
