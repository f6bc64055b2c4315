"""Checks of what the database holds that the product itself never needs to ask."""

from __future__ import annotations

from storage import Storage


async def delivery_rows(storage: Storage, article_id: int) -> int:
    """How many deliveries of the article are recorded: its views must equal this."""
    async with storage.database.connection.execute(
        "SELECT count(*) FROM deliveries WHERE article_id = ?", (article_id,)
    ) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0
