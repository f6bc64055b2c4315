"""Part 13: search on the large database (issue 13): /search in the bot, the index's build
time and its size on disk."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.dataset import Dataset, build
from bench.scale import timed_commands
from bench.server import ServerProcess, local_server
from storage.search import INDEXES, register_sync

# One- and two-word queries in both languages, as readers type them: a topic of a tenth of the
# articles, a word of every English text (the most matches there are), two words together, a
# phrase, and a Georgian word inside longer ones (the trigram index's path).
QUERIES = {
    "en_one_word": "metro",
    "en_common_word": "Witkoff",
    "en_two_words": "parliament hour",
    "en_phrase": '"recording reviewed"',
    "ka_one_word": "ბიუჯეტი",
    "ka_two_words": "თბილისის ღვინო",
    "ka_inside_word": "ქართველო",
}


async def search_speed(*, articles: int, samples: int, directory: Path) -> dict[str, Any]:
    """Build the database (a quarter of it Georgian), then measure."""
    directory.mkdir(parents=True, exist_ok=True)
    data = await build(directory / f"search-{articles}.sqlite3", articles=articles, chats=10)
    results: dict[str, Any] = {"articles": articles}
    results.update(index_build(data.path))
    async with local_server() as server:
        results.update(await search_times(server, data, samples))
    return results


def index_build(path: Path) -> dict[str, Any]:
    """Seconds to build both indexes from the articles (what migration 0022 does once: a
    rebuild, which leaves the same indexes) and their size on disk (pages of the FTS5 shadow
    tables; the articles table for comparison)."""
    with sqlite3.connect(path) as connection:
        register_sync(connection)
        started = time.perf_counter()
        for table in INDEXES:
            connection.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
        connection.commit()
        seconds = time.perf_counter() - started
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with sqlite3.connect(path) as connection:
        sizes = {
            table: connection.execute(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ? || '%'", (table,)
            ).fetchone()[0]
            for table in (*INDEXES, "articles")
        }
    return {
        "index_build_seconds": seconds,
        **{f"{table}_mb": size / 1e6 for table, size in sizes.items()},
    }


async def search_times(server: ServerProcess, data: Dataset, samples: int) -> dict[str, float]:
    """/search p50 and p99 per query in the bot, as part 4's handler times."""

    def commands(_: int) -> list[tuple[str, str]]:
        return [(name, f"/search {words}") for name, words in QUERIES.items()]

    return await timed_commands(server, data, samples, commands)
