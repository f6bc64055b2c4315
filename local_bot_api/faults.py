"""Injected failures and Telegram-like flood control.

Flood control (off by default) keeps timestamps of *accepted* sends in sliding windows; a send
that would exceed any window is refused with 429 and not recorded:

* overall: at most ``global_per_second`` unpaid sends in any trailing 1 s window, across all
  chats; ``allow_paid_broadcast=true`` sends do not use up that free rate, but every send, paid
  or not, counts towards ``paid_per_second`` in the same second (so a paid round leaves replies
  and edits, which cannot be paid for, their free 30 a second);
* per chat: at most ``burst`` sends to one chat in any trailing ``burst / per_chat_per_second``
  seconds (defaults: 3 in 3 s, i.e. 1/s on average with short bursts tolerated);
* per group/supergroup/channel: additionally at most ``per_group_per_minute`` in any trailing
  60 s window.

``retry_after`` is the whole number of seconds (at least 1) until the oldest send in the window
that refused leaves it. Sending methods (sendMessage, sendDocument, sendPhoto, copyMessage,
forwardMessage) and edits are counted (they call ``admit``); chat actions and reads are not.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

FaultStatus = int | Literal["timeout"]

FLOOD_COUNTED = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "copymessage", "forwardmessage"}
)
# Windows of chats that had no send within their span are dropped every this many admissions,
# so a broadcast to millions of chats keeps only the recently used windows.
_PRUNE_EVERY = 4096


@dataclass(slots=True)
class Fault:
    method: str | None  # lower-case method name, None = any
    chat_id: int | str | None  # None = any chat
    status: FaultStatus
    remaining: int
    retry_after: int
    description: str | None


@dataclass(slots=True)
class RandomFaults:
    """Fail a share of the calls to some methods, as Telegram's occasional 5xx do."""

    rate: float
    methods: frozenset[str] | None  # lower-case names, None = any
    statuses: tuple[FaultStatus, ...]
    rng: random.Random


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._random: RandomFaults | None = None

    def __bool__(self) -> bool:
        return bool(self._faults) or self._random is not None

    def randomly(
        self,
        rate: float,
        methods: Iterable[str] | None,
        statuses: Iterable[FaultStatus],
        seed: int | None,
    ) -> None:
        """From now on fail each matching call with probability ``rate`` (0 turns it off)."""
        chosen = tuple(statuses)
        if not 0 <= rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        if not chosen:
            raise ValueError("give at least one status")
        for status in chosen:
            _check_status(status)
        names = frozenset(name.lower() for name in methods) if methods is not None else None
        self._random = RandomFaults(rate, names, chosen, random.Random(seed)) if rate else None

    def add(
        self,
        method: str | None,
        chat_id: int | str | None,
        status: FaultStatus,
        count: int,
        retry_after: int,
        description: str | None,
    ) -> None:
        _check_status(status)
        if count < 1:
            raise ValueError("count must be at least 1")
        self._faults.append(
            Fault(
                method.lower() if method else None,
                chat_id,
                status,
                count,
                retry_after,
                description,
            )
        )

    def clear(self) -> None:
        self._faults.clear()
        self._random = None

    def take(self, method: str, chat_id: int | str | None) -> Fault | None:
        """The first fault matching this call, consuming one of its repetitions."""
        for fault in self._faults:
            if fault.method is not None and fault.method != method:
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        chance = self._random
        if chance is None or (chance.methods is not None and method not in chance.methods):
            return None
        if chance.rng.random() >= chance.rate:
            return None
        return Fault(method, chat_id, chance.rng.choice(chance.statuses), 1, 1, None)


def _check_status(status: FaultStatus) -> None:
    if status != "timeout" and not (isinstance(status, int) and 400 <= status <= 599):
        raise ValueError("status must be an HTTP error status (400-599) or 'timeout'")


class _Window:
    """Timestamps of accepted events within a trailing window of ``span`` seconds."""

    __slots__ = ("events", "span")

    def __init__(self, span: float) -> None:
        self.span = span
        self.events: deque[float] = deque()

    def wait_needed(self, now: float, limit: int) -> float:
        """0 if one more event fits now, else seconds until one does."""
        events = self.events
        horizon = now - self.span
        while events and events[0] <= horizon:
            events.popleft()
        if len(events) < limit:
            return 0.0
        return events[len(events) - limit] + self.span - now


class FloodLimiter:
    def __init__(self) -> None:
        self.enabled = False
        self.configure()

    def configure(
        self,
        enabled: bool = False,
        global_per_second: int = 30,
        per_chat_per_second: float = 1.0,
        per_group_per_minute: int = 20,
        burst: int = 3,
        paid_per_second: int = 1000,
    ) -> None:
        if global_per_second < 1 or per_group_per_minute < 1 or burst < 1:
            raise ValueError("limits must be at least 1")
        if per_chat_per_second <= 0:
            raise ValueError("per_chat_per_second must be positive")
        self.enabled = enabled
        self.global_per_second = global_per_second
        self.per_chat_per_second = per_chat_per_second
        self.per_group_per_minute = per_group_per_minute
        self.burst = burst
        self.paid_per_second = paid_per_second
        self._global = _Window(1.0)
        self._unpaid = _Window(1.0)
        self._chat_span = burst / per_chat_per_second
        self._chats: dict[int, _Window] = {}
        self._groups: dict[int, _Window] = {}
        self._admitted = 0

    def admit(self, chat_id: int, is_group: bool, paid: bool, now: float) -> int | None:
        """Record the send and return None, or return retry_after seconds and record nothing."""
        chat_window = self._chats.get(chat_id)
        if chat_window is None:
            chat_window = self._chats[chat_id] = _Window(self._chat_span)
        wait = chat_window.wait_needed(now, self.burst)
        group_window: _Window | None = None
        if is_group:
            group_window = self._groups.get(chat_id)
            if group_window is None:
                group_window = self._groups[chat_id] = _Window(60.0)
            wait = max(wait, group_window.wait_needed(now, self.per_group_per_minute))
        wait = max(wait, self._global.wait_needed(now, self.paid_per_second))
        if not paid:
            wait = max(wait, self._unpaid.wait_needed(now, self.global_per_second))
        if wait > 0:
            return max(1, math.ceil(wait))
        chat_window.events.append(now)
        if group_window is not None:
            group_window.events.append(now)
        self._global.events.append(now)
        if not paid:
            self._unpaid.events.append(now)
        self._admitted += 1
        if self._admitted % _PRUNE_EVERY == 0:
            self._prune(now)
        return None

    def _prune(self, now: float) -> None:
        """Drop windows whose newest event has left them (they would allow a full burst)."""
        for windows in (self._chats, self._groups):
            stale = [
                chat_id
                for chat_id, window in windows.items()
                if not window.events or window.events[-1] <= now - window.span
            ]
            for chat_id in stale:
                del windows[chat_id]
