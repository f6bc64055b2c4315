"""The process as a whole: restarts keep data, `python -m bot` runs, bad config, errors, secrets."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ROOT,
    TOKEN,
    bot_environment,
    make_settings,
    running_bot,
    services,
)


async def test_restart_keeps_articles_and_views(api: LocalBotApi, database: Path) -> None:
    settings = make_settings(api, database)
    async with running_bot(settings):
        api.send_text(
            EDITOR_ID,
            "/post Survives restarts\nStill here.",
            entities=[{"type": "bot_command", "offset": 0, "length": 5}],
        )
        await api.wait_for(lambda m: m.chat_id == EDITOR_ID and "/read_" in m.text, timeout=10)
        api.send_command(READER_ID, "/read 1")
        await api.wait_for(lambda m: m.chat_id == READER_ID and "👁 1" in m.text, timeout=10)
    async with running_bot(settings) as app:
        api.send_command(READER_ID, "/read 1")
        again = await api.wait_for(lambda m: m.chat_id == READER_ID and "👁 2" in m.text, timeout=10)
        assert "Still here." in again.text
        assert await services(app).storage.database.schema_version() >= 1


async def test_unexpected_error_is_logged_with_update_and_user_gets_a_generic_reply(
    app: Any, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    await services(app).storage.close()  # the next /read fails inside storage
    caplog.set_level(logging.ERROR)
    api.send_command(READER_ID, "/read 1")
    reply = await api.wait_for(lambda m: m.chat_id == READER_ID, timeout=10)
    assert "something went wrong" in reply.text
    assert "Traceback" not in reply.text and "sqlite" not in reply.text.lower()
    assert any(
        "Error while handling an update" in r.getMessage() and "/read 1" in r.getMessage()
        for r in caplog.records
    )


async def test_python_m_bot_polls_answers_and_never_logs_the_token(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=bot_environment(api, database, LOG_LEVEL="DEBUG"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        api.send_command(READER_ID, "/start")
        hello = await api.wait_for(lambda m: m.chat_id == READER_ID, timeout=20)
        assert "Hello" in hello.text
    finally:
        process.send_signal(signal.SIGINT)
        try:
            output_bytes, _ = await asyncio.wait_for(process.communicate(), timeout=15)
        except TimeoutError:
            process.kill()
            output_bytes, _ = await process.communicate()
    assert process.returncode == 0
    output = output_bytes.decode()
    assert "newsbot started" in output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "BOT_TOKEN is required"),
        ({"BOT_TOKEN": "1:x", "ADMIN_IDS": "alice"}, "ADMIN_IDS"),
        ({"BOT_TOKEN": "1:x", "TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
        ({"BOT_TOKEN": "1:x", "DEFAULT_LANGUAGE": "fr"}, "DEFAULT_LANGUAGE"),
    ],
)
def test_bad_configuration_stops_with_one_clear_line(
    tmp_path: Path, environment: dict[str, str], expected: str
) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key.upper()
        not in {"BOT_TOKEN", "ADMIN_IDS", "TIMEZONE", "DEFAULT_LANGUAGE", "DATABASE_PATH"}
    }
    env.update(environment, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr
