"""SQLite storage: the only package that speaks SQL."""

from storage.articles import ArticleRepository, DeliveryKind
from storage.chats import ChatRepository
from storage.database import Database
from storage.models import Article, Headline

__all__ = [
    "Article",
    "ArticleRepository",
    "ChatRepository",
    "Database",
    "DeliveryKind",
    "Headline",
    "Storage",
]


class Storage:
    """The database and its repositories, opened together at start-up."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.articles = ArticleRepository(database)
        self.chats = ChatRepository(database)

    @classmethod
    async def open(cls, path: object) -> "Storage":
        """Open and migrate the database at `path`."""
        return cls(await Database.open(str(path)))

    async def close(self) -> None:
        """Close the database."""
        await self.database.close()
