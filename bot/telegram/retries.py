"""Transient failures of Bot API calls: what counts as one, and trying again with backoff.

Every request the application's bot makes while handling an update passes through
`PacingRateLimiter` (bot/telegram/flood_control.py), which makes it through `with_retries`. File
downloads do not pass there (PTB fetches them straight from its transport), so `download` does
the same for them.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import File
from telegram.error import BadRequest, NetworkError

from bot.limits import REQUEST_BACKOFF_FIRST, REQUEST_TRIES

T = TypeVar("T")

logger = logging.getLogger(__name__)


def is_transient(error: BaseException) -> bool:
    """A failure that another try may not meet: a 5xx, a timeout, a lost connection.

    PTB raises `NetworkError` for those (`TimedOut` is a subclass), but `BadRequest` is a
    subclass too and a 400 fails the same way every time. Forbidden, InvalidToken, Conflict,
    ChatMigrated and RetryAfter are not `NetworkError`s at all; 429s are the pacer's.
    """
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def backoff(failures: int, draw: Callable[[], float] = random.random) -> float:
    """Seconds to wait after the `failures`-th transient failure in a row (1, 2, ...)."""
    return float(REQUEST_BACKOFF_FIRST * 2 ** (failures - 1) * (0.5 + draw()))


async def with_retries(
    request: Callable[[], Awaitable[T]],
    *,
    what: str,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Make the request, again after a transient failure, REQUEST_TRIES times at most.

    Other failures, and the last transient one, reach the caller unchanged.
    """
    failures = 0
    while True:
        try:
            return await request()
        except Exception as error:
            if not is_transient(error):
                raise
            failures += 1
            if failures >= REQUEST_TRIES:
                raise
            delay = backoff(failures)
            logger.info(
                "%s failed (%s); try %d of %d in %.2f s",
                what,
                error,
                failures + 1,
                REQUEST_TRIES,
                delay,
            )
            await sleep(delay)


async def download(file: File) -> bytes:
    """A file's content, fetched again after transient failures like any other request."""
    return bytes(
        await with_retries(file.download_as_bytearray, what=f"download of {file.file_path}")
    )
