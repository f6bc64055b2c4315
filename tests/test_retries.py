"""Transient failures: which PTB errors count, how often and how long a request is retried,
and file downloads retried the same way; errors come from PTB's own mapping of real responses."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from telegram import Bot
from telegram._utils.types import ODVInput
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.request import BaseRequest, RequestData

from bot.limits import REQUEST_BACKOFF_FIRST, REQUEST_TRIES
from bot.telegram import retries
from bot.telegram.retries import download, is_transient, with_retries
from bot.telegram.transport import AiohttpRequest
from local_bot_api import LocalBotApi

TOKEN = "123456:RETRIES-TEST"
CHAT = 1


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi(token=TOKEN) as server:
        server.add_private_chat(CHAT, first_name="A")
        server.add_group(-5, title="G")
        yield server


def bot_for(api: LocalBotApi, request: BaseRequest | None = None) -> Bot:
    timeout = 1.0
    return Bot(
        TOKEN,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=request
        or AiohttpRequest(read_timeout=timeout, write_timeout=timeout, connect_timeout=timeout),
    )


async def error_of(call: Awaitable[object]) -> TelegramError:
    with pytest.raises(TelegramError) as raised:
        await call
    return raised.value


@pytest.mark.parametrize("status", [500, 502, 503, "timeout"])
async def test_server_errors_and_timeouts_are_transient(api: LocalBotApi, status: Any) -> None:
    api.timeout_delay = 3  # longer than the bot's 1 s timeout
    api.fail_next("sendMessage", status=status)
    async with bot_for(api) as bot:
        assert is_transient(await error_of(bot.send_message(CHAT, "x")))


async def test_a_lost_connection_is_transient(api: LocalBotApi) -> None:
    async with bot_for(api) as bot:
        await api.stop()  # nothing listens on the port any more
        assert is_transient(await error_of(bot.send_message(CHAT, "x")))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429])
async def test_answers_that_would_repeat_are_not_transient(api: LocalBotApi, status: int) -> None:
    api.fail_next("sendMessage", status=status)
    async with bot_for(api) as bot:
        error = await error_of(bot.send_message(CHAT, "x"))
    assert not is_transient(error), type(error)
    if status == 400:
        assert isinstance(error, NetworkError)  # why the BadRequest exception is needed


async def test_a_moved_group_is_not_transient(api: LocalBotApi) -> None:
    api.migrate(-5, -1009999999999)
    async with bot_for(api) as bot:
        assert not is_transient(await error_of(bot.send_message(-5, "x")))


class Script:
    """A request answering from a script of errors and results; records the waits between."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.attempts = 0
        self.waits: list[float] = []

    async def request(self) -> object:
        self.attempts += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


async def test_a_transient_failure_is_retried_with_growing_jittered_backoff() -> None:
    failures = [NetworkError("Bad Gateway")] * (REQUEST_TRIES - 1)
    script = Script(*failures, "sent")
    assert await with_retries(script.request, what="sendMessage", sleep=script.sleep) == "sent"
    assert script.attempts == REQUEST_TRIES
    for number, wait in enumerate(script.waits, start=1):
        nominal = REQUEST_BACKOFF_FIRST * 2 ** (number - 1)
        assert 0.5 * nominal <= wait < 1.5 * nominal


def test_backoff_is_spread_by_the_random_factor() -> None:
    draws = itertools.cycle([0.0, 0.999])
    low, high = (retries.backoff(2, lambda: next(draws)) for _ in range(2))
    assert low == pytest.approx(REQUEST_BACKOFF_FIRST) and high > 2.9 * REQUEST_BACKOFF_FIRST


async def test_a_failure_that_persists_reaches_the_caller_after_the_last_try() -> None:
    last = NetworkError("Internal Server Error")
    script = Script(*[NetworkError("Bad Gateway")] * (REQUEST_TRIES - 1), last, "never")
    with pytest.raises(NetworkError) as raised:
        await with_retries(script.request, what="sendMessage", sleep=script.sleep)
    assert raised.value is last
    assert script.attempts == REQUEST_TRIES and len(script.waits) == REQUEST_TRIES - 1


async def test_other_failures_reach_the_caller_at_once() -> None:
    script = Script(BadRequest("Message is too long"), "never")
    with pytest.raises(BadRequest):
        await with_retries(script.request, what="sendMessage", sleep=script.sleep)
    assert script.attempts == 1 and not script.waits


class FlakyFiles(AiohttpRequest):
    """The real transport, except that the first file download meets `failure`."""

    def __init__(self, failure: Callable[[], tuple[int, bytes]]) -> None:
        super().__init__(read_timeout=1.0, write_timeout=1.0, connect_timeout=1.0)
        self.failure = failure
        self.downloads = 0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            self.downloads += 1
            if self.downloads == 1:
                return self.failure()
        return await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )


def _bad_gateway() -> tuple[int, bytes]:
    return 502, b"<html>502 Bad Gateway</html>"


def _connection_reset() -> tuple[int, bytes]:
    raise NetworkError("aiohttp.ClientOSError: Connection reset by peer")


@pytest.mark.parametrize("failure", [_bad_gateway, _connection_reset])
async def test_a_download_is_retried_after_a_transient_failure(
    api: LocalBotApi, failure: Callable[[], tuple[int, bytes]]
) -> None:
    update = api.send_document(CHAT, "draft.txt", b"The body.")
    file_id = update["message"]["document"]["file_id"]
    request = FlakyFiles(failure)
    async with bot_for(api, request) as bot:
        file = await bot.get_file(file_id)
        assert await download(file) == b"The body."
    assert request.downloads == 2
