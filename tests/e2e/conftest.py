"""Fixtures: a local Bot API server and the bot running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot import supervision
from bot.settings import Settings
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    SUBSCRIBER_ID,
    TOKEN,
    make_settings,
    running_bot,
)


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


@pytest.fixture
async def supervised_app(
    api: LocalBotApi, database: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Any]:
    """The bot with a short push interval and quick restarts of its delivery tasks, and a
    private chat SUBSCRIBER_ID on the server (not subscribed)."""
    monkeypatch.setattr(supervision, "RESTART_BACKOFF_FIRST", 0.05)
    api.add_private_chat(SUBSCRIBER_ID, first_name="Subscriber")
    async with running_bot(make_settings(api, database, push_interval=0.3)) as application:
        yield application


@pytest.fixture
def quick_group_pace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lift a group's pace (about 20 messages a minute) for tests that send many messages
    into one group about something else (use with pytest.mark.usefixtures)."""
    monkeypatch.setattr("bot.telegram.flood_control.GROUP_CHAT_INTERVAL", 0.001)
