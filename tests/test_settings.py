import json
import logging
from pathlib import Path

import pytest

from bot.logs import QuietUnparsableAnswers, RedactSecrets
from bot.settings import Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "BOT_TOKEN",
        "ADMIN_IDS",
        "DATABASE_PATH",
        "TIMEZONE",
        "DEFAULT_LANGUAGE",
        "LOG_LEVEL",
        "PUSH_INTERVAL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("111,222", {111, 222}), ("[111, 222]", {111, 222}), (" 5 ", {5}), ("", set())],
)
def test_admin_ids_accept_commas_and_json(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: set[int]
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "1:x")
    monkeypatch.setenv("ADMIN_IDS", raw)
    assert load_settings().admin_ids == expected


def test_defaults_match_the_documented_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "1:x")
    settings = load_settings()
    assert settings.database_path == Path("data/newsbot.sqlite3")
    assert settings.bot_api_base_url == "https://api.telegram.org/bot"
    assert settings.bot_api_file_url == "https://api.telegram.org/file/bot"
    assert settings.push_interval == 300
    assert settings.timezone == "Asia/Tbilisi"
    assert settings.default_language == "en"
    assert settings.log_level == "INFO"
    assert settings.admin_ids == frozenset()


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BOT_TOKEN=9:from-file\nADMIN_IDS=7\n")
    settings = load_settings()
    assert settings.bot_token.get_secret_value() == "9:from-file" and settings.admin_ids == {7}


def test_errors_name_the_variable_and_hide_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="BOT_TOKEN is required"):
        load_settings()
    monkeypatch.setenv("BOT_TOKEN", "1:secret-value")
    monkeypatch.setenv("PUSH_INTERVAL", "-5")
    with pytest.raises(SettingsError, match="PUSH_INTERVAL") as error:
        load_settings()
    assert "secret-value" not in str(error.value)
    monkeypatch.delenv("PUSH_INTERVAL")
    settings = Settings(bot_token="1:secret-value")  # type: ignore[arg-type]
    assert "secret-value" not in repr(settings)


def test_editor_check_uses_ids_only() -> None:
    settings = Settings(bot_token="1:x", admin_ids="5")  # type: ignore[arg-type]
    assert settings.is_editor(5) and not settings.is_editor(6) and not settings.is_editor(None)


def test_log_filter_redacts_token_from_messages_and_tracebacks() -> None:
    token = "123:ABCDEF"
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "POST https://api/bot%s/getMe", (token,), None
    )
    try:
        raise RuntimeError(f"failed for {token}")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactSecrets(token).filter(record)
    assert token not in record.getMessage() and token not in (record.exc_text or "")
    assert "<redacted>" in record.getMessage()


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8081/bot", "ftp://example.org/bot", "http:///bot", "api.telegram.org"]
)
def test_bot_api_urls_must_be_http_urls(url: str) -> None:
    with pytest.raises(SettingsError, match="BOT_API_BASE_URL must be an http"):
        load_settings(bot_token="1:secret-value", bot_api_base_url=url)
    with pytest.raises(SettingsError, match="BOT_API_FILE_URL must be an http"):
        load_settings(bot_token="1:secret-value", bot_api_file_url=url)


def test_unparsable_bot_api_answers_log_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    # PTB logs this with logger.exception, then raises an error that quotes the answer.
    logger = logging.getLogger("telegram.request.BaseRequest")
    page = "<html>502 Bad Gateway</html>"

    def log_unparsable() -> None:
        try:
            json.loads(page)
        except ValueError:
            logger.exception('Can not load invalid JSON data: "%s"', page)

    quiet = QuietUnparsableAnswers()
    logger.addFilter(quiet)
    try:
        caplog.set_level(logging.INFO)
        log_unparsable()
        assert [r for r in caplog.records if r.name == logger.name] == []
        caplog.set_level(logging.DEBUG)
        log_unparsable()
        [record] = [r for r in caplog.records if r.name == logger.name]
        assert record.levelno == logging.DEBUG and record.exc_info is None
    finally:
        logger.removeFilter(quiet)


def test_webhook_settings_are_checked_at_start() -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_URL needs HTTP_PORT"):
        load_settings(bot_token="1:secret-value", webhook_url="https://bot.desk.ge/tg")
    with pytest.raises(SettingsError, match="WEBHOOK_URL must be the https:// URL"):
        load_settings(bot_token="1:secret-value", webhook_url="bot.desk.ge/tg", http_port=8080)
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET must be 1-256 characters"):
        load_settings(bot_token="1:secret-value", webhook_secret="has spaces")
    settings = load_settings(
        bot_token="1:secret-value", webhook_url="https://bot.desk.ge/tg/updates", http_port=8080
    )
    assert settings.webhook_path == "/tg/updates" and settings.webhook_secret is None
    assert load_settings(bot_token="1:secret-value", webhook_url=" ").webhook_url is None
