"""Configuration from the environment and `.env`, validated once at start-up."""

from __future__ import annotations

import json
import logging
import math
import re
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.limits import SEND_SECONDS_IN_FLIGHT, WORKERS_MAX, WORKERS_MIN

Language = Literal["en", "ka"]

# Telegram's rule for a webhook's secret token.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


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
    # Feeds polled (issue 12): `url` or `url=section`, comma-separated, seeded at start-up.
    feeds: Annotated[tuple[tuple[str, str | None], ...], NoDecode] = ()
    feed_interval: float = Field(default=300, gt=0)
    # The HTTP server (issue 12): off unless HTTP_PORT is set (0: any free port, for tests);
    # its publish API only with API_TOKEN, the Bearer token a CMS sends.
    http_host: str = "127.0.0.1"
    http_port: int | None = Field(default=None, ge=0, le=65535)
    api_token: SecretStr | None = None
    # Webhook mode (issue 12): Telegram POSTs updates to WEBHOOK_URL, which the HTTP server
    # serves on that URL's path, instead of the bot polling; Telegram sends WEBHOOK_SECRET (or
    # one generated once and kept in the database) with each, and anything without it is 403.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_max_connections: int = Field(default=40, ge=1, le=100)

    @field_validator("bot_token")
    @classmethod
    def _token_not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("api_token")
    @classmethod
    def _blank_token_is_none(cls, value: SecretStr | None) -> SecretStr | None:
        # `API_TOKEN=` left empty in .env means no publish API, never an empty password.
        return value if value is not None and value.get_secret_value().strip() else None

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None  # `WEBHOOK_URL=` left empty: long polling
        url = urlsplit(value.strip())
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError("must be the https:// URL Telegram sends updates to")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not WEBHOOK_SECRET_PATTERN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @model_validator(mode="after")
    def _webhook_needs_the_server(self) -> Settings:
        if self.webhook_url is not None and self.http_port is None:
            raise ValueError("WEBHOOK_URL needs HTTP_PORT: the bot's HTTP server receives updates")
        return self

    @property
    def webhook_path(self) -> str:
        """The path the HTTP server receives updates on: WEBHOOK_URL's (a proxy in front keeps
        it), "/" when it has none."""
        return urlsplit(self.webhook_url or "").path or "/"

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

    @field_validator("feeds", mode="before")
    @classmethod
    def _parse_feeds(cls, value: object) -> object:
        # "https://desk.ge/rss, https://desk.ge/world.xml=World": a section after the last "=".
        if not isinstance(value, str):
            return value
        found = []
        for part in (part.strip() for part in value.split(",")):
            if not part:
                continue
            url, section = _feed_and_section(part)
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise ValueError(f"{url!r} is not an http:// or https:// URL")
            found.append((url, section))
        return tuple(found)

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


def _feed_and_section(text: str) -> tuple[str, str | None]:
    """A FEEDS item as (url, section): the section follows the last "=", unless that "=" is
    the URL's own (a query's `key=value`: `?cat=5` has no section, `?cat=5=World` has one)."""
    url, equals, section = text.rpartition("=")
    query_key = urlsplit(url).query.rpartition("&")[2]
    if not equals or "/" in section or (urlsplit(url).query and "=" not in query_key):
        return text, None
    return url.strip(), section.strip() or None


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
