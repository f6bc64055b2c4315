"""The heartbeat of the running bot: fresh while it polls and delivers, stale once polling or
delivery stalls, fresh again when they recover; `python -m bot healthcheck` reads it."""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot import health, supervision
from bot.health import check_heartbeat, write_heartbeat
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    READER_ID,
    ROOT,
    ClaimOutage,
    ask,
    bot_environment,
    eventually,
    make_settings,
    running_bot,
    services_of,
    start_bot_process,
    stop_bot_process,
)

# The beat comes every 0.05 s here; a heartbeat older than this has stopped being refreshed.
MAX_AGE = 1.0


def fresh(path: Path) -> bool:
    return check_heartbeat(path, MAX_AGE, time.time()) is None


def stale(path: Path) -> bool:
    return not fresh(path)


def written_at(path: Path) -> float:
    return float(path.read_text(encoding="ascii"))


@pytest.fixture
async def watched_app(
    api: LocalBotApi, database: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Any]:
    monkeypatch.setattr(health, "HEARTBEAT_INTERVAL", 0.05)
    # Above running_bot's 1 s long poll: an idle poll is answered once a second.
    monkeypatch.setattr(health, "POLLING_STALL_AFTER", 2.5)
    monkeypatch.setattr(health, "DELIVERY_STALL_AFTER", 0.3)
    monkeypatch.setattr(supervision, "RESTART_BACKOFF_FIRST", 0.05)
    async with running_bot(make_settings(api, database)) as application:
        yield application


def heartbeat_path(application: Any) -> Path:
    path: Path = services_of(application).settings.heartbeat_path
    return path


async def test_a_healthy_bot_keeps_its_heartbeat_fresh_next_to_the_database(
    watched_app: Any, database: Path
) -> None:
    path = heartbeat_path(watched_app)
    assert path == database.parent / "heartbeat"
    await eventually(lambda: fresh(path), "a fresh heartbeat")
    first = written_at(path)
    await eventually(lambda: written_at(path) > first, "the heartbeat rewritten")
    assert fresh(path)


async def test_stopped_polling_stops_the_heartbeat(
    watched_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.health")
    path = heartbeat_path(watched_app)
    await eventually(lambda: fresh(path), "a fresh heartbeat")
    await watched_app.updater.stop()
    await eventually(lambda: stale(path), "the heartbeat no longer refreshed")
    assert any("polling has stopped" in r.getMessage() for r in caplog.records)


async def test_unanswered_polling_stops_the_heartbeat_until_it_is_answered_again(
    watched_app: Any, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    path = heartbeat_path(watched_app)
    await eventually(lambda: fresh(path), "a fresh heartbeat")
    # Four failed polls: PTB waits 1, 1.5, 2.25 and 3.4 s before the next tries.
    api.fail_next("getUpdates", status=500, count=4)
    await eventually(lambda: stale(path), "the heartbeat no longer refreshed")
    assert any("getUpdates not answered" in r.getMessage() for r in caplog.records)
    assert any("Polling for updates failed" in r.getMessage() for r in caplog.records)
    await eventually(lambda: fresh(path), "the heartbeat refreshed again", timeout=20)
    [hello] = await ask(api, READER_ID, "/start")
    assert "Hello" in hello.text


async def test_stalled_delivery_stops_the_heartbeat_until_delivery_recovers(
    watched_app: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.health")
    path = heartbeat_path(watched_app)
    await eventually(lambda: fresh(path), "a fresh heartbeat")
    outage = ClaimOutage(watched_app, monkeypatch)
    engine = services_of(watched_app).delivery
    await eventually(lambda: engine.stalled_since() is not None, "delivery reported stalled")
    await eventually(lambda: stale(path), "the heartbeat no longer refreshed")
    assert any("delivery stalled" in r.getMessage() for r in caplog.records)
    outage.end()
    await eventually(lambda: engine.stalled_since() is None, "delivery recovered", timeout=30)
    await eventually(lambda: fresh(path), "the heartbeat refreshed again")


async def healthcheck(env: dict[str, str], cwd: Path, *arguments: str) -> tuple[int, str]:
    """`python -m bot healthcheck` as a container runs it: exit status and output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "healthcheck",
        *arguments,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_healthcheck_command_passes_while_the_bot_runs_and_fails_once_it_stopped(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    heartbeat = tmp_path / "health" / "beat"
    # What the container's HEALTHCHECK has: the same environment, BOT_TOKEN not needed.
    env = bot_environment(api, database, HEALTH_FILE=str(heartbeat))
    del env["BOT_TOKEN"]
    process = await start_bot_process(
        api, database, tmp_path, capture_output=True, HEALTH_FILE=str(heartbeat)
    )
    try:
        [hello] = await ask(api, READER_ID, "/start", timeout=20)
        assert "Hello" in hello.text
        status, output = await healthcheck(env, tmp_path)
        assert status == 0, output
        assert "healthy" in output
    finally:
        print((await stop_bot_process(process)).decode())
    status, output = await healthcheck(env, tmp_path)
    assert status == 1
    assert output.strip().splitlines() == [
        f"newsbot: unhealthy: no heartbeat at {heartbeat}: "
        "the bot is not running, or has not started yet"
    ]


async def test_healthcheck_command_fails_on_an_old_heartbeat_saying_how_old(
    tmp_path: Path,
) -> None:
    heartbeat = tmp_path / "beat"
    await asyncio.to_thread(write_heartbeat, heartbeat, time.time() - 100)
    env = {"PATH": "", "PYTHONPATH": str(ROOT)}  # nothing of the bot's configuration
    status, output = await healthcheck(env, tmp_path, "--file", str(heartbeat), "--max-age", "30")
    assert status == 1
    [line] = output.strip().splitlines()
    expected = rf"the heartbeat at {re.escape(str(heartbeat))} is 10\d s old \(more than 30 s\)"
    assert re.match("newsbot: unhealthy: " + expected, line), line
    status, output = await healthcheck(env, tmp_path, "--file", str(heartbeat), "--max-age", "300")
    assert status == 0, output
