"""Small pieces every view uses: dates, intervals and how a chat is named."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.views.i18n import Translator

_SECONDS_PER_MINUTE = 60


def format_date(timestamp: float, zone: ZoneInfo) -> str:
    """A date as readers of the site know it: 26.11.2025."""
    return datetime.fromtimestamp(timestamp, zone).strftime("%d.%m.%Y")


def format_time(timestamp: float, zone: ZoneInfo) -> str:
    """A date and time for editors' reports: 26.11.2025 14:05."""
    return datetime.fromtimestamp(timestamp, zone).strftime("%d.%m.%Y %H:%M")


def interval_text(translator: Translator, language: str, seconds: float) -> str:
    """How often alerts arrive, as plain text: "every 5 minutes", "every 30 seconds"."""
    whole = max(1, round(seconds))
    if whole % _SECONDS_PER_MINUTE == 0:
        return translator.plain(language, "interval-minutes", minutes=whole // _SECONDS_PER_MINUTE)
    return translator.plain(language, "interval-seconds", seconds=whole)


def duration_text(translator: Translator, language: str, seconds: float) -> str:
    """How long something took, as plain text: "3.2 s", "4 min 5 s"."""
    seconds = max(0.0, seconds)
    if seconds < _SECONDS_PER_MINUTE:
        return translator.plain(language, "duration-seconds", seconds=round(seconds, 1))
    minutes, rest = divmod(round(seconds), _SECONDS_PER_MINUTE)
    return translator.plain(language, "duration-minutes", minutes=minutes, seconds=rest)


def chat_reference(chat_id: int, username: str | None) -> str:
    """How editors name a chat: its @username if it has one, else its numeric id."""
    return f"@{username}" if username else str(chat_id)
