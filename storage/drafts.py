"""Editors' open drafts, one per editor and chat, kept until published, cancelled or expired."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

import aiosqlite

from storage.database import Database, now
from storage.models import NO_PHOTO_COLUMNS, Photo

# "choose": a correction waits for the editor to pick what to replace (headline, text, photo).
# "schedule": the draft (or a rescheduling) waits for the time to publish at (issue 11).
DraftStep = Literal["headline", "body", "preview", "choose", "schedule"]

_COLUMNS = (
    "chat_id, editor_id, step, headline, body_parts, language, created_at, touched_at,"
    " photo_file_id, photo_unique_id, photo_width, photo_height, photo_size, corrects,"
    " reschedules, section_id, canonical_url, feed_entry_id"
)


@dataclass(slots=True)
class StoredDraft:
    """A draft as stored: `parts` are Telegram-safe HTML, in the order they were sent;
    `photo` the lead photo, if the editor sent one; `corrects` the published article this
    draft corrects (None: it is a new article); `reschedules` the scheduled article whose new
    time this draft waits for (it has no content of its own then); `section_id` the section
    chosen for it (issue 11; None: the first one when it is published); `canonical_url` and
    `feed_entry_id` the page and the feed entry of a draft an editor took from review mode's
    Edit (migration 0025), which the published article keeps."""

    chat_id: int
    editor_id: int
    step: DraftStep
    language: str
    headline: str | None = None
    parts: list[str] = field(default_factory=list)
    created_at: int = 0
    touched_at: int = 0
    photo: Photo | None = None
    corrects: int | None = None
    reschedules: int | None = None
    section_id: int | None = None
    canonical_url: str | None = None
    feed_entry_id: int | None = None


def _draft(row: aiosqlite.Row) -> StoredDraft:
    chat_id, editor_id, step, headline, body_parts, language, created_at, touched_at = row[:8]
    return StoredDraft(
        chat_id,
        editor_id,
        step,
        language,
        headline,
        list(json.loads(body_parts)),
        created_at,
        touched_at,
        Photo.from_columns(tuple(row[8:13])),
        row[13],
        row[14],
        row[15],
        row[16],
        row[17],
    )


class DraftRepository:
    """Reads and writes of the `drafts` table."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, chat_id: int, editor_id: int) -> StoredDraft | None:
        """The editor's open draft in this chat, if any."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM drafts WHERE chat_id = ? AND editor_id = ?",
            (chat_id, editor_id),
        ) as cursor:
            row = await cursor.fetchone()
        return _draft(row) if row else None

    async def save(self, draft: StoredDraft) -> None:
        """Store the draft as it is now (a new one, or the next step of one), touched now."""
        stamp = now()
        draft.touched_at = stamp
        draft.created_at = draft.created_at or stamp
        async with self._db.transaction() as connection:
            await connection.execute(
                f"INSERT INTO drafts ({_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id, editor_id) DO UPDATE SET step = excluded.step,"
                " headline = excluded.headline, body_parts = excluded.body_parts,"
                " language = excluded.language, touched_at = excluded.touched_at,"
                " photo_file_id = excluded.photo_file_id,"
                " photo_unique_id = excluded.photo_unique_id, photo_width = excluded.photo_width,"
                " photo_height = excluded.photo_height, photo_size = excluded.photo_size,"
                " corrects = excluded.corrects, reschedules = excluded.reschedules,"
                " section_id = excluded.section_id, canonical_url = excluded.canonical_url,"
                " feed_entry_id = excluded.feed_entry_id",
                (
                    draft.chat_id,
                    draft.editor_id,
                    draft.step,
                    draft.headline,
                    json.dumps(draft.parts, ensure_ascii=False),
                    draft.language,
                    draft.created_at,
                    draft.touched_at,
                    *(draft.photo.columns() if draft.photo else NO_PHOTO_COLUMNS),
                    draft.corrects,
                    draft.reschedules,
                    draft.section_id,
                    draft.canonical_url,
                    draft.feed_entry_id,
                ),
            )

    async def discard(self, chat_id: int, editor_id: int) -> bool:
        """Forget the draft; False if there was none."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM drafts WHERE chat_id = ? AND editor_id = ?", (chat_id, editor_id)
            )
            deleted = cursor.rowcount > 0
            await cursor.close()
        return deleted

    async def untouched_since(self, before: int) -> list[StoredDraft]:
        """Drafts nobody touched since `before` (epoch seconds), oldest first."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM drafts WHERE touched_at < ? ORDER BY touched_at", (before,)
        ) as cursor:
            return [_draft(row) for row in await cursor.fetchall()]
