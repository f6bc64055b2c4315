"""Parsing of command arguments into values or a reason to refuse them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.limits import LATEST_DEFAULT_COUNT, LATEST_MAX_COUNT

# SQLite integers are signed 64-bit; anything larger cannot be an id.
_MAX_ID = 2**63 - 1
# Public usernames: 4-32 letters, digits and underscores, starting with a letter; typed as
# `@name`, `name` or a `t.me/name` link.
_USERNAME: Final = re.compile(
    r"^(?:@|(?:https?://)?(?:t|telegram)\.me/)?([A-Za-z][A-Za-z0-9_]{3,31})/?$", re.ASCII
)
_CHAT_ID: Final = re.compile(r"^-?\d{1,19}$", re.ASCII)


@dataclass(frozen=True, slots=True)
class Invalid:
    """An argument we refuse; `value` is what the user typed."""

    value: str


@dataclass(frozen=True, slots=True)
class Missing:
    """No argument where one is required."""


@dataclass(frozen=True, slots=True)
class Count:
    """A headline count; `clamped` when the user asked for more than we show."""

    value: int
    clamped: bool = False


def parse_article_id(arguments: list[str]) -> int | Invalid | Missing:
    """The article id in `/read <id>`."""
    if not arguments:
        return Missing()
    text = arguments[0].strip().lstrip("#")
    if not text.isascii() or not text.isdigit():
        return Invalid(arguments[0])
    value = int(text)
    if not 1 <= value <= _MAX_ID:
        return Invalid(arguments[0])
    return value


def parse_latest_count(arguments: list[str]) -> Count | Invalid:
    """The count in `/latest [n]`: default when absent, clamped to the maximum."""
    if not arguments:
        return Count(LATEST_DEFAULT_COUNT)
    text = arguments[0].strip()
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        return Invalid(arguments[0])
    value = int(text)
    if value > LATEST_MAX_COUNT:
        return Count(LATEST_MAX_COUNT, clamped=True)
    return Count(value)


def parse_chat_reference(arguments: list[str]) -> int | str | Invalid | Missing:
    """The chat in `/addchannel <@username or id>`: a numeric id, or "@username"."""
    if not arguments:
        return Missing()
    text = " ".join(arguments).strip()
    if _CHAT_ID.match(text):
        value = int(text)
        return value if value != 0 and abs(value) <= _MAX_ID else Invalid(text)
    match = _USERNAME.match(text)
    return f"@{match.group(1)}" if match else Invalid(text)
