"""Reaching the Bot API at start-up: network failures are retried with backoff, and what cannot
be fixed by waiting (a rejected token, an endpoint that never answers) ends start-up with one line
naming the setting to check.

PTB's own `bootstrap_retries` retries at a fixed one-second interval, logs each retry only at
DEBUG and the last failure with a traceback, and does not cover our own start-up calls (the
delivery engine's bot, the command menu); so start-up goes through `BotApiCalls` instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

from bot.limits import STARTUP_BACKOFF_FIRST, STARTUP_BACKOFF_MAX, STARTUP_REASON_LENGTH

logger = logging.getLogger(__name__)

T = TypeVar("T")


# PTB's words for an answer that is not JSON (an nginx or a proxy page instead of the Bot API).
_NOT_BOT_API = "Parsing the server response"


class StartupError(Exception):
    """The bot cannot start: one line naming the cause and the setting to check."""


class StartupInterrupted(Exception):
    """A stop signal arrived while start-up was waiting to try the Bot API again."""


class BotApiCalls:
    """Makes start-up's Bot API calls, trying each up to `tries` times while the network fails.

    `base_url` is BOT_API_BASE_URL, the prefix the token is appended to: it names the server in
    messages without the token. Setting `stop` ends the waiting between tries.
    """

    def __init__(self, base_url: str, tries: int, stop: asyncio.Event | None = None) -> None:
        self._base_url = base_url
        self._tries = tries
        self._stop = stop

    async def __call__(self, call: Callable[[], Awaitable[T]]) -> T:
        """The result of `call()`, retried with backoff on network failures (timeouts, refused
        connections, 5xx); StartupError once the tries are used up or the token is rejected."""
        delay = STARTUP_BACKOFF_FIRST
        for attempt in range(1, self._tries + 1):
            try:
                return await call()
            except InvalidToken as error:
                raise StartupError(self._rejected(error)) from None
            except BadRequest:
                raise  # the Bot API answered: waiting will not change its mind
            except NetworkError as error:  # TimedOut is one too
                if attempt == self._tries:
                    raise StartupError(
                        f"Bot API not reachable at {self._base_url} after {self._tries} tries "
                        f"({_reason(error)}); check BOT_API_BASE_URL and the network"
                    ) from None
                logger.warning(
                    "Bot API not reachable at %s (attempt %d/%d): %s; retrying in %g s",
                    self._base_url,
                    attempt,
                    self._tries,
                    _reason(error),
                    delay,
                )
            except TelegramError as error:
                if type(error) is not TelegramError:
                    raise  # Forbidden, Conflict...: an answer of the Bot API, not a wrong server
                # PTB's bare TelegramError: a successful HTTP answer that is not the Bot API's.
                raise StartupError(
                    f"the server at {self._base_url} does not answer as a Bot API "
                    f"({_reason(error)}); check BOT_API_BASE_URL"
                ) from None
            await self._pause(delay)  # only a network failure gets here
            delay = min(delay * 2, STARTUP_BACKOFF_MAX)
        raise AssertionError("tries must be at least 1")

    def _rejected(self, error: InvalidToken) -> str:
        # Bot.initialize re-raises with the token in the message; the server's own words
        # ("Unauthorized", "Not Found") are in the cause.
        answer = error.__cause__ if isinstance(error.__cause__, InvalidToken) else error
        if _NOT_BOT_API in answer.message:
            # A 404 page rather than the Bot API's JSON: the path is wrong, not the token.
            return (
                f"the server at {self._base_url} answered {_reason(answer)} instead of a Bot "
                "API reply; check BOT_API_BASE_URL: it must end in /bot, as "
                "https://api.telegram.org/bot or http://localhost:8081/bot do"
            )
        return (
            f"the Bot API at {self._base_url} rejected the token ({_reason(answer)}); "
            "check BOT_TOKEN, and BOT_API_BASE_URL if it is not Telegram's"
        )

    async def _pause(self, seconds: float) -> None:
        if self._stop is None:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)
        if self._stop.is_set():
            raise StartupInterrupted


def _reason(error: TelegramError) -> str:
    text = " ".join(error.message.split())
    return text if len(text) <= STARTUP_REASON_LENGTH else text[: STARTUP_REASON_LENGTH - 1] + "…"
