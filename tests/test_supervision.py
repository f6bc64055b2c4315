"""Supervised loops: a loop that dies is logged, counted and restarted; stop ends them all."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot import supervision
from bot.supervision import Supervisor


async def test_a_dying_loop_is_logged_and_restarted_until_it_runs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(supervision, "RESTART_BACKOFF_FIRST", 0.01)
    runs = 0
    healthy = asyncio.Event()

    async def flaky() -> None:
        nonlocal runs
        runs += 1
        if runs <= 2:
            raise OSError("database is locked")
        healthy.set()
        await asyncio.Event().wait()

    supervisor = Supervisor("delivery")
    supervisor.start("feeder", flaky)
    await asyncio.wait_for(healthy.wait(), timeout=10)
    [trouble] = supervisor.troubles()
    assert (trouble.kind, trouble.restarts) == ("feeder", 2)
    assert trouble.last_error == "OSError: database is locked"
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "delivery feeder died; restarting in 0.0 s",
        "delivery feeder died; restarting in 0.0 s",
    ]
    assert all(r.exc_info for r in caplog.records if r.levelno == logging.ERROR)
    await supervisor.stop()


async def test_a_loop_that_returns_counts_as_dead_and_stop_cancels_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(supervision, "RESTART_BACKOFF_FIRST", 0.01)
    returned = 0
    cancelled = asyncio.Event()

    async def returns() -> None:
        nonlocal returned
        returned += 1

    async def runs_forever() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    supervisor = Supervisor("test")
    supervisor.start("quitter", returns)
    supervisor.start("worker", runs_forever)
    for _ in range(1000):
        if returned >= 2:
            break
        await asyncio.sleep(0.01)
    assert returned >= 2
    assert [t.kind for t in supervisor.troubles()] == ["quitter"]
    assert "returned" in supervisor.troubles()[0].last_error
    await supervisor.stop()
    assert cancelled.is_set()
    count = returned
    await asyncio.sleep(0.05)
    assert returned == count  # nothing restarts after stop


async def test_a_loop_failing_without_progress_is_stalled_until_it_gets_work_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(supervision, "RESTART_BACKOFF_FIRST", 0.01)
    storage_down = True
    did_work = asyncio.Event()
    supervisor = Supervisor("delivery")

    async def feeder() -> None:
        while True:
            if storage_down:
                raise OSError("disk I/O error")
            supervisor.progress("feeder")
            did_work.set()
            await asyncio.sleep(0.01)

    assert supervisor.stalled_since() is None
    supervisor.start("feeder", feeder)
    for _ in range(1000):
        if supervisor.troubles() and supervisor.troubles()[0].restarts >= 3:
            break
        await asyncio.sleep(0.01)
    since = supervisor.stalled_since()
    assert since is not None
    assert supervisor.troubles()[0].failing_since == since  # the streak's first failure
    storage_down = False
    await asyncio.wait_for(did_work.wait(), timeout=10)
    assert supervisor.stalled_since() is None
    await supervisor.stop()


async def test_stop_cancels_idle_tasks_at_once_and_lets_a_busy_one_finish() -> None:
    supervisor = Supervisor("test")
    in_request = asyncio.Event()
    answer = asyncio.Event()
    idle_cancelled = asyncio.Event()
    answered: list[str] = []

    async def sender() -> None:
        while not supervisor.stopping:
            with supervisor.busy():
                in_request.set()
                await answer.wait()
            answered.append("answer")

    async def idle() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            idle_cancelled.set()

    supervisor.start("sender", sender)
    supervisor.start("idle", idle)
    await asyncio.wait_for(in_request.wait(), timeout=10)
    stopping = asyncio.create_task(supervisor.stop(grace=60))
    await asyncio.wait_for(idle_cancelled.wait(), timeout=10)
    assert not stopping.done() and answered == []  # the busy one is not cut short
    answer.set()
    assert await asyncio.wait_for(stopping, timeout=10) == 0
    assert answered == ["answer"]  # it finished, then saw `stopping` and took nothing more
    assert supervisor.troubles() == []  # ending as asked is not dying


async def test_a_busy_task_that_outlasts_the_grace_is_cancelled() -> None:
    supervisor = Supervisor("test")
    in_request = asyncio.Event()
    cancelled = asyncio.Event()

    async def hangs() -> None:
        with supervisor.busy():
            in_request.set()
            try:
                await asyncio.Event().wait()
            finally:
                cancelled.set()

    supervisor.start("sender", hangs)
    await asyncio.wait_for(in_request.wait(), timeout=10)
    assert await asyncio.wait_for(supervisor.stop(grace=0.05), timeout=10) == 1
    assert cancelled.is_set()


async def test_a_loop_that_dies_while_stopping_is_logged_and_not_restarted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor = Supervisor("test")
    in_request = asyncio.Event()
    answer = asyncio.Event()
    runs = 0

    async def fails_after_its_request() -> None:
        nonlocal runs
        runs += 1
        with supervisor.busy():
            in_request.set()
            await answer.wait()
        raise OSError("disk I/O error")

    supervisor.start("recorder", fails_after_its_request)
    await asyncio.wait_for(in_request.wait(), timeout=10)
    stopping = asyncio.create_task(supervisor.stop(grace=60))
    await asyncio.sleep(0)
    answer.set()
    assert await asyncio.wait_for(stopping, timeout=10) == 0
    assert runs == 1
    [trouble] = supervisor.troubles()
    assert trouble.last_error == "OSError: disk I/O error"
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "test recorder died while stopping"
    ]
