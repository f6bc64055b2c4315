"""Bot API method implementations; importing this package registers all of them."""

from __future__ import annotations

from . import bot, chats, messages, polling
from .catalog import BOT_API_METHODS
from .registry import HANDLERS, Handler

__all__ = ["BOT_API_METHODS", "HANDLERS", "Handler", "bot", "chats", "messages", "polling"]
