"""Chats the bot knows and the language each one chose."""

from __future__ import annotations

from storage.database import Database, now


class ChatRepository:
    """Reads and writes of the `chats` table."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def language(self, chat_id: int) -> str | None:
        """The language this chat chose with /language, if it did."""
        async with self._db.connection.execute(
            "SELECT language FROM chats WHERE id = ?", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row and row[0] else None

    async def set_language(
        self, chat_id: int, kind: str, title: str | None, language: str | None
    ) -> None:
        """Remember this chat's language choice (None: follow each user's Telegram language)."""
        stamp = now()
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO chats (id, kind, title, language, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title,"
                " language = excluded.language, updated_at = excluded.updated_at",
                (chat_id, kind, title, language, stamp, stamp),
            )
