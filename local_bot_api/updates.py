"""The pending-update queue behind getUpdates, with Telegram's long-polling semantics."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Literal

from local_bot_api.errors import CONFLICT, ApiError
from local_bot_api.models import JSONDict

# What Telegram delivers when allowed_updates was never set (or set to []).
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_Wake = Literal["update", "conflict", "closed"]


class UpdateQueue:
    def __init__(self) -> None:
        self._pending: deque[tuple[int, str, JSONDict]] = deque()
        self._next_id = 1
        self._poller: asyncio.Future[_Wake] | None = None
        self.allowed_updates: frozenset[str] | None = None
        self.delivered = 0
        # Set on every push: a webhook's delivery waits on it (getUpdates has its poller).
        self._pushed = asyncio.Event()

    def __len__(self) -> int:
        return len(self._pending)

    def push(self, kind: str, payload: JSONDict) -> JSONDict:
        update_id = self._next_id
        self._next_id += 1
        update: JSONDict = {"update_id": update_id, kind: payload}
        self._pending.append((update_id, kind, update))
        self._wake("update")
        self._pushed.set()
        return update

    def push_raw(self, update: JSONDict) -> JSONDict:
        """Queue a caller-built update, assigning its update_id."""
        kinds = [key for key in update if key != "update_id"]
        if len(kinds) != 1:
            raise ValueError("an update has exactly one field besides update_id")
        return self.push(kinds[0], update[kinds[0]])

    def clear(self) -> None:
        self._pending.clear()

    def set_allowed(self, allowed_updates: list[str] | None) -> None:
        """allowed_updates as getUpdates and setWebhook take it: None keeps the last choice."""
        if allowed_updates is not None:
            self.allowed_updates = frozenset(allowed_updates) if allowed_updates else None

    def deliverable(self) -> list[tuple[int, JSONDict]]:
        """The pending updates a webhook may be sent, in order, still pending until removed."""
        return [
            (update_id, update)
            for update_id, kind, update in self._pending
            if self._deliverable(kind)
        ]

    def remove(self, update_id: int) -> None:
        """A webhook accepted this update: it is delivered."""
        for index, (pending_id, _, _) in enumerate(self._pending):
            if pending_id == update_id:
                del self._pending[index]
                self.delivered += 1
                return

    async def changed(self) -> None:
        """Wait for the next update pushed."""
        self._pushed.clear()
        await self._pushed.wait()

    def close(self) -> None:
        """Release a waiting long poll (server shutdown)."""
        self._wake("closed")

    def _wake(self, reason: _Wake) -> None:
        poller = self._poller
        if poller is not None and not poller.done():
            poller.set_result(reason)

    def _confirm(self, offset: int) -> None:
        pending = self._pending
        if offset > 0:
            while pending and pending[0][0] < offset:
                pending.popleft()
        elif offset < 0:
            # A negative offset keeps only the last -offset updates.
            while len(pending) > -offset:
                pending.popleft()

    def _deliverable(self, kind: str) -> bool:
        if self.allowed_updates is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self.allowed_updates

    def _take(self, limit: int) -> list[JSONDict]:
        batch: list[JSONDict] = []
        dropped = False
        for _, kind, update in self._pending:
            if not self._deliverable(kind):
                dropped = True
                continue
            batch.append(update)
            if len(batch) >= limit:
                break
        if dropped:
            # Telegram never delivers filtered-out updates; dropping them keeps polls O(batch).
            self._pending = deque(item for item in self._pending if self._deliverable(item[1]))
        return batch

    async def get(
        self,
        offset: int,
        limit: int,
        poll_seconds: float,
        allowed_updates: list[str] | None,
    ) -> list[JSONDict]:
        self.set_allowed(allowed_updates)
        self._confirm(offset)
        limit = min(max(limit, 1), 100)
        # A newer request always wins; the one it replaces is answered with 409 like Telegram.
        self._wake("conflict")
        loop = asyncio.get_running_loop()
        wake_up: asyncio.Future[_Wake] = loop.create_future()
        self._poller = wake_up
        deadline = time.monotonic() + max(poll_seconds, 0.0)
        try:
            while True:
                batch = self._take(limit)
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0:
                    self.delivered += len(batch)
                    return batch
                try:
                    async with asyncio.timeout(remaining):
                        reason = await asyncio.shield(wake_up)
                except TimeoutError:
                    return []
                if reason == "conflict":
                    raise ApiError(409, CONFLICT)
                if reason == "closed":
                    return []
                wake_up = loop.create_future()
                self._poller = wake_up
        finally:
            if self._poller is wake_up:
                self._poller = None
