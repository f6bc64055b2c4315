"""Fixtures: a local Bot API server and the bot running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.settings import Settings
from local_bot_api import LocalBotApi
from tests.e2e.harness import EDITOR_ID, READER_ID, TOKEN, make_settings, running_bot


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi(token=TOKEN, bot_username="newsbot_test_bot") as server:
        server.add_private_chat(EDITOR_ID, first_name="Editor", language_code="en")
        server.add_private_chat(READER_ID, first_name="Reader", language_code="en")
        yield server


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "newsbot.sqlite3"


@pytest.fixture
def settings(api: LocalBotApi, database: Path) -> Settings:
    return make_settings(api, database)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    async with running_bot(settings) as application:
        yield application
