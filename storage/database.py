"""The SQLite connection: pragmas, numbered migrations, and serialised write transactions."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

from storage import search

logger = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def now() -> int:
    """Current time as stored: whole seconds since the epoch, UTC."""
    return int(time.time())


class Database:
    """One aiosqlite connection shared by every repository."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection
        # All coroutines share one connection, so a multi-statement transaction must not
        # interleave with another coroutine's statements.
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (creating the file and its directory) and migrate the database at `path`."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection)
        try:
            await database._configure()
            await database._migrate()
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        """Close the connection."""
        await self.connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run several statements atomically; rolled back if the block raises or is cancelled."""
        async with self._write_lock:
            try:
                await self.connection.execute("BEGIN IMMEDIATE")
                yield self.connection
            except BaseException:
                # aiosqlite runs statements in order on its own thread, and a cancelled await
                # does not stop a queued BEGIN; so always queue a ROLLBACK behind it, shielded.
                await asyncio.shield(self._rollback())
                raise
            await self.connection.execute("COMMIT")

    async def _rollback(self) -> None:
        # If the BEGIN itself failed there is nothing to roll back.
        with contextlib.suppress(sqlite3.OperationalError):
            await self.connection.execute("ROLLBACK")

    async def schema_version(self) -> int:
        """The number of the newest migration applied."""
        async with self.connection.execute(
            "SELECT coalesce(max(version), 0) FROM schema_migrations"
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _configure(self) -> None:
        for pragma in (
            "PRAGMA journal_mode = WAL",
            # WAL with NORMAL survives a killed process; only an OS crash may lose the last commit.
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
        ):
            await self.connection.execute(pragma)
        # Before migrating: migration 0022's view and triggers call these functions.
        await search.register(self.connection)

    async def _migrate(self) -> None:
        await self.connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
        )
        current = await self.schema_version()
        for version, name, sql in _migrations():
            if version <= current:
                continue
            logger.info("Applying database migration %s", name)
            async with self.transaction() as connection:
                for statement in _statements(sql):
                    await connection.execute(statement)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, now()),
                )


def _migrations() -> list[tuple[int, str, str]]:
    """The numbered SQL files shipped in `storage.migrations`, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    return found


def _statements(sql: str) -> list[str]:
    """Split a migration script into complete statements, as sqlite3 itself judges them."""
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip() and not all(
        part.lstrip().startswith("--") or not part.strip() for part in pending.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement in migration: {pending.strip()[:80]!r}")
    return statements
