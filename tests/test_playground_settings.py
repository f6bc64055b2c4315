"""The playground's bot settings come from code only: a real bot's environment or .env never
points it at Telegram. And the page is for this machine unless --host says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from local_bot_api import LocalBotApi
from playground.run import is_loopback
from playground.world import EDITOR_ID, PUSH_INTERVAL, TOKEN, bot_settings


async def test_environment_and_dotenv_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = "999999:REAL-TOKEN"
    (tmp_path / ".env").write_text(f"BOT_TOKEN={real}\nWEBHOOK_URL=https://example.com/hook\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", real)
    monkeypatch.setenv("BOT_API_BASE_URL", "https://api.telegram.org/bot")
    monkeypatch.setenv("BOT_API_FILE_URL", "https://api.telegram.org/file/bot")
    monkeypatch.setenv("ADMIN_IDS", "42")
    monkeypatch.setenv("HTTP_PORT", "8443")
    async with LocalBotApi(token=TOKEN) as api:
        settings = bot_settings(api, tmp_path / "db.sqlite3")
    assert settings.bot_token.get_secret_value() == TOKEN
    assert settings.bot_api_base_url == f"http://127.0.0.1:{api.port}/bot"
    assert settings.bot_api_file_url == f"http://127.0.0.1:{api.port}/file/bot"
    assert settings.admin_ids == frozenset({EDITOR_ID})
    assert settings.http_port is None and settings.webhook_url is None
    assert settings.push_interval == PUSH_INTERVAL
    assert settings.database_path == tmp_path / "db.sqlite3"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.com", False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
