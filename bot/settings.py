"""Configuration from the environment and `.env`, validated once at start-up."""

from __future__ import annotations

import json
import logging
import math
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.limits import SEND_SECONDS_IN_FLIGHT, WORKERS_MAX, WORKERS_MIN

Language = Literal["en", "ka"]


class Settings(BaseSettings):
    """Every setting newsbot reads; names match the environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_path: Path = Path("data/newsbot.sqlite3")
    bot_api_base_url: str = "https://api.telegram.org/bot"
    bot_api_file_url: str = "https://api.telegram.org/file/bot"
    push_interval: float = Field(default=300, gt=0)
    draft_timeout: float = Field(default=1800, gt=0)
    rate_limit: float = Field(default=30, gt=0, le=1000)
    # The part of RATE_LIMIT replies may take while a round is running (issue 9, item 6).
    reply_share: float = Field(default=0.5, gt=0, le=1)
    delivery_workers: int | None = Field(default=None, ge=1, le=512)
    request_timeout: float = Field(default=5, gt=0)
    http_transport: Literal["aiohttp", "httpx"] = "aiohttp"
    timezone: str = "Asia/Tbilisi"
    default_language: Language = "en"
    log_level: str = "INFO"
    startup_tries: int = Field(default=5, ge=1)
    health_file: Path | None = None
    error_chat_id: int | None = None
    # New channels and groups added by someone who is not an editor wait for an editor's approval.
    channels_need_approval: bool = False

    @field_validator("bot_token")
    @classmethod
    def _token_not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        # Accept both "111,222" (what people type) and JSON "[111,222]" (what tools write).
        if isinstance(value, int):
            return [value]
        if not isinstance(value, str):
            return value
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]

    @field_validator("bot_api_base_url", "bot_api_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        # Checked here, not left to the first request: a URL aiohttp cannot use fails as a
        # network error and would be retried, with the token appended to it in the message.
        url = urlsplit(value.strip())
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(
                "must be an http:// or https:// URL such as https://api.telegram.org/bot"
            )
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ValueError(f"unknown logging level {value!r}")
        return level

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The zone displayed dates are shown in."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def workers(self) -> int:
        """Concurrent broadcast sends: DELIVERY_WORKERS, else enough for RATE_LIMIT at ~100 ms."""
        if self.delivery_workers is not None:
            return self.delivery_workers
        needed = math.ceil(self.rate_limit * SEND_SECONDS_IN_FLIGHT)
        return min(WORKERS_MAX, max(WORKERS_MIN, needed))

    @property
    def heartbeat_path(self) -> Path:
        """HEALTH_FILE, else `heartbeat` next to the database (on its volume in a container)."""
        return self.health_file or self.database_path.parent / "heartbeat"

    def is_editor(self, user_id: int | None) -> bool:
        """Whether this Telegram user id may use editor commands."""
        return user_id is not None and user_id in self.admin_ids


class SettingsError(Exception):
    """A setting is missing or invalid; the message names the variable."""


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's report into one line per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            variable = str(item["loc"][0]).upper() if item["loc"] else "?"
            message = "is required" if item["type"] == "missing" else item["msg"]
            message = message.removeprefix("Value error, ")
            problems.append(f"{variable} {message}")
        raise SettingsError("; ".join(dict.fromkeys(problems))) from None
