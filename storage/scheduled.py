"""Scheduled articles: waiting for their time, then published once into `articles`.

A scheduled article is not an article until its time (migration 0012 says why): publishing it
inserts the article with the one insert of `storage.articles` and marks the scheduled row
published in the same transaction, only if the row was still waiting. Transactions begin
IMMEDIATE, so a second process (or the Publish now button racing the job) waits for the first
and then finds the row published: never twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import aiosqlite

from storage.articles import insert_article
from storage.database import Database, now
from storage.models import NO_PHOTO_COLUMNS, Article, Photo

ScheduleState = Literal["waiting", "published", "cancelled"]

_COLUMNS = (
    "id, headline, body_html, author_id, photo_file_id, photo_unique_id, photo_width,"
    " photo_height, photo_size, publish_at, chat_id, language, state, article_id, created_at,"
    " updated_at, section_id, breaking, canonical_url, feed_entry_id"
)
_WAITING = "state = 'waiting'"


@dataclass(frozen=True, slots=True)
class ScheduledArticle:
    """An article scheduled by an editor: its content, when it is published (epoch seconds),
    the editor's chat and language (to tell them it went out), what became of it
    (`article_id` once published), the section chosen for it (issue 11; None: the first
    one when it is published), whether it is published as breaking news (migration
    0021), and, for a feed entry an editor edited, its page and the entry (migration 0026)."""

    id: int
    headline: str
    body_html: str
    author_id: int
    photo: Photo | None
    publish_at: int
    chat_id: int
    language: str
    state: ScheduleState
    article_id: int | None
    created_at: int
    updated_at: int
    section_id: int | None = None
    breaking: bool = False
    canonical_url: str | None = None
    feed_entry_id: int | None = None


@dataclass(frozen=True, slots=True)
class Release:
    """A scheduled article published: its row as it is now, and the article it became."""

    scheduled: ScheduledArticle
    article: Article


def _scheduled(row: aiosqlite.Row) -> ScheduledArticle:
    scheduled_id, headline, body_html, author_id = row[:4]
    publish_at, chat_id, language, state, article_id, created_at, updated_at = row[9:16]
    return ScheduledArticle(
        scheduled_id,
        headline,
        body_html,
        author_id,
        Photo.from_columns(tuple(row[4:9])),
        publish_at,
        chat_id,
        language,
        state,
        article_id,
        created_at,
        updated_at,
        row[16],
        bool(row[17]),
        row[18],
        row[19],
    )


class ScheduledRepository:
    """Reads and writes of the `scheduled_articles` table (and the articles it publishes)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(
        self,
        headline: str,
        body_html: str,
        author_id: int,
        *,
        photo: Photo | None,
        publish_at: int,
        chat_id: int,
        language: str,
        origin: str,
        section_id: int | None = None,
        breaking: bool = False,
        canonical_url: str | None = None,
        feed_entry_id: int | None = None,
    ) -> tuple[ScheduledArticle, bool]:
        """Schedule an article (in `section_id`, as breaking news if `breaking`; from the
        edited feed entry `feed_entry_id`, with its page `canonical_url`); with the
        `origin` of one already scheduled (the same update again), that one instead. The
        scheduled article, and whether it is new."""
        stamp = now()
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "INSERT INTO scheduled_articles (headline, body_html, author_id, photo_file_id,"
                " photo_unique_id, photo_width, photo_height, photo_size, publish_at, chat_id,"
                " language, origin, created_at, updated_at, section_id, breaking, canonical_url,"
                " feed_entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (
                    headline,
                    body_html,
                    author_id,
                    *(photo.columns() if photo else NO_PHOTO_COLUMNS),
                    publish_at,
                    chat_id,
                    language,
                    origin,
                    stamp,
                    stamp,
                    section_id,
                    breaking,
                    canonical_url,
                    feed_entry_id,
                ),
            )
            is_new = cursor.rowcount > 0
            await cursor.close()
            async with connection.execute(
                f"SELECT {_COLUMNS} FROM scheduled_articles WHERE origin = ?", (origin,)
            ) as found:
                row = await found.fetchone()
        assert row is not None
        return _scheduled(row), is_new

    async def get(self, scheduled_id: int) -> ScheduledArticle | None:
        """The scheduled article with this id, whatever its state."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM scheduled_articles WHERE id = ?", (scheduled_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _scheduled(row) if row else None

    async def upcoming(self, limit: int) -> list[ScheduledArticle]:
        """The first `limit` articles waiting for their time, soonest first."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM scheduled_articles WHERE {_WAITING}"
            " ORDER BY publish_at, id LIMIT ?",
            (limit,),
        ) as cursor:
            return [_scheduled(row) for row in await cursor.fetchall()]

    async def count_waiting(self) -> int:
        """How many articles wait for their time."""
        async with self._db.connection.execute(
            f"SELECT count(*) FROM scheduled_articles WHERE {_WAITING}"
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def reschedule(self, scheduled_id: int, publish_at: int) -> ScheduledArticle | None:
        """Move a waiting article to `publish_at`; None if it is not waiting (or not there)."""
        return await self._change_waiting("publish_at = ?", (publish_at,), scheduled_id)

    async def cancel(self, scheduled_id: int) -> ScheduledArticle | None:
        """Cancel a waiting article; None if it is not waiting (or not there)."""
        return await self._change_waiting("state = 'cancelled'", (), scheduled_id)

    async def publish_due(self, due_by: int, limit: int) -> list[Release]:
        """Publish up to `limit` articles whose time is `due_by` or earlier, soonest first, in
        one transaction: each becomes an article (in that order, so ids follow their times)
        and its row is marked published with it."""
        async with self._db.transaction() as connection:
            async with connection.execute(
                f"SELECT {_COLUMNS} FROM scheduled_articles WHERE {_WAITING} AND publish_at <= ?"
                " ORDER BY publish_at, id LIMIT ?",
                (due_by, limit),
            ) as cursor:
                due = [_scheduled(row) for row in await cursor.fetchall()]
            return [await _publish_in(connection, scheduled) for scheduled in due]

    async def publish(self, scheduled_id: int, *, editor_told: bool) -> Release | None:
        """Publish a waiting article now, whatever its time (Publish now); None if it is not
        waiting. `editor_told`: its editor is the one asking, and is answered there."""
        async with self._db.transaction() as connection:
            async with connection.execute(
                f"SELECT {_COLUMNS} FROM scheduled_articles WHERE id = ? AND {_WAITING}",
                (scheduled_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            release = await _publish_in(connection, _scheduled(row))
            if editor_told:
                await _mark_told(connection, scheduled_id)
            return release

    async def untold(self, limit: int) -> list[ScheduledArticle]:
        """Published articles whose editor has not been told yet, oldest first."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM scheduled_articles"
            " WHERE state = 'published' AND editor_told_at IS NULL ORDER BY id LIMIT ?",
            (limit,),
        ) as cursor:
            return [_scheduled(row) for row in await cursor.fetchall()]

    async def mark_told(self, scheduled_id: int) -> None:
        """The editor was told that the article went out (or cannot be told)."""
        async with self._db.transaction() as connection:
            await _mark_told(connection, scheduled_id)

    async def _change_waiting(
        self, assignment: str, values: tuple[object, ...], scheduled_id: int
    ) -> ScheduledArticle | None:
        """Apply `assignment` to the row if it is waiting; the row as it is then, or None."""
        async with (
            self._db.transaction() as connection,
            connection.execute(
                f"UPDATE scheduled_articles SET {assignment}, updated_at = ?"
                f" WHERE id = ? AND {_WAITING} RETURNING {_COLUMNS}",
                (*values, now(), scheduled_id),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return _scheduled(row) if row else None


async def _publish_in(connection: aiosqlite.Connection, scheduled: ScheduledArticle) -> Release:
    """Insert the article (published now, its origin naming this scheduled row: the articles'
    unique origins make a second insert impossible; a breaking one with its own round, as
    /breaking publishes) and mark the row published with it."""
    article = await insert_article(
        connection,
        scheduled.headline,
        scheduled.body_html,
        scheduled.author_id,
        origin=f"scheduled:{scheduled.id}",
        photo=scheduled.photo,
        section_id=scheduled.section_id,
        breaking=scheduled.breaking,
        canonical_url=scheduled.canonical_url,
        feed_entry_id=scheduled.feed_entry_id,
    )
    async with connection.execute(
        "UPDATE scheduled_articles SET state = 'published', article_id = ?, updated_at = ?"
        f" WHERE id = ? RETURNING {_COLUMNS}",
        (article.id, article.published_at, scheduled.id),
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return Release(_scheduled(row), article)


async def _mark_told(connection: aiosqlite.Connection, scheduled_id: int) -> None:
    await connection.execute(
        "UPDATE scheduled_articles SET editor_told_at = ? WHERE id = ?", (now(), scheduled_id)
    )
