"""Building benchmark databases with the project's own schema, fast, straight through sqlite3."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from storage import Photo, Storage
from storage.search import indexed_after, register_sync

_BODY = (
    "U.S. Presidential Envoy Steve Witkoff advised Yury Ushakov on how Moscow should present its "
    "proposals. <b>That is according to a recording</b> reviewed by Bloomberg &amp; Ukrinform.\n\n"
) * 6
# Every fourth article is in Georgian (issue 13: search in both languages), from the desk's sample.
_BODY_KA = (
    "მარკო რუბიო - ინფორმაცია, რომ დენ დრისკოლმა უკრაინელები გარდაუვალი მარცხის შესახებ "
    "გააფრთხილა, <b>100%-ით ყალბია</b>. თბილისის მერიამ ახალი პროექტი წარადგინა &amp; "
    "საქართველოს პარლამენტმა კანონი მიიღო.\n\n"
) * 5
# A topic per article, so searches find some articles and not all: (English, Georgian).
TOPICS = (
    ("metro", "მეტრო"),
    ("budget", "ბიუჯეტი"),
    ("harvest", "რთველი"),
    ("election", "არჩევნები"),
    ("football", "ფეხბურთი"),
    ("parliament", "პარლამენტი"),
    ("energy", "ენერგეტიკა"),
    ("tourism", "ტურიზმი"),
    ("wine", "ღვინო"),
    ("border", "საზღვარი"),
    ("airport", "აეროპორტი"),
)


def article_text(n: int) -> tuple[str, str]:
    """Article `n`'s headline and body: English, or Georgian for every fourth one."""
    english, georgian = TOPICS[n % len(TOPICS)]
    if n % 4 == 0:
        return f"სათაური ნომერი {n}: {georgian} და დღის ამბები", _BODY_KA
    return f"Headline number {n}: the news of the hour on {english}", _BODY


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
    preferences: bool = False,
) -> Dataset:
    """A database with `articles` articles and `chats` active private subscribers.

    With `behind`, every subscriber's cursor sits before the newest article, so the next round
    sends one alert to each chat; with `photo`, the newest article has that lead photo (its
    alert is then a sendPhoto); with `preferences`, three sections share the articles and the
    chats have the mix of choices `_PREFERENCES` sets (issue 11).
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    await _migrate(path)  # the real migrations create the schema
    await asyncio.to_thread(_fill, path, articles, chats, first_chat_id, behind, photo)
    if preferences:
        await asyncio.to_thread(_prefer, path)
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
        register_sync(connection)  # the search indexes' triggers call it (migration 0022)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = OFF")
        with indexed_after(connection):  # the search indexes (issue 13), built once
            connection.executemany(
                "INSERT INTO articles (headline, body_html, author_id, created_at, published_at,"
                " views) VALUES (?, ?, 1, ?, ?, 0)",
                (
                    (*article_text(n), now - articles + n, now - articles + n)
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


# A realistic mix of chats' choices (issue 11), by chat id modulo 100: most keep the defaults.
# 10 % take a daily digest at 08:00, 10 % have quiet hours 23:00-07:00 (5 % of them also a
# daily digest), 5 % follow one section of three, 30 % silent digests and 5 % silent.
_PREFERENCES = (
    "UPDATE subscriptions SET digest_at = 480 WHERE chat_id % 100 < 10",
    "UPDATE subscriptions SET quiet_from = 1380, quiet_until = 420"
    " WHERE chat_id % 100 BETWEEN 5 AND 14",
    "UPDATE subscriptions SET follows_all = 0 WHERE chat_id % 100 BETWEEN 20 AND 24",
    "INSERT INTO followed_sections (chat_id, thread_id, section_id)"
    " SELECT chat_id, 0, 1 + chat_id % 3 FROM subscriptions WHERE follows_all = 0",
    "UPDATE subscriptions SET notifications = 'silent_digests'"
    " WHERE chat_id % 100 BETWEEN 40 AND 69",
    "UPDATE subscriptions SET notifications = 'silent' WHERE chat_id % 100 BETWEEN 70 AND 74",
)


def _prefer(path: Path) -> None:
    now = int(time.time())
    with sqlite3.connect(path) as connection:
        register_sync(connection)
        connection.execute("PRAGMA synchronous = OFF")
        connection.executemany(
            "INSERT INTO sections (name_en, name_ka, key_en, key_ka, position, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (en, ka, en.lower(), ka, position, now, now)
                for position, (en, ka) in enumerate(
                    [("World", "მსოფლიო"), ("Georgia", "საქართველო"), ("Business", "ბიზნესი")],
                    start=1,
                )
            ],
        )
        connection.execute("UPDATE articles SET section_id = 1 + id % 3")
        for statement in _PREFERENCES:
            connection.execute(statement)
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def _migrate(path: Path) -> None:
    storage = await Storage.open(path)
    await storage.close()
