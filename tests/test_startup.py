"""Start-up's Bot API calls: network failures retried with doubling waits, then one clear reason;
a rejected token at once, without the token; a stop signal ends the waiting."""

from __future__ import annotations

import asyncio
import logging

import pytest
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError, TimedOut

from bot import startup
from bot.startup import BotApiCalls, StartupError, StartupInterrupted

BASE_URL = "http://127.0.0.1:8081/bot"
TOKEN = "123456:SECRET-part-of-the-token"
# Liveness only: how long a call that must end may take before the test gives up.
TIMEOUT = 10.0


class Failing:
    """A Bot API call that raises the given errors in turn, then returns "ok"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


@pytest.fixture(autouse=True)
def short_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup, "STARTUP_BACKOFF_FIRST", 0.01)


async def test_network_failures_are_retried_with_doubling_waits_one_line_each(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.startup")
    call = Failing(NetworkError("Bad Gateway"), TimedOut())
    assert await BotApiCalls(BASE_URL, 5)(call) == "ok"
    assert call.calls == 3
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        f"Bot API not reachable at {BASE_URL} (attempt 1/5): Bad Gateway; retrying in 0.01 s",
        f"Bot API not reachable at {BASE_URL} (attempt 2/5): Timed out; retrying in 0.02 s",
    ]


async def test_after_the_last_try_one_reason_names_bot_api_base_url() -> None:
    call = Failing(*[NetworkError("Cannot connect to host")] * 5)
    with pytest.raises(StartupError) as raised:
        await BotApiCalls(BASE_URL, 3)(call)
    assert call.calls == 3
    message = str(raised.value)
    assert message.startswith(f"Bot API not reachable at {BASE_URL} after 3 tries")
    assert "Cannot connect to host" in message and "check BOT_API_BASE_URL" in message
    assert "\n" not in message


async def test_a_rejected_token_stops_at_once_naming_bot_token_without_the_token() -> None:
    rejected = InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
    rejected.__cause__ = InvalidToken("Unauthorized")  # as Bot.initialize raises it
    call = Failing(rejected)
    with pytest.raises(StartupError) as raised:
        await BotApiCalls(BASE_URL, 5)(call)
    assert call.calls == 1
    message = str(raised.value)
    assert "rejected the token (Unauthorized)" in message and "check BOT_TOKEN" in message
    assert TOKEN not in message and "SECRET" not in message


async def test_a_bad_request_is_an_answer_and_not_retried() -> None:
    call = Failing(BadRequest("Chat not found"))
    with pytest.raises(BadRequest):
        await BotApiCalls(BASE_URL, 5)(call)
    assert call.calls == 1


async def test_a_server_that_is_not_a_bot_api_names_bot_api_base_url() -> None:
    page = "Invalid server response: " + "<html>" * 100
    with pytest.raises(StartupError) as raised:
        await BotApiCalls(BASE_URL, 5)(Failing(TelegramError(page)))
    message = str(raised.value)
    assert "does not answer as a Bot API" in message and "check BOT_API_BASE_URL" in message
    assert len(message) < len(page)  # the page is quoted only in part


async def test_a_stop_signal_ends_the_wait_between_tries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(startup, "STARTUP_BACKOFF_FIRST", 3600.0)
    stop = asyncio.Event()
    call = Failing(NetworkError("down"), NetworkError("down"))
    waiting = asyncio.create_task(BotApiCalls(BASE_URL, 5, stop)(call))
    await asyncio.sleep(0)  # the first try fails and the hour-long wait begins
    stop.set()
    with pytest.raises(StartupInterrupted):
        await asyncio.wait_for(waiting, TIMEOUT)
    assert call.calls == 1
