"""A chat's own preferences."""

from __future__ import annotations

from bot.settings import Language
from storage import Storage


async def choose_language(
    storage: Storage, chat_id: int, kind: str, title: str | None, language: Language
) -> None:
    """Remember the language a chat chose with /language; it wins over each user's own."""
    await storage.chats.set_language(chat_id, kind, title, language)
