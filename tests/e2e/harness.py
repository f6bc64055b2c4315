"""Runs the real application against the local Bot API server, as `python -m bot` does."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.app import build_application, running
from bot.context import SERVICES_KEY, Services
from bot.settings import Settings
from local_bot_api import LocalBotApi

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
EDITOR_ID = 500
READER_ID = 1001


ROOT = Path(__file__).resolve().parents[2]


def bot_environment(api: LocalBotApi, database: Path, **extra: str) -> dict[str, str]:
    """Environment for `python -m bot` in a subprocess, pointed at the local server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_", "DATABASE_"))}
    env.update(
        BOT_TOKEN=TOKEN,
        ADMIN_IDS=str(EDITOR_ID),
        DATABASE_PATH=str(database),
        BOT_API_BASE_URL=api.base_url,
        BOT_API_FILE_URL=api.base_file_url,
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def make_settings(api: LocalBotApi, database: Path, **overrides: Any) -> Settings:
    """Settings pointing the bot at the local server, with one editor."""
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "admin_ids": str(EDITOR_ID),
        "database_path": database,
        "bot_api_base_url": api.base_url,
        "bot_api_file_url": api.base_file_url,
        "default_language": "en",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_bot(
    settings: Settings,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Start the application with long polling, as run_polling would, and stop it after."""
    async with running(build_application(settings), poll_timeout=1) as application:
        yield application


def services(application: AnyApplication) -> Services:
    """The running application's settings, storage and translator."""
    return application.bot_data[SERVICES_KEY]  # type: ignore[no-any-return]
