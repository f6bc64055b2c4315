"""Flood control: pacing every message inside Telegram's limits, and the one place a 429 is handled.

One schedule of send slots is shared by everything the bot sends, at most `rate` in any second.
Replies to readers go at once while the second has room; beyond it they queue first come, first
served, spaced like the broadcast, ahead of it: broadcast sends wait for a slot no reply is
waiting for, so replies push the broadcast back instead of queueing behind it. A reply whose
request left late (a busy event loop) counts in the second from when it left.

Per chat, the broadcast keeps about one message a second in private chats. Groups and channels
(negative chat ids) take a short burst, then about twenty a minute (GROUP_CHAT_BURST,
GROUP_CHAT_INTERVAL), replies and broadcast together: both take their turns from one readiness
per chat, so several members asking at once cannot push a group past Telegram's limit. A reply
into a group waits for the group first, in arrival order among that group's replies, and only
then queues for a slot: waiting for its group it holds no place in the queue, so a busy group
delays no other chat's replies and no broadcast. Replies in private chats do not wait for their
chat: a reader's long /read goes back to back, a burst Telegram tolerates.

While a round is running (a broadcast send waits for a slot, or went within the last second),
replies take at most `reply_share` of the rate, and the broadcast yields only to the replies that
share lets through: one reader, or a crowd, can delay a round but never stop it. With no round,
replies may use the whole rate. What one reader may ask for at all is their budget
(bot/telegram/reply_budget.py), charged here for every message sent in reply.

Above Telegram's free rate (`free_rate`, 30 a second) the broadcast is paid for
(`allow_paid_broadcast`, `Pacer.paid`), and only sends can be: replies and the engine's edits
and deletions keep to the free rate among themselves, in a second window beside the shared one
(replies first, within their share, as above), while paid sends take the rest of the rate.

When Telegram answers 429 anyway, `Pacer.call` waits `retry_after` and makes the same request
again. A 429 for a send into a group or channel pauses that chat only: the chat's own limit
(twenty a minute) is the likely cause, its `retry_after` can be tens of seconds, and pausing
every send for it would let one group stall the broadcast and every other reader. Any other 429
(a private chat, a call with no chat) pauses every send, replies and broadcasts alike, as PTB's
AIORateLimiter does: a private chat takes bursts (a long /read), so the overall limit is the
likely cause there, and only a pause of everything keeps clear of it.
Requests made while handling an update are also made again after transient failures
(bot/telegram/retries.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, Final, TypeVar

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.limits import (
    GROUP_CHAT_BURST,
    GROUP_CHAT_INTERVAL,
    HEADROOM,
    LATE_DEPARTURE,
    MAX_FLOOD_WAITS,
    PACED_CHATS_KEPT,
    PRIVATE_CHAT_INTERVAL,
    ROUND_TRIPS_KEPT,
    WINDOW_MARGIN,
)
from bot.metrics import Metrics
from bot.telegram.reply_budget import ReplyBudget, charged_for
from bot.telegram.retries import with_retries

T = TypeVar("T")

# Sending methods that count against the limits; reads and edits of our own messages do not.
_COUNTED: Final = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage"})
# Long polling only receives; holding it during a pause would only delay reading updates.
_NEVER_PAUSED: Final = frozenset({"getUpdates"})
# Made once at start-up, where bot/startup.py retries them with its own backoff and log lines;
# retrying them here too would multiply the tries.
_RETRIED_AT_STARTUP: Final = frozenset({"getMe", "setMyCommands", "deleteWebhook"})
# How far ahead of its pace a group's sends may run: the burst after the first send.
_GROUP_AHEAD: Final = GROUP_CHAT_INTERVAL * (GROUP_CHAT_BURST - 1)


def in_group(chat_id: int) -> bool:
    """Whether a chat is a group, supergroup or channel (negative id), not a private chat."""
    return chat_id < 0


def retry_seconds(error: RetryAfter) -> float:
    """Telegram's `retry_after` in seconds, whichever type this PTB version gives it."""
    with warnings.catch_warnings():
        # PTB 22 warns that the int will become a timedelta; we accept both.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        delay = error.retry_after
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)


