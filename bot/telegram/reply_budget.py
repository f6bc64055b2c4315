"""Each reader's budget of replies: one reader cannot take the bot's sends for themselves.

Replies go ahead of the broadcast (bot/telegram/flood_control.py), so without a budget one
reader sending /read of a long article every 0.2 s kept a round from going out at all. Each
reader has a token bucket (READER_BUDGET tokens): an update admitted costs one token, and each
message sent in answer one more. Counting both covers the cheap updates (button presses that
only edit or answer) and the costly ones (an article of 13 messages) with one number.

A bucket is kept per `BudgetKey`: in a private chat, the user; in a group, supergroup or
channel, the chat and the member (a button press: the presser). A member who spams a group so
runs out of their own budget, not the group's: the others are still answered. The messages a
handler sends are charged to the key of the update it handles (`charge_replies_to`, set when
the update is admitted and seen by every later handler of it, which PTB runs in the same task);
a message sent outside an update, or into another chat, is charged to that chat's own id.
There is no group-wide bucket: the budget bounds what one reader may ask for, not what a group
may receive. Telegram's own limit per group is a matter of pacing: the broadcast keeps it per
chat, and a 429 from a group is waited out and the request made again (`Pacer.call`).

An update is admitted while a token is left; the messages it causes may run the bucket into
debt, so an article once admitted is always delivered whole. The first update refused is
answered with one "slow down" (`Admission.WARN`); the next are dropped in silence until the
bucket is full again, so a reader who keeps trying hears it once, however long they try.
"""

from __future__ import annotations

import enum
import itertools
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from bot.limits import BUDGETS_KEPT, READER_BUDGET, READER_REFILL_GROUP, READER_REFILL_PRIVATE

BudgetKey = int | tuple[int, int]
"""Whose budget: a private chat's id (its user's), or (chat id, user id) elsewhere."""

# The key of the update being handled in this task, for the messages its handlers send.
_replying_for: ContextVar[BudgetKey | None] = ContextVar("replying_for", default=None)


def budget_key(chat_id: int, chat_type: str, user_id: int) -> BudgetKey:
    """The budget of a user's update in a chat: their own, in a group as in private."""
    return chat_id if chat_type == "private" else (chat_id, user_id)


def charge_replies_to(key: BudgetKey) -> None:
    """Charge the messages sent while handling the current update (this task) to `key`."""
    _replying_for.set(key)


def charged_for(chat_id: int) -> BudgetKey:
    """Whose budget a message sent into this chat now costs: the update's being handled, if
    it came from this chat; else the chat's own (a send outside an update, or elsewhere)."""
    key = _replying_for.get()
    if key is None or _chat_of(key) != chat_id:
        return chat_id
    return key


def _chat_of(key: BudgetKey) -> int:
    return key if isinstance(key, int) else key[0]


class Admission(enum.Enum):
    """What to do with a reader's update."""

    ADMITTED = "admitted"
    WARN = "warn"  # refused: say "slow down", once
    SILENT = "silent"  # refused: the reader was told already


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class ReplyBudget:
    """A token bucket per reader; `clock` is public so that tests can stop time for it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._buckets: dict[BudgetKey, _Bucket] = {}

    def __len__(self) -> int:
        """How many budgets are kept."""
        return len(self._buckets)

    def admit(self, key: BudgetKey) -> Admission:
        """Take a token for an update of this reader, or say why it is refused."""
        bucket = self._bucket(key)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Admission.ADMITTED
        if bucket.warned:
            return Admission.SILENT
        bucket.warned = True
        return Admission.WARN

    def spend(self, key: BudgetKey, messages: int = 1) -> None:
        """Messages were sent for this reader: they cost tokens, into debt if need be."""
        self._bucket(key).tokens -= messages

    def tokens(self, key: BudgetKey) -> float:
        """What is left of this reader's budget now (negative: in debt)."""
        return self._bucket(key).tokens

    def _bucket(self, key: BudgetKey) -> _Bucket:
        """The reader's bucket, refilled up to now (a full one for a reader not seen lately)."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_some()
            bucket = self._buckets[key] = _Bucket(float(READER_BUDGET), now)
            return bucket
        bucket.tokens = _refilled(key, bucket, now)
        bucket.updated = now
        if bucket.tokens >= READER_BUDGET:
            bucket.warned = False  # refilled: the next exhaustion is told again
        return bucket

    def _forget_some(self) -> None:
        """Keep at most BUDGETS_KEPT budgets: full buckets first, then the longest known.

        Forgetting a budget only gives it back full; pruning to half the bound keeps the cost
        of this once per BUDGETS_KEPT / 2 new readers.
        """
        if len(self._buckets) < BUDGETS_KEPT:
            return
        now = self.clock()
        for key, bucket in list(self._buckets.items()):
            if _refilled(key, bucket, now) >= READER_BUDGET:
                del self._buckets[key]
        excess = len(self._buckets) - BUDGETS_KEPT // 2
        for key in list(itertools.islice(self._buckets, max(excess, 0))):
            del self._buckets[key]


def _refilled(key: BudgetKey, bucket: _Bucket, now: float) -> float:
    """The bucket's tokens at `now`: a reader in a group or channel (negative id) refills at
    the group rate, one in private at the private rate."""
    rate = READER_REFILL_GROUP if _chat_of(key) < 0 else READER_REFILL_PRIVATE
    return min(float(READER_BUDGET), bucket.tokens + (now - bucket.updated) * rate)
