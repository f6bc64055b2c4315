"""What a paced request of the engine's may end in besides Telegram's own errors, and the
shape of the engine's one way of making requests (`Paced`), shared by every kind of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

_T = TypeVar("_T")


class Stopping(Exception):
    """The engine is stopping: the work in hand is not done (any more); `stop` gives it back."""


class Transient(Exception):
    """A 5xx, timeout or connection failure met TRANSIENT_TRIES times (or once while stopping)."""

    def __init__(self, message: str, *, stopping: bool) -> None:
        super().__init__(message)
        self.message = message
        self.stopping = stopping


class Paced(Protocol):
    """One request through the pacer, tried again after transient failures (the engine's
    `_paced`). Raises RetryAfter (the pacer gave up), ChatMigrated, Forbidden, BadRequest,
    `Transient`, `Stopping`."""

    async def __call__(
        self,
        chat_id: int,
        chat_kind: str,
        request: Callable[[], Awaitable[_T]],
        *,
        paid: bool = False,
    ) -> _T: ...
