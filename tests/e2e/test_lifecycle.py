"""The process as a whole: restarts keep data, `python -m bot` runs, bad config, errors, secrets."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ROOT,
    TOKEN,
    ask,
    make_settings,
    running_bot,
    services_of,
    start_bot_process,
    stop_bot_process,
)


def newest_migration() -> int:
    """The number of the newest migration the storage package ships."""
    names = [entry.name for entry in resources.files("storage.migrations").iterdir()]
    return max(int(name[:4]) for name in names if re.fullmatch(r"\d{4}_\w+\.sql", name))


async def test_restart_keeps_articles_and_views(api: LocalBotApi, database: Path) -> None:
    settings = make_settings(api, database)
    async with running_bot(settings):
        [confirmation] = await ask(api, EDITOR_ID, "/post Survives restarts\nStill here.")
        match = re.search(r"/read_(\d+)", confirmation.text)
        assert match, confirmation.text
        [first] = await ask(api, READER_ID, f"/read {match.group(1)}")
        assert "👁 1" in first.text
    async with running_bot(settings) as app:
        [again] = await ask(api, READER_ID, f"/read {match.group(1)}")
        assert "Survives restarts" in again.text and "Still here." in again.text
        assert "👁 2" in again.text
        assert await services_of(app).storage.database.schema_version() == newest_migration()


async def test_unexpected_error_is_logged_with_update_and_user_gets_a_generic_reply(
    app: Any, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    await services_of(app).storage.close()  # the next /read fails inside storage
    caplog.set_level(logging.ERROR)
    [reply] = await ask(api, READER_ID, "/read 1")
    assert "something went wrong" in reply.text
    assert "Traceback" not in reply.text and "sqlite" not in reply.text.lower()
    assert any(
        r.getMessage().startswith("Error while handling update")
        and f"user {READER_ID}" in r.getMessage()
        and "command /read" in r.getMessage()
        for r in caplog.records
    )


async def test_python_m_bot_polls_answers_and_never_logs_the_token(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    process = await start_bot_process(api, database, tmp_path, output_file=True, LOG_LEVEL="DEBUG")
    try:
        [hello] = await ask(api, READER_ID, "/start", timeout=20)
        assert "Hello" in hello.text
    finally:
        output = (await stop_bot_process(process)).decode()
        print(output)  # pytest shows it if the test fails
    assert process.returncode == 0
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
