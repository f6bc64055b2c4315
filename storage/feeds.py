"""Feeds (issue 12, migration 0019): the feeds polled, and every entry each one ever showed.

An entry is known by its feed and key (its id, or its link) forever: seen once, never new again.
An entry that becomes an article is written in the transaction that inserts the article
(`record_article`), so a crash cannot leave an article whose entry would be imported twice, nor
an entry marked published with no article. Articles of a feed's first poll are imported quietly:
the same transaction moves the cursors of the chats that had every earlier headline past them,
so no digest announces them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import aiosqlite

from storage.articles import insert_article
from storage.database import Database, now
from storage.models import URL_PHOTO, Article, Photo

FeedMode = Literal["publish", "review"]
"""`publish`: each new entry becomes an article; `review`: a preview waits for an editor."""

EntryState = Literal["published", "imported", "seen", "review", "skipped", "edited"]
"""What became of an entry (migration 0019 says what each means)."""

_FEED_COLUMNS = (
    "id, url, section_id, mode, paused, added_by, added_at, etag, last_modified, next_poll_at,"
    " primed_at, last_success_at, last_error, last_error_at, failures, error_reported"
)
_PHOTO_COLUMNS = "photo_file_id, photo_unique_id, photo_width, photo_height, photo_size"
_ENTRY_COLUMNS = "id, feed_id, entry_key, fingerprint, updated, state, article_id"
_CONTENT_COLUMNS = "entry_key, headline, body_html, link, photo_url, published_at, updated"
# The newest article a digest announces (as storage/outbox.py reckons it): chats whose cursor
# reached it had every headline before a quiet import.
_NEWEST_DIGESTED = (
    "SELECT coalesce((SELECT id FROM articles WHERE breaking = 0 ORDER BY id DESC LIMIT 1), 0)"
)


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed as stored: validators of its last full answer (`etag`, `last_modified`), when it
    is polled next, and how its polls went (`failures` in a row; `error_reported` once a streak
    went to the operator)."""

    id: int
    url: str
    section_id: int | None
    mode: FeedMode
    paused: bool
    added_by: int
    added_at: int
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: float = 0.0
    primed_at: int | None = None
    last_success_at: int | None = None
    last_error: str | None = None
    last_error_at: int | None = None
    failures: int = 0
    error_reported: bool = False


@dataclass(frozen=True, slots=True)
class FeedItem:
    """An entry as it becomes an article: `key` its id (or link), the headline and safe HTML
    body, its page (`link`), lead photo URL and publication time (None: the feed gave none),
    its own `updated` date and a `fingerprint` of what readers see (a change is a correction)."""

    key: str
    headline: str
    body_html: str
    link: str | None
    photo_url: str | None
    published_at: int | None
    updated: str | None
    fingerprint: str


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """What is kept of an entry already seen: enough to tell whether it changed."""

    id: int
    feed_id: int
    key: str
    fingerprint: str
    updated: str | None
    state: EntryState
    article_id: int | None


@dataclass(frozen=True, slots=True)
class Review:
    """An entry waiting for an editor's Publish / Edit / Skip, with its feed's section."""

    id: int
    feed: Feed
    state: EntryState
    item: FeedItem


def _feed(row: aiosqlite.Row) -> Feed:
    return Feed(
        row[0],
        row[1],
        row[2],
        row[3],
        bool(row[4]),
        row[5],
        row[6],
        row[7],
        row[8],
        float(row[9]),
        row[10],
        row[11],
        row[12],
        row[13],
        row[14],
        bool(row[15]),
    )


def _entry(row: aiosqlite.Row) -> StoredEntry:
    return StoredEntry(row[0], row[1], row[2], row[3], row[4], row[5], row[6])


