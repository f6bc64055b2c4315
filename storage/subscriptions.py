"""Chats subscribed to headline alerts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.database import Database, now

_COLUMNS = (
    "chat_id, kind, title, username, language, active, cursor_article_id, subscribed_at,"
    " subscribed_by, inactive_reason"
)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's subscription; inactive ones keep their reason."""

    chat_id: int
    kind: str
    title: str | None
    username: str | None
    language: str | None
    active: bool
    cursor_article_id: int
    subscribed_at: int
    subscribed_by: int | None
    inactive_reason: str | None


def _subscription(row: aiosqlite.Row) -> Subscription:
    values = list(row)
    values[5] = bool(values[5])
    return Subscription(*values)


class SubscriptionRepository:
    """Reads and writes of the `subscriptions` table."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def subscribe(
        self,
        chat_id: int,
        kind: str,
        *,
        title: str | None = None,
        username: str | None = None,
        language: str | None = None,
        subscribed_by: int | None = None,
    ) -> bool:
        """Activate alerts for a chat from the newest article on; False if it was already active.

        The cursor only moves forward: re-subscribing never replays what was published meanwhile.
        """
        stamp = now()
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT active FROM subscriptions WHERE chat_id = ?", (chat_id,)
            ) as cursor:
                row = await cursor.fetchone()
            was_active = bool(row and row[0])
            await connection.execute(
                "INSERT INTO subscriptions (chat_id, kind, title, username, language, active,"
                " cursor_article_id, subscribed_at, subscribed_by, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 1, (SELECT coalesce(max(id), 0) FROM articles), ?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind,"
                " title = coalesce(excluded.title, title),"
                " username = coalesce(excluded.username, username),"
                " language = coalesce(excluded.language, language),"
                " active = 1, inactive_reason = NULL, updated_at = excluded.updated_at,"
                " cursor_article_id = CASE WHEN active = 1 THEN cursor_article_id"
                "   ELSE max(cursor_article_id, excluded.cursor_article_id) END,"
                " subscribed_at = CASE WHEN active = 1 THEN subscribed_at"
                "   ELSE excluded.subscribed_at END,"
                " subscribed_by = CASE WHEN active = 1 THEN subscribed_by"
                "   ELSE excluded.subscribed_by END",
                (chat_id, kind, title, username, language, stamp, subscribed_by, stamp),
            )
        return not was_active

    async def unsubscribe(self, chat_id: int, reason: str = "unsubscribed") -> bool:
        """Stop alerts for a chat; False if it was not subscribed."""
        return await self.deactivate(chat_id, reason)

    async def deactivate(self, chat_id: int, reason: str) -> bool:
        """Stop alerts for a chat and fail its unsent ones; False if it was not active."""
        stamp = now()
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?"
                " WHERE chat_id = ? AND active = 1",
                (reason, stamp, chat_id),
            )
            changed = cursor.rowcount > 0
            await cursor.close()
            await connection.execute(
                "UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ?"
                " WHERE chat_id = ? AND state = 'due'",
                (f"chat inactive: {reason}", stamp, chat_id),
            )
        return changed

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> set[int]:
        """A group became a supergroup: the subscription and its unsent alerts follow it.

        Returns the old id's unsent alerts failed instead of moved, because the new id (also
        subscribed) has its own alert through the same article, waiting or sent: each headline
        reaches the chat once. An alert in hand (claimed) moves too, so that its sender follows
        it to the new id unless it is among those returned.
        """
        stamp = now()
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT 1 FROM subscriptions WHERE chat_id = ?", (new_chat_id,)
            ) as cursor:
                target_exists = await cursor.fetchone() is not None
            if target_exists:
                # Both ids subscribed: keep the furthest cursor so nothing is sent twice. The
                # old id may be gone already (an earlier alert of it met the migration first):
                # then the new id's subscription stays as it is.
                await connection.execute(
                    "UPDATE subscriptions SET active = 1, inactive_reason = NULL, updated_at = ?,"
                    " cursor_article_id = max(cursor_article_id, (SELECT cursor_article_id"
                    " FROM subscriptions WHERE chat_id = ?)) WHERE chat_id = ? AND EXISTS"
                    " (SELECT 1 FROM subscriptions WHERE chat_id = ? AND active = 1)",
                    (stamp, old_chat_id, new_chat_id, old_chat_id),
                )
                await connection.execute(
                    "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?"
                    " WHERE chat_id = ?",
                    (f"migrated to {new_chat_id}", stamp, old_chat_id),
                )
            else:
                await connection.execute(
                    "UPDATE subscriptions SET chat_id = ?, kind = 'supergroup', updated_at = ?"
                    " WHERE chat_id = ?",
                    (new_chat_id, stamp, old_chat_id),
                )
            cursor = await connection.execute(
                "UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ?"
                " WHERE chat_id = ? AND state IN ('due', 'claimed') AND through_article_id IN"
                " (SELECT through_article_id FROM outbox"
                " WHERE chat_id = ? AND state IN ('due', 'claimed', 'sent'))"
                " RETURNING id",
                (
                    f"migrated to {new_chat_id}, which has its own alert",
                    stamp,
                    old_chat_id,
                    new_chat_id,
                ),
            )
            superseded = {int(row[0]) for row in await cursor.fetchall()}
            await cursor.close()
            # What is left moves; an alert whose twin on the new id failed for good stays on
            # the old id (the pair is unique) and follows the migration when it is sent.
            await connection.execute(
                "UPDATE OR IGNORE outbox SET chat_id = ?, chat_kind = 'supergroup',"
                " updated_at = ? WHERE chat_id = ? AND state IN ('due', 'claimed')",
                (new_chat_id, stamp, old_chat_id),
            )
        return superseded

    async def get(self, chat_id: int) -> Subscription | None:
        """The chat's subscription, active or not."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _subscription(row) if row else None

    async def find_by_username(self, username: str) -> Subscription | None:
        """A subscribed channel or group by its public @username (case-insensitive)."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE lower(username) = lower(?)",
            (username.lstrip("@"),),
        ) as cursor:
            row = await cursor.fetchone()
        return _subscription(row) if row else None

    async def list(
        self, kinds: Iterable[str] = ("channel", "group", "supergroup"), limit: int = 100
    ) -> list[Subscription]:
        """Subscriptions of these kinds, active first, newest first."""
        kind_list = list(kinds)
        placeholders = ", ".join("?" for _ in kind_list)
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE kind IN ({placeholders})"
            " ORDER BY active DESC, subscribed_at DESC, chat_id LIMIT ?",
            (*kind_list, limit),
        ) as cursor:
            return [_subscription(row) for row in await cursor.fetchall()]

    async def counts(self) -> dict[tuple[str, bool], int]:
        """How many subscriptions there are by (kind, active)."""
        async with self._db.connection.execute(
            "SELECT kind, active, count(*) FROM subscriptions GROUP BY kind, active"
        ) as cursor:
            return {(row[0], bool(row[1])): int(row[2]) for row in await cursor.fetchall()}
