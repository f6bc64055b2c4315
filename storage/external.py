"""Articles a CMS names by its own ids (the publish API, issue 12).

An external id is kept as the origin of what the API created: `api:<id>` on the article
published at once, or on the scheduled article (published later, its article then has the
scheduled row's own origin). Both origins are unique (migrations 0006 and 0012), so no table of
its own is needed: this only finds the scheduled row.
"""

from __future__ import annotations

from storage.database import Database


class ExternalIdRepository:
    """Looks up what an origin names among scheduled articles."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def scheduled(self, origin: str) -> int | None:
        """The id of the scheduled article with this origin, whatever its state."""
        async with self._db.connection.execute(
            "SELECT id FROM scheduled_articles WHERE origin = ?", (origin,)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None