class Pacer:
    """A shared schedule of send slots at `rate` per second, and each reader's reply budget.

    `reply_share` (0-1] is the part of the rate replies may take while a round is running.
    `free_rate`, when given and below `rate`, makes the broadcast paid: what cannot be paid for
    (replies, `wait_for_slot(paid=False)`) keeps to `free_rate`.
    """

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        *,
        reply_share: float = 1.0,
        free_rate: float | None = None,
    ) -> None:
        self.rate = rate
        self.paid = free_rate is not None and rate > free_rate
        unpaid_rate = free_rate if free_rate is not None and self.paid else rate
        self.budget = ReplyBudget(clock)
        self._interval = 1.0 / (rate * HEADROOM)
        self._unpaid_interval = 1.0 / (unpaid_rate * HEADROOM)
        # Actual times of the latest unpaid sends, when they have a window of their own.
        self._unpaid: deque[float] | None = (
            deque(maxlen=max(1, math.floor(unpaid_rate))) if self.paid else None
        )
        self._unpaid_next = 0.0
        self._unpaid_turn = asyncio.Lock()
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._paused_until = 0.0
        # Actual times of the latest sends, as many as one second may hold.
        self._recent: deque[float] = deque(maxlen=max(1, math.floor(rate)))
        # When each chat may take its next send (a group: after the burst it has left).
        self._chat_ready: dict[int, float] = {}
        # Replies into one group wait for it in arrival order.
        self._chat_turns: dict[int, _Turn] = {}
        # Replies waiting for a slot take them in this lock's order (asyncio's locks are fair).
        self._reply_turn = asyncio.Lock()
        self._replies_waiting = 0
        self._reply_slot = -math.inf  # when the latest reply was due to go
        # Actual times of the latest replies, as many as their share of one second holds.
        self._replies: deque[float] = deque(maxlen=max(1, math.floor(unpaid_rate * reply_share)))
        self._broadcasts_waiting = 0
        self._broadcast_sent = -math.inf
        self._trips: deque[float] = deque(maxlen=ROUND_TRIPS_KEPT)

    async def wait_for_slot(self, chat_id: int, chat_kind: str, *, paid: bool = False) -> float:
        """Wait until a broadcast request may go to this chat, and take that slot: a send
        (`paid` when the pacer is), or an edit or deletion (never paid). The slot's time is
        returned: pass it to `answered` once Telegram answered, as for replies. A busy loop
        makes requests leave late, and at 1,000 a second the window has no room for that: a
        3,000-alert round against Telegram's limits met 15-31 429s without it, none with it
        (docs/BENCHMARKS.md part 11)."""
        self._broadcasts_waiting += 1
        try:
            if self.paid and not paid:
                sent_at = await self._unpaid_slot(chat_id, chat_kind)
            else:
                sent_at = await self._broadcast_slot(chat_id, chat_kind)
        finally:
            self._broadcasts_waiting -= 1
        self._broadcast_sent = self._clock()
        return sent_at

    async def _unpaid_slot(self, chat_id: int, chat_kind: str) -> float:
        """An unpaid request beside a paid broadcast: it waits for its chat, then for the free
        rate's room, one at a time in arrival order (woken together at each opening, all but
        one would wake for nothing). Like a reply, it then goes ahead of the paid sends queued
        for slots: at most the free rate of them, they only push the broadcast back a little."""
        while True:
            await self._wait_for_chat(chat_id)
            async with self._unpaid_turn:
                waited = False
                while True:
                    now = self._clock()
                    ready = max(self._paused_until, self._unpaid_opens(), self._window_opens())
                    if ready <= now:
                        break
                    waited = True
                    await self._sleep(ready - now)
                if self._chat_ready_at(chat_id) > now:
                    continue  # a send to the chat took its turn meanwhile: wait for it again
                self._recent.append(now)
                # Having waited, it was due at the opening it waited for (`ready`).
                self._take_unpaid(now, due=ready if waited else now)
                self._next_slot = max(self._next_slot, now) + self._interval
                self._take_chat_slot(chat_id, group=chat_kind != "private")
                return now

    async def _broadcast_slot(self, chat_id: int, chat_kind: str) -> float:
        while True:
            now = self._clock()
            ready = max(self._chat_ready_at(chat_id), self._paused_until)
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
            if self._clock() < self._chat_ready_at(chat_id):
                # Another send to this chat (a retry, the next alert, a reply) took its slot
                # while we slept: the chat's gap must hold now, when the slot is taken; this
                # one is void.
                continue
            sent_at = self._clock()
            self._recent.append(sent_at)
            self._take_chat_slot(chat_id, group=chat_kind != "private")
            return sent_at

    async def wait_for_reply_slot(self, chat_id: int | None = None) -> float:
        """Wait until a reply into `chat_id` may go, and take that slot (its time is returned):
        at once while the second has room, else in arrival order as slots free, ahead of any
        broadcast send. Into a group or channel, only once the chat is ready for it."""
        group = chat_id if chat_id is not None and in_group(chat_id) else None
        async with self._chat_turn(group):
            while True:
                if group is not None:
                    await self._wait_for_chat(group)
                sent = await self._queue_for_slot(group)
                if sent is not None:
                    return sent

    @contextlib.asynccontextmanager
    async def _chat_turn(self, group: int | None) -> AsyncIterator[None]:
        """Replies into one group wait for it one after another, in arrival order (asyncio's
        locks are fair); the group's lock is forgotten once no reply holds or wants it."""
        if group is None:
            yield
            return
        turn = self._chat_turns.setdefault(group, _Turn())
        turn.holders += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.holders -= 1
            if not turn.holders:
                del self._chat_turns[group]

    async def _wait_for_chat(self, chat_id: int) -> None:
        """Return once the chat may take a send (its pace, or a 429 pause of it alone)."""
        while (ready := self._chat_ready_at(chat_id)) > (now := self._clock()):
            await self._sleep(ready - now)

    async def _queue_for_slot(self, group: int | None) -> float | None:
        """Queue for a reply's slot and take it; None, with no slot taken, if the group the
        reply goes to stopped being ready meanwhile (a broadcast send took its turn, or a 429
        paused it): the reply then waits for the group again, out of the queue."""
        self._replies_waiting += 1
        try:
            # Queued replies go one interval apart, like the broadcast: sent each the moment its
            # place in the window frees, they would mirror a burst a second later, and a few
            # milliseconds of network jitter would then put 31 sends in Telegram's second.
            spaced = self._reply_turn.locked()
            async with self._reply_turn:
                while True:
                    now = self._clock()
                    ready = max(self._paused_until, self._room_after(0), self._unpaid_room(0))
                    if self._round_running(now):
                        ready = max(ready, self._share_opens())
                    if spaced or ready > now:
                        spaced = True
                        ready = max(ready, self._reply_slot + self._unpaid_interval)
                    if ready <= now:
                        break
                    await self._sleep(ready - now)
                if group is not None and self._chat_ready_at(group) > now:
                    return None
                self._recent.append(now)
                self._replies.append(now)
                # Spaced from the slot it was given, not from when it woke: timer lateness under
                # load would otherwise add up over a long queue (1 s over 270 replies, measured).
                self._reply_slot = ready if spaced else now
                if self._unpaid is not None:
                    self._take_unpaid(now, due=self._reply_slot)
                # The broadcast's next slot moves back too, so its spacing starts after the reply.
                self._next_slot = max(self._next_slot, now) + self._interval
                if group is not None:
                    self._take_chat_slot(group, group=True)
                return now
        finally:
            self._replies_waiting -= 1

    def answered(self, sent_at: float) -> None:
        """Telegram answered the reply or broadcast request sent at `sent_at`: count a late
        departure in the window.

        A burst of updates keeps the event loop busy, and a reply whose slot came then may leave
        tens of milliseconds later (80 ms measured at the start of 300 /latest at once). The reply
        a second later, sent at once from a calm loop, would then reach Telegram less than a
        second after it: a 429. A round trip longer than the fastest recent one shows how late
        the request left, at most; the send moves that much later in the window.
        """
        trip = self.note_answer(sent_at)
        late = trip - min(self._trips)
        if late < LATE_DEPARTURE:
            return
        _move_later(self._recent, sent_at, sent_at + late)
        if self._unpaid is not None:
            _move_later(self._unpaid, sent_at, sent_at + late)

    def note_answer(self, sent_at: float) -> float:
        """A request made at `sent_at` was answered: its round trip (returned) joins the recent
        ones, whose fastest tells how late a reply left. Calls at start-up (getMe, the menus)
        give the fastest before the first burst of replies, which has no calm reply before it."""
        trip = self._clock() - sent_at
        self._trips.append(trip)
        return trip

    def now(self) -> float:
        """The pacer's clock."""
        return self._clock()

    def _round_running(self, now: float) -> bool:
        """Whether the broadcast wants slots: a send waits for one, or one went a second ago."""
        return self._broadcasts_waiting > 0 or now - self._broadcast_sent < 1.0

    def _share_opens(self) -> float:
        """When one more reply fits in the replies' share of the last second."""
        replies = self._replies
        assert replies.maxlen is not None
        if len(replies) < replies.maxlen:
            return 0.0
        return replies[0] + 1.0 + WINDOW_MARGIN

    def _share_left(self) -> int:
        """How many more replies the share lets go now."""
        now = self._clock()
        assert self._replies.maxlen is not None
        recent = sum(1 for sent in self._replies if sent + 1.0 + WINDOW_MARGIN > now)
        return self._replies.maxlen - recent

    def _window_opens(self) -> float:
        """When a broadcast send may go: once the replies waiting now, as many as their share
        lets go, have had their slots."""
        waiting = self._replies_waiting
        if waiting:  # the share's sends are counted only then: mostly no reply waits
            waiting = min(waiting, self._share_left())
        if not waiting:
            return self._room_after(0)
        spaced_out = self._reply_slot + self._interval * (waiting + 1)
        return max(self._room_after(waiting), spaced_out)

    def _room_after(self, ahead: int, window: deque[float] | None = None) -> float:
        """When one more send fits in the window after `ahead` others took the first openings.

        The window (the shared one unless given) holds the last sends, as many as one second
        may; a place opens when its oldest send is a full second plus margin old.
        """
        span = 1.0 + WINDOW_MARGIN
        recent = self._recent if window is None else window
        assert recent.maxlen is not None
        index = len(recent) + ahead - recent.maxlen
        if index < 0:
            return 0.0
        if index < len(recent):
            return recent[index] + span
        # More replies wait than a second holds: they fill at least the next second.
        return max(self._clock(), self._paused_until) + span

    def _unpaid_room(self, ahead: int) -> float:
        """When one more unpaid send fits in the free rate's window after `ahead` others took
        the first openings (0 with no such window: the shared one is the free rate's)."""
        if self._unpaid is None:
            return 0.0
        return self._room_after(ahead, self._unpaid)

    def _unpaid_opens(self) -> float:
        """When an unpaid broadcast request (an edit) may go: spaced from the last unpaid send,
        and once the replies waiting now, as many as their share lets go, had the free room."""
        waiting = self._replies_waiting
        if waiting:
            waiting = min(waiting, self._share_left())
        spaced = self._unpaid_next + self._unpaid_interval * waiting
        return max(self._unpaid_room(waiting), spaced)

    def _take_unpaid(self, sent_at: float, *, due: float) -> None:
        """Count an unpaid send in the free rate's window; the next one is spaced from when
        this one was due (timer lateness under load would otherwise add up, as for replies)."""
        assert self._unpaid is not None
        self._unpaid.append(sent_at)
        self._unpaid_next = max(self._unpaid_next, due) + self._unpaid_interval

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: hold every send for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def pause_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram answered 429 for a send into this chat: hold its sends alone for `seconds`
        (after which it resumes at its pace, without a burst)."""
        self._chat_ready[chat_id] = max(self._chat_ready_at(chat_id), self._clock() + seconds)

    async def wait_while_paused(self) -> None:
        """Return once no 429 pause is in force."""
        while (remaining := self._paused_until - self._clock()) > 0:
            await self._sleep(remaining)

    async def call(
        self,
        request: Callable[[], Awaitable[T]],
        *,
        before: Callable[[], Awaitable[None]],
        chat_id: int | None = None,
    ) -> T:
        """Make a Bot API request after `before` (waiting for its slot), waiting out 429s.

        A 429 pauses for Telegram's `retry_after`, then the same request is made again: only
        the chat, for a send into a group or channel (`chat_id`, whose readiness `before` waits
        for), else every send. After MAX_FLOOD_WAITS of them the RetryAfter is raised.
        """
        waits = 0
        while True:
            await before()
            try:
                return await request()
            except RetryAfter as error:
                waits += 1
                if chat_id is not None and in_group(chat_id):
                    self.pause_chat(chat_id, retry_seconds(error))
                else:
                    self.pause(retry_seconds(error))
                if waits >= MAX_FLOOD_WAITS:
                    raise

    def _chat_ready_at(self, chat_id: int) -> float:
        """When the chat may take its next send."""
        return self._chat_ready.get(chat_id, -math.inf)

    def _take_chat_slot(self, chat_id: int, *, group: bool) -> None:
        """Count a send into the chat now: each send is owed the chat's interval, which a
        group's sends may run up to a burst ahead of (a generic cell rate algorithm)."""
        now = self._clock()
        if group:
            interval, ahead = GROUP_CHAT_INTERVAL, _GROUP_AHEAD
        else:
            interval, ahead = PRIVATE_CHAT_INTERVAL, 0.0
        self._chat_ready[chat_id] = max(self._chat_ready_at(chat_id), now - ahead) + interval
        if len(self._chat_ready) > PACED_CHATS_KEPT:
            # Forget chats that owe nothing: ready since before any burst they could have left.
            kept = {c: t for c, t in self._chat_ready.items() if t + _GROUP_AHEAD > now}
            self._chat_ready = kept


