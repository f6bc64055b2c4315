"""Cheap counters over the bot's sends, kept in every mode, and waiting for a number of sends.

A *send* is a call of a sending method (``SEND_METHODS``); it is *accepted* when it is answered
200. Counting costs a few integer updates per send, so these counters are what benchmarks read
when the server runs without records (``record=False``).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from typing import Any

from local_bot_api.faults import FLOOD_COUNTED
from local_bot_api.models import JSONDict

# Lower-case names of the methods counted as sends: the flood-controlled ones.
SEND_METHODS = FLOOD_COUNTED
# The per-second histogram covers this many seconds after the first accepted send; later
# sends are still counted, in ``per_second_overflow``.
HISTOGRAM_SECONDS = 86_400


class SendStats:
    """Counters over sends since the server started or since the last ``reset()``."""

    __slots__ = (
        "_sequence",
        "_waiters",
        "accepted",
        "by_status",
        "first",
        "last",
        "paid",
        "per_chat",
        "per_second",
        "per_second_overflow",
    )

    def __init__(self, count_per_chat: bool = False) -> None:
        self.per_chat: dict[int, int] | None = {} if count_per_chat else None
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._sequence = itertools.count()
        self.reset()

    def reset(self) -> None:
        self.accepted = 0
        self.by_status: dict[int, int] = {}
        self.paid = 0
        self.first: float | None = None
        self.last: float | None = None
        self.per_second: list[int] = []
        self.per_second_overflow = 0
        if self.per_chat is not None:
            self.per_chat = {}

    def accept(self, chat_id: int, paid: bool, now: float) -> None:
        """One send answered 200; ``now`` is time.monotonic()."""
        self.accepted += 1
        by_status = self.by_status
        by_status[200] = by_status.get(200, 0) + 1
        if paid:
            self.paid += 1
        first = self.first
        if first is None:
            first = self.first = now
        self.last = now
        second = int(now - first)
        histogram = self.per_second
        if second < len(histogram):
            histogram[second] += 1
        elif second < HISTOGRAM_SECONDS:
            histogram.extend([0] * (second - len(histogram)))
            histogram.append(1)
        else:
            self.per_second_overflow += 1
        per_chat = self.per_chat
        if per_chat is not None:
            per_chat[chat_id] = per_chat.get(chat_id, 0) + 1
        waiters = self._waiters
        if waiters and waiters[0][0] <= self.accepted:
            self._wake()

    def refuse(self, status: int) -> None:
        """One send answered with an error status."""
        self.by_status[status] = self.by_status.get(status, 0) + 1

    def snapshot(self, per_chat: bool = True) -> JSONDict:
        first, last = self.first, self.last
        duration = last - first if first is not None and last is not None else 0.0
        result: dict[str, Any] = {
            "accepted": self.accepted,
            "by_status": dict(sorted(self.by_status.items())),
            "paid": self.paid,
            "first_monotonic": first,
            "last_monotonic": last,
            "duration": duration,
            "per_second": list(self.per_second),
            "per_second_overflow": self.per_second_overflow,
            "counting_per_chat": self.per_chat is not None,
        }
        if per_chat and self.per_chat is not None:
            result["per_chat"] = dict(self.per_chat)
        return result

    async def wait(self, count: int, seconds: float) -> None:
        """Return once ``accepted >= count``; TimeoutError after ``seconds``."""
        if self.accepted >= count:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (count, next(self._sequence), future)
        heapq.heappush(self._waiters, entry)
        try:
            async with asyncio.timeout(seconds):
                await future
        except TimeoutError:
            raise TimeoutError(
                f"{self.accepted} accepted send(s) after {seconds}s, expected at least {count}"
            ) from None
        finally:
            if not future.done():
                future.cancel()
            if entry in self._waiters:
                self._waiters.remove(entry)
                heapq.heapify(self._waiters)

    def _wake(self) -> None:
        waiters = self._waiters
        while waiters and waiters[0][0] <= self.accepted:
            _, _, future = heapq.heappop(waiters)
            if not future.done():
                future.set_result(None)
