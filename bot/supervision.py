"""Long-lived background loops that log what kills them and restart, instead of dying silently."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

from bot.limits import RESTART_BACKOFF_FIRST, RESTART_BACKOFF_MAX

logger = logging.getLogger(__name__)

Loop = Callable[[], Coroutine[Any, Any, None]]


@dataclass(slots=True)
class TaskTrouble:
    """How often a kind of task died, and what killed it last (for logs and /stats).

    `failing_since` is set while the task keeps dying without getting any work done in
    between: from its first failure until it reports progress again.
    """

    kind: str
    restarts: int
    last_error: str
    last_failure_at: float
    failing_since: float | None = None


class Supervisor:
    """Runs loops as tasks; a loop that raises is logged and restarted with backoff.

    Tasks of one kind (say the delivery workers) share one entry in `troubles()`. A task may mark
    what it does as `busy()` (a request on its way): `stop` lets that finish, within a grace.
    """

    def __init__(self, owner: str) -> None:
        self._owner = owner
        self._tasks: list[asyncio.Task[None]] = []
        self._troubles: dict[str, TaskTrouble] = {}
        self._busy: set[asyncio.Task[Any]] = set()
        self._stopping = False

    def start(self, kind: str, loop: Loop, *, name: str | None = None) -> None:
        """Run `loop` until stopped, restarting it whenever it raises or returns."""
        task_name = name or f"{self._owner}-{kind}"
        self._tasks.append(asyncio.create_task(self._keep_running(kind, loop), name=task_name))

    @property
    def stopping(self) -> bool:
        """Whether `stop` has begun: a loop should take no new work, and return."""
        return self._stopping

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Mark what the current task does inside this block as not to be cut short by `stop`."""
        task = asyncio.current_task()
        assert task is not None
        self._busy.add(task)
        try:
            yield
        finally:
            self._busy.discard(task)

    async def stop(self, grace: float = 0.0) -> int:
        """Stop every task and wait for them to end; how many were cut short while busy.

        Tasks not `busy()` are cancelled at once. Busy ones finish what they do, then see
        `stopping` and return by themselves; those still running after `grace` seconds are
        cancelled too.
        """
        self._stopping = True
        finishing = [task for task in self._tasks if task in self._busy]
        for task in self._tasks:
            if task not in self._busy:
                task.cancel()
        if finishing and grace > 0:
            await asyncio.wait(finishing, timeout=grace)
        cut_short = [task for task in finishing if not task.done()]
        for task in cut_short:
            task.cancel()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        for result in results:
            if isinstance(result, Exception):  # _keep_running only ends by cancellation
                logger.error("%s task ended with %r", self._owner, result)
        return len(cut_short)

    def troubles(self) -> list[TaskTrouble]:
        """The kinds of task that died at least once since start, most recent first."""
        return sorted(self._troubles.values(), key=lambda t: t.last_failure_at, reverse=True)

    def stalled_since(self) -> float | None:
        """Since when some kind of task has kept failing without progress, if one has."""
        failing = [t.failing_since for t in self._troubles.values() if t.failing_since]
        return min(failing) if failing else None

    def is_failing(self, kind: str) -> bool:
        """Whether tasks of this kind died and have made no progress since."""
        trouble = self._troubles.get(kind)
        return trouble is not None and trouble.failing_since is not None

    def progress(self, kind: str) -> None:
        """A task of this kind got work done: it is not stalled (any more)."""
        trouble = self._troubles.get(kind)
        if trouble is not None and trouble.failing_since is not None:
            logger.warning(
                "%s %s recovered after %.0f s",
                self._owner,
                kind,
                time.time() - trouble.failing_since,
            )
            trouble.failing_since = None

    async def _keep_running(self, kind: str, loop: Loop) -> None:
        backoff = RESTART_BACKOFF_FIRST
        while True:
            started = time.monotonic()
            try:
                await loop()
                if self._stopping:
                    return  # it ended as `stop` asked
                error: BaseException = RuntimeError("the loop returned")
            except Exception as raised:
                error = raised
            self._note(kind, error)
            if self._stopping:  # no restart: stop is waiting for this task to end
                logger.error(
                    "%s %s died while stopping",
                    self._owner,
                    kind,
                    exc_info=(type(error), error, error.__traceback__),
                )
                return
            if time.monotonic() - started > RESTART_BACKOFF_MAX:
                backoff = RESTART_BACKOFF_FIRST  # it had been healthy for a while
            logger.error(
                "%s %s died; restarting in %.1f s",
                self._owner,
                kind,
                backoff,
                exc_info=(type(error), error, error.__traceback__),
            )
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, RESTART_BACKOFF_MAX)

    def _note(self, kind: str, error: BaseException) -> None:
        trouble = self._troubles.get(kind)
        if trouble is None:
            trouble = self._troubles[kind] = TaskTrouble(kind, 0, "", 0.0)
        trouble.restarts += 1
        trouble.last_error = f"{type(error).__name__}: {error}"
        trouble.last_failure_at = time.time()
        if trouble.failing_since is None:
            trouble.failing_since = trouble.last_failure_at
