"""Proactive pacing of outgoing messages, so that broadcasts stay inside Telegram's flood limits.

One schedule of send slots is shared by everything the bot sends: replies to readers take a slot
at once and are never delayed; broadcast sends wait for the next free slot, so replies push the
broadcast back instead of queueing behind it. Per chat, broadcasts keep about one message per
second in private chats and twenty per minute in groups and channels.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Final

from telegram.constants import FloodLimit
from telegram.ext import BaseRateLimiter

# Sends spaced exactly at the limit drift into 31-in-a-second windows through timer jitter and
# network reordering; 2% headroom keeps the achieved rate within 98% of the limit without 429s.
HEADROOM: Final = 0.98
# A send that went out late (an event-loop stall) would let the sends after it bunch up inside
# one second; so no slot opens until the send `rate` places back is this far over a second old.
WINDOW_MARGIN: Final = 0.005
PRIVATE_CHAT_INTERVAL: Final = 1.0 / FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
GROUP_CHAT_INTERVAL: Final = 60.0 / FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP
# Sending methods that count against the limits; reads and edits of our own messages do not.
_COUNTED: Final = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage"})


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
        """Telegram answered 429: hold every broadcast send for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _take_chat_slot(self, chat_id: int, chat_kind: str) -> None:
        now = self._clock()
        interval = PRIVATE_CHAT_INTERVAL if chat_kind == "private" else GROUP_CHAT_INTERVAL
        self._chat_ready[chat_id] = now + interval
        if len(self._chat_ready) > 50_000:
            # Only future readiness matters; forget chats whose wait is over.
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}


class PacingRateLimiter(BaseRateLimiter[str]):
    """PTB's hook on every request: replies are counted in the shared schedule, never delayed.

    Broadcasts do not pass here: the delivery engine sends them with its own bot and paces them
    itself, knowing each chat's kind and handling 429s per chat.
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
        """Count a reply against the overall rate, then send it."""
        if endpoint in _COUNTED:
            self.pacer.note_reply()
        return await callback(*args, **kwargs)