class FeedRepository:
    """Reads and writes of the `feeds` and `feed_entries` tables."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # ----- feeds ---------------------------------------------------------------------------

    async def add(
        self, url: str, added_by: int, *, section_id: int | None = None, mode: FeedMode = "publish"
    ) -> Feed | None:
        """Add a feed, due at once; None if a live feed has this URL already."""
        try:
            async with (
                self._db.transaction() as connection,
                connection.execute(
                    "INSERT INTO feeds (url, section_id, mode, added_by, added_at)"
                    f" VALUES (?, ?, ?, ?, ?) RETURNING {_FEED_COLUMNS}",
                    (url, section_id, mode, added_by, now()),
                ) as cursor,
            ):
                row = await cursor.fetchone()
        except sqlite3.IntegrityError:
            return None
        assert row is not None
        return _feed(row)

    async def seed(self, url: str, added_by: int, *, section_id: int | None = None) -> Feed | None:
        """Add a feed the operator's settings name, due at once; None if this URL was ever
        added, live or removed (an editor's /removefeed outlives restarts: only /addfeed brings
        the feed back)."""
        async with (
            self._db.transaction() as connection,
            connection.execute(
                "INSERT INTO feeds (url, section_id, mode, added_by, added_at)"
                " SELECT :url, :section_id, 'publish', :added_by, :added_at"
                " WHERE NOT EXISTS (SELECT 1 FROM feeds WHERE url = :url)"
                f" RETURNING {_FEED_COLUMNS}",
                {"url": url, "section_id": section_id, "added_by": added_by, "added_at": now()},
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return _feed(row) if row is not None else None

    async def get(self, feed_id: int) -> Feed | None:
        """The live feed with this id, if any."""
        async with self._db.connection.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ? AND removed_at IS NULL", (feed_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _feed(row) if row else None

    async def live(self) -> list[Feed]:
        """Every feed not removed, oldest first."""
        async with self._db.connection.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE removed_at IS NULL ORDER BY id"
        ) as cursor:
            return [_feed(row) for row in await cursor.fetchall()]

    async def remove(self, feed_id: int) -> bool:
        """Stop polling the feed for good (its entries are kept); False: no such live feed."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE feeds SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                (now(), feed_id),
            )
            return cursor.rowcount > 0

    async def set_paused(self, feed_id: int, paused: bool) -> bool:
        """Pause or resume the feed (resumed: due at once); False: no such live feed."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE feeds SET paused = ?, next_poll_at = 0 WHERE id = ? AND removed_at IS NULL",
                (int(paused), feed_id),
            )
            return cursor.rowcount > 0

    async def due(self, at: float, limit: int) -> list[Feed]:
        """Live, unpaused feeds whose time to be polled has come, longest waiting first."""
        async with self._db.connection.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE removed_at IS NULL AND paused = 0"
            " AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?",
            (at, limit),
        ) as cursor:
            return [_feed(row) for row in await cursor.fetchall()]

    async def next_due_at(self) -> float | None:
        """When the next live, unpaused feed is due, if there is one."""
        async with self._db.connection.execute(
            "SELECT min(next_poll_at) FROM feeds WHERE removed_at IS NULL AND paused = 0"
        ) as cursor:
            row = await cursor.fetchone()
        return float(row[0]) if row and row[0] is not None else None

    async def succeeded(
        self,
        feed_id: int,
        next_poll_at: float,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        changed: bool = True,
    ) -> None:
        """A poll worked: the failure streak ends; with `changed` (a 200, not a 304) its new
        validators are kept and the feed counts as primed."""
        stamp = now()
        if changed:
            sql = (
                "UPDATE feeds SET last_success_at = ?, failures = 0, error_reported = 0,"
                " next_poll_at = ?, etag = ?, last_modified = ?,"
                " primed_at = coalesce(primed_at, ?) WHERE id = ?"
            )
            values: tuple[object, ...] = (stamp, next_poll_at, etag, last_modified, stamp, feed_id)
        else:
            sql = (
                "UPDATE feeds SET last_success_at = ?, failures = 0, error_reported = 0,"
                " next_poll_at = ? WHERE id = ?"
            )
            values = (stamp, next_poll_at, feed_id)
        async with self._db.transaction() as connection:
            await connection.execute(sql, values)

    async def failed(self, feed_id: int, error: str, next_poll_at: float) -> Feed | None:
        """A poll failed: one more in the streak, the error kept; the feed as it is now."""
        async with (
            self._db.transaction() as connection,
            connection.execute(
                "UPDATE feeds SET failures = failures + 1, last_error = ?, last_error_at = ?,"
                f" next_poll_at = ? WHERE id = ? RETURNING {_FEED_COLUMNS}",
                (error, now(), next_poll_at, feed_id),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return _feed(row) if row else None

    async def mark_reported(self, feed_id: int) -> None:
        """The current failure streak went to the operator: not again until it ends."""
        async with self._db.transaction() as connection:
            await connection.execute("UPDATE feeds SET error_reported = 1 WHERE id = ?", (feed_id,))

    # ----- entries -------------------------------------------------------------------------

    async def entries(self, feed_id: int, keys: Sequence[str]) -> dict[str, StoredEntry]:
        """The entries of the feed already seen among `keys`, by key."""
        found: dict[str, StoredEntry] = {}
        # In slices: SQLite bounds a statement's parameters.
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            async with self._db.connection.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM feed_entries"
                f" WHERE feed_id = ? AND entry_key IN ({marks})",
                (feed_id, *chunk),
            ) as cursor:
                for row in await cursor.fetchall():
                    found[row[2]] = _entry(row)
        return found

    async def remember(self, feed_id: int, items: Iterable[FeedItem], state: EntryState) -> int:
        """Keep entries that become no article (now): `seen` (older than the feed) or `review`
        (content kept for the editor's decision). Entries known already are left as they are;
        how many were new."""
        stamp = now()
        rows = [
            (feed_id, item.key, item.fingerprint, item.updated, state, item.headline,
             item.body_html, item.link, item.photo_url, item.published_at, stamp)
            for item in items
        ]  # fmt: skip
        async with self._db.transaction() as connection:
            before = connection.total_changes
            await connection.executemany(
                "INSERT OR IGNORE INTO feed_entries (feed_id, entry_key, fingerprint, updated,"
                " state, headline, body_html, link, photo_url, published_at, seen_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return connection.total_changes - before

    async def record_article(
        self,
        feed: Feed,
        item: FeedItem,
        *,
        author_id: int,
        state: Literal["published", "imported"],
        origin: str,
        decided_by: int | None = None,
    ) -> Article | None:
        """Insert the entry's article (in the feed's section, with its page and photo URL, dated
        when the feed says it was published, never later than now) and record the entry as
        `state`, in one transaction. `imported`: quietly, no digest announces it.

        An entry waiting for review is published only once (two editors pressing Publish):
        None if it is no longer waiting, or was recorded by another poll meanwhile.
        """
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT state FROM feed_entries WHERE feed_id = ? AND entry_key = ?",
                (feed.id, item.key),
            ) as cursor:
                known = await cursor.fetchone()
            if known is not None and known[0] != "review":
                return None
            async with connection.execute(_NEWEST_DIGESTED) as cursor:
                row = await cursor.fetchone()
            newest_before = int(row[0]) if row else 0
            article = await insert_article(
                connection,
                item.headline,
                item.body_html,
                author_id,
                origin=origin,
                photo=None,
                section_id=feed.section_id,
            )
            published_at = min(item.published_at or article.published_at, article.published_at)
            await connection.execute(
                "UPDATE articles SET canonical_url = ?, photo_url = ?, published_at = ?"
                " WHERE id = ?",
                (item.link, item.photo_url, published_at, article.id),
            )
            await _store_entry(connection, feed.id, item, state, article.id, decided_by)
            if state == "imported":
                await connection.execute(
                    "UPDATE subscriptions SET cursor_article_id = ? WHERE cursor_article_id >= ?",
                    (article.id, newest_before),
                )
        return replace(
            article, canonical_url=item.link, photo_url=item.photo_url, published_at=published_at
        )

    async def changed(self, entry_id: int, item: FeedItem) -> None:
        """The entry now reads as `item` (its article corrected, or its content kept anew)."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE feed_entries SET fingerprint = ?, updated = ?, headline = ?,"
                " body_html = ?, link = ?, photo_url = ?, published_at = ? WHERE id = ?",
                (item.fingerprint, item.updated, item.headline, item.body_html, item.link,
                 item.photo_url, item.published_at, entry_id),
            )  # fmt: skip

    async def keep_photo(self, article_id: int, url: str, photo: Photo) -> bool:
        """Telegram fetched the article's photo from `url` and gave `photo`: every later send
        reuses its file_id. Its identity stays the URL (a copy already sent by URL shows the
        same photo). False: the article's photo is another one by now."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                f"UPDATE articles SET ({_PHOTO_COLUMNS}) = (?, ?, ?, ?, ?)"
                " WHERE id = ? AND photo_url = ? AND (photo_file_id IS NULL OR photo_file_id = ?)",
                (photo.file_id, URL_PHOTO + url, photo.width, photo.height, photo.size,
                 article_id, url, url),
            )  # fmt: skip
            return cursor.rowcount > 0

    async def forget_photo(self, article_id: int, url: str) -> None:
        """Telegram could not fetch the article's photo from `url`: it goes without one."""
        async with self._db.transaction() as connection:
            await connection.execute(
                f"UPDATE articles SET photo_url = NULL, ({_PHOTO_COLUMNS}) = (NULL, NULL, NULL,"
                " NULL, NULL) WHERE id = ? AND photo_url = ?"
                " AND (photo_file_id IS NULL OR photo_file_id = ?)",
                (article_id, url, url),
            )

    async def set_canonical_url(self, article_id: int, url: str | None) -> None:
        """A corrected entry's link is its article's page from now on."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE articles SET canonical_url = ? WHERE id = ?", (url, article_id)
            )

    async def review(self, entry_id: int) -> Review | None:
        """The entry with its feed (removed or not) and content, if it is one kept for review."""
        async with self._db.connection.execute(
            f"SELECT e.state, {', '.join('e.' + c for c in _CONTENT_COLUMNS.split(', '))},"
            " e.fingerprint, e.feed_id FROM feed_entries AS e"
            " WHERE e.id = ? AND e.headline IS NOT NULL AND e.state IN ('review', 'skipped',"
            " 'edited', 'published')",
            (entry_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        async with self._db.connection.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", (row[9],)
        ) as cursor:
            feed_row = await cursor.fetchone()
        assert feed_row is not None
        key, headline, body_html, link, photo_url, published_at, updated = row[1:8]
        item = FeedItem(key, headline, body_html, link, photo_url, published_at, updated, row[8])
        return Review(entry_id, _feed(feed_row), row[0], item)

    async def decide(self, entry_id: int, state: EntryState, editor_id: int) -> bool:
        """Skip an entry waiting for review, or take it into a draft (`edited`); False if it is
        no longer waiting (another editor decided first)."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE feed_entries SET state = ?, decided_by = ?"
                " WHERE id = ? AND state = 'review'",
                (state, editor_id, entry_id),
            )
            return cursor.rowcount > 0

    async def entry_id(self, feed_id: int, key: str) -> int | None:
        """The id of the feed's entry with this key (what a preview's buttons carry)."""
        async with self._db.connection.execute(
            "SELECT id FROM feed_entries WHERE feed_id = ? AND entry_key = ?", (feed_id, key)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None


async def _store_entry(
    connection: aiosqlite.Connection,
    feed_id: int,
    item: FeedItem,
    state: EntryState,
    article_id: int,
    decided_by: int | None,
) -> None:
    await connection.execute(
        "INSERT INTO feed_entries (feed_id, entry_key, fingerprint, updated, state, article_id,"
        " headline, body_html, link, photo_url, published_at, seen_at, decided_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (feed_id, entry_key) DO UPDATE SET state = excluded.state,"
        " article_id = excluded.article_id, decided_by = excluded.decided_by",
        (feed_id, item.key, item.fingerprint, item.updated, state, article_id, item.headline,
         item.body_html, item.link, item.photo_url, item.published_at, now(), decided_by),
    )  # fmt: skip
