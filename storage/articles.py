"""Articles: publishing, reading (which counts a delivery), and headline lists."""

from __future__ import annotations

import aiosqlite

from storage.database import Database, now
from storage.deliveries import DeliveryKind, record_deliveries
from storage.models import NO_PHOTO_COLUMNS, Article, Headline, Photo

_PHOTO_COLUMNS = "photo_file_id, photo_unique_id, photo_width, photo_height, photo_size"
_ARTICLE_COLUMNS = (
    f"id, headline, body_html, author_id, created_at, published_at, views, {_PHOTO_COLUMNS}"
)
_HEADLINE_COLUMNS = f"id, headline, published_at, views, {_PHOTO_COLUMNS}"


def _article(row: aiosqlite.Row) -> Article:
    article_id, headline, body_html, author_id, created_at, published_at, views = row[:7]
    photo = Photo.from_columns(tuple(row[7:]))
    return Article(
        article_id, headline, body_html, author_id, created_at, published_at, views, photo
    )


def _headline(row: aiosqlite.Row) -> Headline:
    article_id, headline, published_at, views = row[:4]
    return Headline(article_id, headline, published_at, views, Photo.from_columns(tuple(row[4:])))


class ArticleRepository:
    """Reads and writes of the `articles` and `deliveries` tables."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def publish(
        self,
        headline: str,
        body_html: str,
        author_id: int,
        *,
        origin: str | None = None,
        photo: Photo | None = None,
    ) -> Article:
        """Store a new article, published now; `origin` names the update that published it."""
        published = now()
        photo_columns = photo.columns() if photo else NO_PHOTO_COLUMNS
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "INSERT INTO articles"
                f" (headline, body_html, author_id, created_at, published_at, origin,"
                f" {_PHOTO_COLUMNS})"
                f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_ARTICLE_COLUMNS}",
                (headline, body_html, author_id, published, published, origin, *photo_columns),
            )
            row = await cursor.fetchone()
            await cursor.close()
        assert row is not None
        return _article(row)

    async def find_repeat(
        self,
        origin: str,
        author_id: int,
        headline: str,
        body_html: str,
        since: int,
        photo: Photo | None = None,
    ) -> Article | None:
        """The article a publication would repeat: one published by the same update (`origin`),
        or the same author's with the same headline, text and photo (the same file, by its
        unique id) published since `since`."""
        async with self._db.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE origin = ?"
            f" UNION ALL SELECT {_ARTICLE_COLUMNS} FROM articles"
            " WHERE published_at >= ? AND author_id = ? AND headline = ? AND body_html = ?"
            " AND photo_unique_id IS ? LIMIT 1",
            (origin, since, author_id, headline, body_html, photo.unique_id if photo else None),
        ) as cursor:
            row = await cursor.fetchone()
        return _article(row) if row else None

    async def get(self, article_id: int) -> Article | None:
        """The article with this id, if any."""
        async with self._db.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _article(row) if row else None

    async def record_delivery(
        self, article_id: int, chat_id: int, kind: DeliveryKind
    ) -> Article | None:
        """Count one delivery of the article to a chat; the article with its new view count."""
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT 1 FROM articles WHERE id = ?", (article_id,)
            ) as cursor:
                if await cursor.fetchone() is None:
                    return None
            await record_deliveries(connection, kind, [(article_id, chat_id)], now())
            async with connection.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
            ) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return _article(row)

    async def latest(self, limit: int, before_id: int | None = None) -> list[Headline]:
        """The newest headlines, newest first; with `before_id`, those published before it."""
        if before_id is None:
            sql = (
                f"SELECT {_HEADLINE_COLUMNS} FROM articles"
                " ORDER BY published_at DESC, id DESC LIMIT ?"
            )
            parameters: tuple[int, ...] = (limit,)
        else:
            sql = (
                f"SELECT {_HEADLINE_COLUMNS} FROM articles"
                " WHERE (published_at, id) < (SELECT published_at, id FROM articles WHERE id = ?)"
                " ORDER BY published_at DESC, id DESC LIMIT ?"
            )
            parameters = (before_id, limit)
        async with self._db.connection.execute(sql, parameters) as cursor:
            return [_headline(row) for row in await cursor.fetchall()]

    async def related(self, article_id: int, limit: int = 3) -> list[Headline]:
        """Other recent articles to suggest after this one, newest first."""
        async with self._db.connection.execute(
            f"SELECT {_HEADLINE_COLUMNS} FROM articles WHERE id != ?"
            " ORDER BY published_at DESC, id DESC LIMIT ?",
            (article_id, limit),
        ) as cursor:
            return [_headline(row) for row in await cursor.fetchall()]

    async def between(
        self, after_id: int, through_id: int, limit: int
    ) -> tuple[list[Headline], int]:
        """Up to `limit` headlines in (after_id, through_id], newest first, and their total."""
        async with self._db.connection.execute(
            f"SELECT {_HEADLINE_COLUMNS} FROM articles WHERE id > ? AND id <= ?"
            " ORDER BY id DESC LIMIT ?",
            (after_id, through_id, limit),
        ) as cursor:
            headlines = [_headline(row) for row in await cursor.fetchall()]
        if len(headlines) < limit:
            return headlines, len(headlines)
        async with self._db.connection.execute(
            "SELECT count(*) FROM articles WHERE id > ? AND id <= ?", (after_id, through_id)
        ) as cursor:
            row = await cursor.fetchone()
        return headlines, int(row[0]) if row else len(headlines)
