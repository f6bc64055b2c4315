"""The heartbeat: written only while nothing is wrong, judged by its age, and what counts as a
stall of polling or delivery."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from bot import health
from bot.health import (
    Heartbeat,
    check_heartbeat,
    delivery_problem,
    polling_problem,
    write_heartbeat,
)


def test_a_fresh_heartbeat_passes_and_an_old_one_fails_saying_how_old(tmp_path: Path) -> None:
    path = tmp_path / "heartbeat"
    write_heartbeat(path, 1000.0)
    assert check_heartbeat(path, 30, now=1029.0) is None
    problem = check_heartbeat(path, 30, now=1100.0)
    assert problem is not None and "100 s old" in problem and str(path) in problem
    assert os.listdir(tmp_path) == ["heartbeat"]  # written through a temporary file, renamed


@pytest.mark.parametrize(
    ("content", "expected"), [(None, "no heartbeat"), ("not a time\n", "holds no time")]
)
def test_a_missing_or_garbled_heartbeat_fails(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "heartbeat"
    if content is not None:
        path.write_text(content, encoding="ascii")
    problem = check_heartbeat(path, 30, now=time.time())
    assert problem is not None and expected in problem


def test_polling_has_stalled_when_stopped_or_unanswered_for_too_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(health, "POLLING_STALL_AFTER", 60.0)
    assert polling_problem(True, 59.0, "NetworkError: down") is None
    assert polling_problem(False, 0.0, None) == "polling has stopped"
    problem = polling_problem(True, 61.0, "HTTP 409")
    assert problem == "getUpdates not answered for 61 s (last error: HTTP 409)"


def test_delivery_has_stalled_only_after_failing_for_longer_than_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(health, "DELIVERY_STALL_AFTER", 120.0)
    assert delivery_problem(None, now=5000.0) is None
    assert delivery_problem(5000.0 - 119, now=5000.0) is None
    assert delivery_problem(5000.0 - 121, now=5000.0) == "delivery stalled for 121 s"


async def test_the_heartbeat_is_written_only_while_healthy_and_changes_are_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.health")
    silent = iter(range(61, 100))
    polling_stopped = False

    def problems() -> list[str]:
        # The wording changes from beat to beat, as a real one does: still one log line.
        return [f"getUpdates not answered for {next(silent)} s"] if polling_stopped else []

    heartbeat = Heartbeat(tmp_path / "run" / "heartbeat", problems)
    heartbeat.prepare()
    await heartbeat.beat()
    assert check_heartbeat(heartbeat.path, 5, now=time.time()) is None

    write_heartbeat(heartbeat.path, 1.0)  # as if written long ago
    polling_stopped = True
    await heartbeat.beat()
    await heartbeat.beat()
    assert heartbeat.path.read_text(encoding="ascii").strip() == "1.000"  # not refreshed

    polling_stopped = False
    await heartbeat.beat()
    assert check_heartbeat(heartbeat.path, 5, now=time.time()) is None
    assert [r.getMessage() for r in caplog.records] == [
        "Unhealthy, heartbeat paused: getUpdates not answered for 61 s",
        "Healthy again, heartbeat resumed",
    ]
    heartbeat.stop()
    assert not heartbeat.path.exists()
    polling_stopped = True  # as when the updater stops during shutdown
    await heartbeat.beat()
    polling_stopped = False
    await heartbeat.beat()
    assert not heartbeat.path.exists()  # a stopped heartbeat neither writes nor warns
    assert len(caplog.records) == 2


def test_prepare_removes_a_heartbeat_left_by_an_earlier_run(tmp_path: Path) -> None:
    heartbeat = Heartbeat(tmp_path / "heartbeat", list)
    write_heartbeat(heartbeat.path, time.time())
    heartbeat.prepare()
    assert not heartbeat.path.exists()
