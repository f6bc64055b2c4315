"""Inline-button payloads: every `callback_data` format is built and parsed here.

Payloads are short ASCII (`r:12`, `l:40:5`, `lang:ka`, `post:publish`, `sub:on`) so they stay
far below Telegram's 64-byte limit whatever the ids grow to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from telegram.constants import InlineKeyboardButtonLimit

PostAction = Literal["publish", "cancel"]
SubscriptionAction = Literal["on", "off"]

READ_PATTERN: Final = re.compile(r"^r:(\d{1,19})$")
MORE_PATTERN: Final = re.compile(r"^l:(\d{1,19}):(\d{1,2})$")
LANGUAGE_PATTERN: Final = re.compile(r"^lang:(en|ka)$")
POST_PATTERN: Final = re.compile(r"^post:(publish|cancel)$")
SUBSCRIPTION_PATTERN: Final = re.compile(r"^sub:(on|off)$")


@dataclass(frozen=True, slots=True)
class OlderHeadlines:
    """Show `count` headlines published before article `before_id`."""

    before_id: int
    count: int


def read(article_id: int) -> str:
    """Payload of a button that opens an article."""
    return _checked(f"r:{article_id}")


def older(before_id: int, count: int) -> str:
    """Payload of the button that pages further back in /latest."""
    return _checked(f"l:{before_id}:{count}")


def language(code: str) -> str:
    """Payload of a language choice button."""
    return _checked(f"lang:{code}")


def post(action: PostAction) -> str:
    """Payload of the draft preview's Publish / Cancel buttons."""
    return _checked(f"post:{action}")


def subscription(action: SubscriptionAction) -> str:
    """Payload of the Subscribe (`on`) / Unsubscribe (`off`) buttons."""
    return _checked(f"sub:{action}")


def parse_read(data: str) -> int | None:
    """The article id of a read button, or None if the payload is not one."""
    match = READ_PATTERN.match(data)
    return int(match.group(1)) if match else None


def parse_older(data: str) -> OlderHeadlines | None:
    """The paging request of an "older" button, or None."""
    match = MORE_PATTERN.match(data)
    return OlderHeadlines(int(match.group(1)), int(match.group(2))) if match else None


def parse_language(data: str) -> str | None:
    """The language code of a language button, or None."""
    match = LANGUAGE_PATTERN.match(data)
    return match.group(1) if match else None


def parse_post(data: str) -> PostAction | None:
    """The action of a draft button, or None."""
    match = POST_PATTERN.match(data)
    if not match:
        return None
    return "publish" if match.group(1) == "publish" else "cancel"


def parse_subscription(data: str) -> SubscriptionAction | None:
    """The action of a Subscribe / Unsubscribe button, or None."""
    match = SUBSCRIPTION_PATTERN.match(data)
    if not match:
        return None
    return "on" if match.group(1) == "on" else "off"


def _checked(payload: str) -> str:
    if len(payload.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
        raise ValueError(f"callback data too long: {payload!r}")
    return payload
