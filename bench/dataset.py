"""Building benchmark databases with the project's own schema, fast, straight through sqlite3."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from storage import Photo, Storage

_BODY = (
    "U.S. Presidential Envoy Steve Witkoff advised Yury Ushakov on how Moscow should present its "
    "proposals. <b>That is according to a recording</b> reviewed by Bloomberg &amp; Ukrinform.\n\n"
) * 6


@dataclass(frozen=True, slots=True)
class Dataset:
    """A database file and what it holds."""

    path: Path
    articles: int
    chats: int
    first_chat_id: int
    build_seconds: float
    disk_bytes: int


async def build(
    path: Path,
    *,
    articles: int,
    chats: int,
    first_chat_id: int = 1_000_000,
    behind: bool = True,
    photo: Photo | None = None,
) -> Dataset:
    """A database with `articles` articles and `chats` active private subscribers.

    With `behind`, every subscriber's cursor sits before the newest article, so the next round
    sends one alert to each chat; with `photo`, the newest article has that lead photo (its
    alert is then a sendPhoto).
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    await _migrate(path)  # the real migrations create the schema
    await asyncio.to_thread(_fill, path, articles, chats, first_chat_id, behind, photo)
    seconds = time.perf_counter() - started
    disk = sum(
        Path(f"{path}{suffix}").stat().st_size
        for suffix in ("", "-wal", "-shm")
        if Path(f"{path}{suffix}").exists()
    )
    return Dataset(path, articles, chats, first_chat_id, seconds, disk)


def _fill(
    path: Path, articles: int, chats: int, first_chat_id: int, behind: bool, photo: Photo | None
) -> None:
    now = int(time.time())
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executemany(
            "INSERT INTO articles (headline, body_html, author_id, created_at, published_at, views)"
            " VALUES (?, ?, 1, ?, ?, 0)",
            (
                (
                    f"Headline number {n}: the news of the hour",
                    _BODY,
                    now - articles + n,
                    now - articles + n,
                )
                for n in range(1, articles + 1)
            ),
        )
        if photo is not None:
            connection.execute(
                "UPDATE articles SET photo_file_id = ?, photo_unique_id = ?, photo_width = ?,"
                " photo_height = ?, photo_size = ? WHERE id = (SELECT max(id) FROM articles)",
                photo.columns(),
            )
        cursor = articles - 1 if behind else articles
        connection.executemany(
            "INSERT INTO subscriptions (chat_id, kind, language, active, cursor_article_id,"
            " subscribed_at, updated_at) VALUES (?, 'private', 'en', 1, ?, ?, ?)",
            (
                (chat_id, cursor, now, now)
                for chat_id in range(first_chat_id, first_chat_id + chats)
            ),
        )
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def _migrate(path: Path) -> None:
    storage = await Storage.open(path)
    await storage.close()
