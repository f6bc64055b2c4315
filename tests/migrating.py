"""A database as an older release left it: for tests of what a migration does to rows there."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from storage.database import _migrations, _statements
from storage.search import register_sync


def database_before(path: Path, version: int) -> None:
    """Create the database at `path` with every migration older than `version` applied, as the
    storage layer would have, and nothing of `version` or later."""
    with closing(sqlite3.connect(path)) as connection:
        register_sync(connection)  # migration 0022's view and triggers call its functions
        connection.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at INTEGER NOT NULL)"
        )
        for number, name, sql in _migrations():
            if number >= version:
                break
            for statement in _statements(sql):
                connection.execute(statement)
            connection.execute("INSERT INTO schema_migrations VALUES (?, ?, 0)", (number, name))
        connection.commit()
