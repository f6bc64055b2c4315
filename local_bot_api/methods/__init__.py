"""Bot API method implementations; importing this package registers all of them."""

from __future__ import annotations

from local_bot_api.methods import (
    bot,
    callbacks,
    chats,
    editing,
    inline,
    media,
    polling,
    sending,
    topics,
)
from local_bot_api.methods.catalog import BOT_API_METHODS
from local_bot_api.methods.registry import HANDLERS, Handler

__all__ = [
    "BOT_API_METHODS",
    "HANDLERS",
    "Handler",
    "bot",
    "callbacks",
    "chats",
    "editing",
    "inline",
    "media",
    "polling",
    "sending",
    "topics",
]
