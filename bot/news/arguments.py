"""Parsing of command arguments into values or a reason to refuse them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.limits import LATEST_DEFAULT_COUNT, LATEST_MAX_COUNT, MAX_ID

_MAX_ID_DIGITS: Final = len(str(MAX_ID))
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


def parse_id(text: str, *, allow_zero: bool = False) -> int | None:
    """An id as typed, linked or packed in a button: 1 to 2**63 - 1 in ASCII digits, else None.

    The one parser for ids: `/read 12`, `/read_12`, `/start read_12` and buttons all use it, so
    an id too large for SQLite is refused the same way everywhere.
    """
    if not text.isascii() or not text.isdigit() or len(text) > _MAX_ID_DIGITS:
        return None
    value = int(text)
    return value if (allow_zero or value >= 1) and value <= MAX_ID else None


def parse_article_id(arguments: list[str]) -> int | Invalid | Missing:
    """The article id in `/read <id>`, `/read_<id>` or a `read_<id>` deep link."""
    if not arguments:
        return Missing()
    value = parse_id(arguments[0].strip().lstrip("#"))
    return Invalid(arguments[0]) if value is None else value


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
        return value if value != 0 and abs(value) <= MAX_ID else Invalid(text)
    match = _USERNAME.match(text)
    return f"@{match.group(1)}" if match else Invalid(text)
