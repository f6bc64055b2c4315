"""Flood control: pacing every message inside Telegram's limits, and the one place a 429 is handled.

One schedule of send slots is shared by everything the bot sends: replies to readers take a slot
at once and are never delayed; broadcast sends wait for the next free slot, so replies push the
broadcast back instead of queueing behind it. Per chat, broadcasts keep about one message per
second in private chats and twenty per minute in groups and channels.

When Telegram answers 429 anyway, `Pacer.call` pauses every send, replies and broadcasts alike,
for `retry_after` and makes the same request again (as PTB's AIORateLimiter does).
"""

from __future__ import annotations

import asyncio
import math
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, Final, TypeVar

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.limits import (
    GROUP_CHAT_INTERVAL,
    HEADROOM,
    MAX_FLOOD_WAITS,
    PACED_CHATS_KEPT,
    PRIVATE_CHAT_INTERVAL,
    WINDOW_MARGIN,
)

T = TypeVar("T")

# Sending methods that count against the limits; reads and edits of our own messages do not.
_COUNTED: Final = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage"})
# Long polling only receives; holding it during a pause would only delay reading updates.
_NEVER_PAUSED: Final = frozenset({"getUpdates"})


def retry_seconds(error: RetryAfter) -> float:
    """Telegram's `retry_after` in seconds, whichever type this PTB version gives it."""
    with warnings.catch_warnings():
        # PTB 22 warns that the int will become a timedelta; we accept both.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        delay = error.retry_after
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)


class Pacer:
    """A shared schedule of send slots at `rate` per second."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self._interval = 1.0 / (rate * HEADROOM)
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._paused_until = 0.0
        # Actual times of the latest sends, as many as one second may hold.
        self._recent: deque[float] = deque(maxlen=max(1, math.floor(rate)))
        self._chat_ready: dict[int, float] = {}

    async def wait_for_slot(self, chat_id: int, chat_kind: str) -> None:
        """Wait until a broadcast message may go to this chat, and take that slot."""
        while True:
            now = self._clock()
            ready = max(self._chat_ready.get(chat_id, 0.0), self._paused_until)
            if ready > now:
                await self._sleep(ready - now)
                continue
            slot = max(now, self._next_slot, self._window_opens())
            self._next_slot = slot + self._interval
            if slot > now:
                await self._sleep(slot - now)
            if self._clock() < self._paused_until:
                continue  # Telegram asked us to pause while we slept: this slot is void
            if self._clock() < self._window_opens():
                continue  # replies filled the second while we slept
            self._recent.append(self._clock())
            self._take_chat_slot(chat_id, chat_kind)
            return

    def note_reply(self) -> None:
        """A reply to a reader went out now: it used a slot the broadcast cannot have."""
        now = self._clock()
        self._recent.append(now)
        self._next_slot = max(self._next_slot, now) + self._interval

    def _window_opens(self) -> float:
        """When the oldest of the last `rate` sends is a full second (plus margin) old."""
        recent = self._recent
        if recent.maxlen is None or len(recent) < recent.maxlen:
            return 0.0
        return recent[0] + 1.0 + WINDOW_MARGIN

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: hold every send for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def wait_while_paused(self) -> None:
        """Return once no 429 pause is in force."""
        while (remaining := self._paused_until - self._clock()) > 0:
            await self._sleep(remaining)

    async def call(
        self, request: Callable[[], Awaitable[T]], *, before: Callable[[], Awaitable[None]]
    ) -> T:
        """Make a Bot API request after `before` (waiting for its slot), waiting out 429s.

        A 429 pauses every send for Telegram's `retry_after`, then the same request is made
        again; after MAX_FLOOD_WAITS of them the RetryAfter is raised to the caller.
        """
        waits = 0
        while True:
            await before()
            try:
                return await request()
            except RetryAfter as error:
                waits += 1
                self.pause(retry_seconds(error))
                if waits >= MAX_FLOOD_WAITS:
                    raise

    def _take_chat_slot(self, chat_id: int, chat_kind: str) -> None:
        now = self._clock()
        interval = PRIVATE_CHAT_INTERVAL if chat_kind == "private" else GROUP_CHAT_INTERVAL
        self._chat_ready[chat_id] = now + interval
        if len(self._chat_ready) > PACED_CHATS_KEPT:
            # Only future readiness matters; forget chats whose wait is over.
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}


class PacingRateLimiter(BaseRateLimiter[str]):
    """PTB's hook on every request the application bot makes: replies, edits, answers, files.

    Replies are counted in the shared schedule but never delayed, except while a 429 pause is in
    force. Broadcasts do not pass here: the delivery engine sends with its own bot through
    `Pacer.call`, waiting for per-chat slots.
    """

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Count a reply against the overall rate, then send it; 429s are waited out."""
        if endpoint in _NEVER_PAUSED:
            return await callback(*args, **kwargs)

        async def take_slot() -> None:
            await self.pacer.wait_while_paused()
            if endpoint in _COUNTED:
                self.pacer.note_reply()

        return await self.pacer.call(lambda: callback(*args, **kwargs), before=take_slot)
