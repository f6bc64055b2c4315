"""What the bot keeps about itself between runs (migration 0020): one text value per key."""

from __future__ import annotations

from collections.abc import Callable

from storage.database import Database, now


class BotStateRepository:
    """Values the bot makes once and keeps, such as its webhook's secret token."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, key: str) -> str | None:
        async with self._db.connection.execute(
            "SELECT value FROM bot_state WHERE key = ?", (key,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def get_or_create(self, key: str, make: Callable[[], str]) -> str:
        """The value kept under `key`, made by `make` and kept the first time; two processes
        asking at once get the same one (the first insert wins)."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO bot_state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING",
                (key, make(), now()),
            )
        value = await self.get(key)
        assert value is not None
        return value
