"""The update processor: updates of different chats run concurrently, each chat's in order.

PTB hands every update to `BaseUpdateProcessor.process_update`; its own `SimpleUpdateProcessor`
runs them all at once, which lets two messages of one conversation race (a draft's text
overtaking its headline). Here, as in teloxide's default dispatcher, updates share a key when
their order matters, and updates of one key run one at a time in the order Telegram sent them:

- a private chat, and whatever its user does outside chats (inline queries): the user;
- messages and button presses in a group: the group and the member, so members of a busy
  group do not wait for each other while each one's conversation stays in order;
- anything else with a chat (channel posts, the bot added or removed, join requests): the chat;
- updates with neither chat nor user (polls): one shared key.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Chat, Update
from telegram.ext import BaseUpdateProcessor

from bot.limits import UPDATES_ADMITTED, UPDATES_RUNNING
from bot.metrics import Metrics

# Updates of the same member in the same group: messages and presses of a conversation.
_PER_MEMBER_IN_GROUPS = ("message", "edited_message", "callback_query")


def ordering_key(update: object) -> Hashable:
    """The key whose updates must run one after another, in order."""
    if not isinstance(update, Update):
        return ("other",)  # objects put on the update queue by hand: keep them in order too
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return ("user", user.id) if user is not None else ("other",)
    if chat.type == Chat.PRIVATE:
        return ("user", chat.id)  # a private chat's id is its user's id
    if (
        user is not None
        and chat.type in (Chat.GROUP, Chat.SUPERGROUP)
        and any(getattr(update, kind) is not None for kind in _PER_MEMBER_IN_GROUPS)
    ):
        return ("member", chat.id, user.id)
    return ("chat", chat.id)


class _Turns:
    """The updates of one key: a fair lock orders them; `holders` counts those using it."""

    __slots__ = ("holders", "lock")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.holders = 0


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """At most `running` updates at once, across keys; one key's updates strictly in order.

    PTB's own bound (`max_concurrent_updates`, a semaphore around `do_process_update`) counts
    the updates admitted: running, or waiting for an earlier update of their key. It is kept far
    above `running`, so that a chat sending many updates in a row fills only waiting places
    while other chats' updates still get to run.
    """

    def __init__(
        self,
        running: int = UPDATES_RUNNING,
        admitted: int = UPDATES_ADMITTED,
        *,
        metrics: Metrics | None = None,
    ) -> None:
        if not 1 <= running <= admitted:
            raise ValueError("need 1 <= running <= admitted")
        super().__init__(admitted)
        self._metrics = metrics or Metrics()
        self.running = running
        self._slots = asyncio.Semaphore(running)
        self._turns: dict[Hashable, _Turns] = {}

    @property
    def keys_in_use(self) -> int:
        """Keys with an update running or waiting (idle keys are forgotten)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update once every earlier update of its key is done and a slot is free.

        PTB calls this in the order updates arrived (its semaphore is fair, and it admits far
        more than run), and the key's lock is fair, so one key's updates start in that order.
        """
        self._metrics.update_received()
        key = ordering_key(update)
        turns = self._turns.get(key)
        if turns is None:
            turns = self._turns[key] = _Turns()
        turns.holders += 1
        started = False
        try:
            async with turns.lock, self._slots:
                started = True
                await coroutine
                self._metrics.update_processed()
        finally:
            turns.holders -= 1
            if turns.holders == 0:
                del self._turns[key]
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: it never ran, and never will

    async def initialize(self) -> None:
        """Nothing to set up: locks are made as keys appear."""

    async def shutdown(self) -> None:
        """Nothing to release: the application waits for admitted updates before stopping."""