def _move_later(window: deque[float], sent_at: float, departed: float) -> None:
    """A send counted at `sent_at` left at `departed`: move it, keeping the window oldest first."""
    try:
        index = window.index(sent_at)
    except ValueError:
        return  # already out of the window
    del window[index]
    # The later time goes after every send before it.
    while index < len(window) and window[index] <= departed:
        index += 1
    window.insert(index, departed)


class _Turn:
    """One group's replies waiting for it: a fair lock orders them; `holders` counts them."""

    __slots__ = ("holders", "lock")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.holders = 0


class PacingRateLimiter(BaseRateLimiter[str]):
    """PTB's hook on every request the application bot makes: replies, edits, answers, getFile.

    Messages take a reply slot of the shared schedule (`Pacer.wait_for_reply_slot`), into a
    group once it is ready; other calls only wait while a 429 pause of every send is in force.
    Every call is made again after 429s (one answering a message into a group pauses that group
    only) and transient failures. Broadcasts do not pass here: the delivery engine sends with
    its own bot through `Pacer.call`, waiting for per-chat slots. Long polling does not either
    (PTB's ExtBot sends getUpdates around the rate limiter; its updater has its own retry loop).
    """

    def __init__(self, pacer: Pacer, metrics: Metrics | None = None) -> None:
        self.pacer = pacer
        # Replies are counted here, where every one of them passes (GET /metrics).
        self.metrics = metrics or Metrics()

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
        """Send after a reply slot (messages) or any 429 pause (the rest); retry what passes."""
        if endpoint in _NEVER_PAUSED:
            return await callback(*args, **kwargs)
        counted = endpoint in _COUNTED
        # The chat a message goes to; not a channel's @name (never a reader's chat).
        chat_id = data.get("chat_id") if counted else None
        chat = chat_id if isinstance(chat_id, int) else None
        if chat is not None:
            # The reader whose update is being handled (a group's member), if any.
            self.pacer.budget.spend(charged_for(chat))
        sent_at: float | None = None

        async def take_slot() -> None:
            nonlocal sent_at
            if counted:
                sent_at = await self.pacer.wait_for_reply_slot(chat)
            else:
                await self.pacer.wait_while_paused()

        async def send() -> bool | dict[str, Any] | list[dict[str, Any]]:
            started = self.pacer.now()
            answer = await callback(*args, **kwargs)
            if sent_at is not None:
                self.pacer.answered(sent_at)
            else:
                self.pacer.note_answer(started)
            return answer

        def paced() -> Awaitable[bool | dict[str, Any] | list[dict[str, Any]]]:
            return self.pacer.call(send, before=take_slot, chat_id=chat)

        if endpoint in _RETRIED_AT_STARTUP:
            return await paced()
        if not counted:
            return await with_retries(paced, what=endpoint)
        return await self._counted(with_retries(paced, what=endpoint))

    async def _counted(self, reply: Awaitable[T]) -> T:
        """A reply, counted for /metrics: its latency when Telegram took it, else its reason."""
        asked = time.monotonic()
        try:
            answer = await reply
        except TelegramError as error:
            self.metrics.reply_failed(error.message)
            raise
        self.metrics.reply_sent(time.monotonic() - asked)
        return answer
