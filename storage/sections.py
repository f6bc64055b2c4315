"""Sections (issue 11): the live ones in their order, adding, renaming, reordering and removing
them, and an editor's wait for a section's names.

Names are unique per language among the live sections by their keys (how they are matched:
`bot.news.sections.key` makes them); the unique indexes of migration 0015 keep it so, and each
change checks both languages' keys in its own transaction, so two editors naming two sections
alike at once cannot both succeed. A removed section stays in the table: its articles keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import aiosqlite

from storage.database import Database, now
from storage.models import Section

_COLUMNS = "id, name_en, name_ka, position, removed_at"
_LIVE = "removed_at IS NULL"


@dataclass(frozen=True, slots=True)
class SectionNames:
    """A section's names as editors typed them (cleaned), and as they are matched."""

    en: str
    ka: str
    key_en: str
    key_ka: str


@dataclass(frozen=True, slots=True)
class NameTaken:
    """Another live section has this name (in either language)."""

    name: str


TooMany = Literal["too many"]
"""There are as many live sections as allowed."""


@dataclass(frozen=True, slots=True)
class SectionPrompt:
    """An editor's Add (`section_id` None) or Rename waiting for the names, since `asked_at`."""

    chat_id: int
    editor_id: int
    section_id: int | None
    asked_at: int


def _section(row: aiosqlite.Row) -> Section:
    return Section(*row)


class SectionRepository:
    """Reads and writes of the `sections` and `section_prompts` tables."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def live(self) -> list[Section]:
        """The sections not removed, in their order."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM sections WHERE {_LIVE} ORDER BY position, id"
        ) as cursor:
            return [_section(row) for row in await cursor.fetchall()]

    async def get(self, section_id: int) -> Section | None:
        """The section with this id, removed or not."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM sections WHERE id = ?", (section_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _section(row) if row else None

    async def add(self, names: SectionNames, *, limit: int) -> Section | NameTaken | TooMany:
        """A new section, last in the order; unless `limit` live ones exist already or a name
        is taken."""
        stamp = now()
        async with self._db.transaction() as connection:
            async with connection.execute(
                f"SELECT count(*), coalesce(max(position), 0) FROM sections WHERE {_LIVE}"
            ) as cursor:
                row = await cursor.fetchone()
            assert row is not None
            if row[0] >= limit:
                return "too many"
            taken = await _taken(connection, names, None)
            if taken is not None:
                return taken
            async with connection.execute(
                "INSERT INTO sections (name_en, name_ka, key_en, key_ka, position, created_at,"
                f" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
                (names.en, names.ka, names.key_en, names.key_ka, row[1] + 1, stamp, stamp),
            ) as cursor:
                added = await cursor.fetchone()
        assert added is not None
        return _section(added)

    async def rename(self, section_id: int, names: SectionNames) -> Section | NameTaken | None:
        """Give a live section new names, unless another live one has them; None: it is not
        there or was removed."""
        async with self._db.transaction() as connection:
            taken = await _taken(connection, names, section_id)
            if taken is not None:
                return taken
            async with connection.execute(
                "UPDATE sections SET name_en = ?, name_ka = ?, key_en = ?, key_ka = ?,"
                f" updated_at = ? WHERE id = ? AND {_LIVE} RETURNING {_COLUMNS}",
                (names.en, names.ka, names.key_en, names.key_ka, now(), section_id),
            ) as cursor:
                row = await cursor.fetchone()
        return _section(row) if row else None

    async def move(self, section_id: int, offset: int) -> bool:
        """Move a live section `offset` places (-1: up, 1: down) among the live ones; False if
        it cannot go there (the first up, the last down) or is not live. Every live section is
        numbered again 1, 2, 3…, so the order never depends on ties."""
        async with self._db.transaction() as connection:
            async with connection.execute(
                f"SELECT id FROM sections WHERE {_LIVE} ORDER BY position, id"
            ) as cursor:
                order = [int(row[0]) for row in await cursor.fetchall()]
            if section_id not in order:
                return False
            index = order.index(section_id)
            target = index + offset
            if not 0 <= target < len(order):
                return False
            order[index], order[target] = order[target], order[index]
            stamp = now()
            await connection.executemany(
                "UPDATE sections SET position = ?, updated_at = ? WHERE id = ?",
                [(position, stamp, moved) for position, moved in enumerate(order, start=1)],
            )
        return True

    async def remove(self, section_id: int) -> Section | None:
        """Remove a live section from lists and choices (its articles keep it); None if it
        is not there or was removed already."""
        stamp = now()
        async with (
            self._db.transaction() as connection,
            connection.execute(
                f"UPDATE sections SET removed_at = ?, updated_at = ? WHERE id = ? AND {_LIVE}"
                f" RETURNING {_COLUMNS}",
                (stamp, stamp, section_id),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return _section(row) if row else None

    async def ask_names(self, chat_id: int, editor_id: int, section_id: int | None) -> None:
        """The editor's next message in the chat names a new section (`section_id` None) or
        renames that one; replaces an earlier wait."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO section_prompts (chat_id, editor_id, section_id, asked_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, editor_id) DO UPDATE SET"
                " section_id = excluded.section_id, asked_at = excluded.asked_at",
                (chat_id, editor_id, section_id, now()),
            )

    async def prompt(self, chat_id: int, editor_id: int) -> SectionPrompt | None:
        """The editor's wait for names in this chat, if any."""
        async with self._db.connection.execute(
            "SELECT chat_id, editor_id, section_id, asked_at FROM section_prompts"
            " WHERE chat_id = ? AND editor_id = ?",
            (chat_id, editor_id),
        ) as cursor:
            row = await cursor.fetchone()
        return SectionPrompt(*row) if row else None

    async def end_prompt(self, chat_id: int, editor_id: int) -> bool:
        """Stop waiting for the editor's names in this chat; False if nothing waited."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM section_prompts WHERE chat_id = ? AND editor_id = ?",
                (chat_id, editor_id),
            )
            ended = cursor.rowcount > 0
            await cursor.close()
        return ended


async def _taken(
    connection: aiosqlite.Connection, names: SectionNames, section_id: int | None
) -> NameTaken | None:
    """Which of `names` another live section (not `section_id`) has, in either language: a
    `#tag` or `/latest` name must mean one section only."""
    for name, key in ((names.en, names.key_en), (names.ka, names.key_ka)):
        async with connection.execute(
            f"SELECT 1 FROM sections WHERE {_LIVE} AND id IS NOT ? AND ? IN (key_en, key_ka)",
            (section_id, key),
        ) as cursor:
            if await cursor.fetchone() is not None:
                return NameTaken(name)
    return None
