"""Chats subscribed to headline alerts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import aiosqlite

from storage.database import Database, now

_COLUMNS = (
    "chat_id, kind, title, username, language, active, cursor_article_id, subscribed_at,"
    " subscribed_by, inactive_reason, subscribed_by_name"
)

PENDING: Final = "pending"
"""The `inactive_reason` of a chat waiting for an editor's approval (migration 0007)."""

# The newest article: a chat that starts getting alerts gets only what is published after it.
_NEWEST_ARTICLE = "(SELECT coalesce(max(id), 0) FROM articles)"


# A chat asking for alerts, inserted, or on conflict described afresh; what the conflict does to
# its state follows (`subscribe` and `hold`). Values from `_upsert_values`.
_UPSERT = (
    "INSERT INTO subscriptions (chat_id, kind, title, username, language, active,"
    " cursor_article_id, subscribed_at, subscribed_by, subscribed_by_name, inactive_reason,"
    f" updated_at) VALUES (?, ?, ?, ?, ?, ?, {_NEWEST_ARTICLE}, ?, ?, ?, ?, ?)"
    " ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind,"
    " title = coalesce(excluded.title, title),"
    " username = coalesce(excluded.username, username),"
    " language = coalesce(excluded.language, language),"
)

# (chat_id, kind, title, username, language) and (subscribed_by, subscribed_by_name).
_Chat = tuple[int, str, str | None, str | None, str | None]
_By = tuple[int | None, str | None]


def _upsert_values(chat: _Chat, by: _By, *, active: bool, reason: str | None) -> tuple[object, ...]:
    stamp = now()
    return (*chat, int(active), stamp, *by, reason, stamp)


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
    subscribed_by_name: str | None = None

    @property
    def pending(self) -> bool:
        """Whether the chat waits for an editor's approval before it gets headlines."""
        return not self.active and self.inactive_reason == PENDING


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
        subscribed_by_name: str | None = None,
    ) -> bool:
        """Activate alerts for a chat from the newest article on; False if it was already active.

        The cursor only moves forward: re-subscribing never replays what was published meanwhile.
        """
        chat = (chat_id, kind, title, username, language)
        by = (subscribed_by, subscribed_by_name)
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT active FROM subscriptions WHERE chat_id = ?", (chat_id,)
            ) as cursor:
                row = await cursor.fetchone()
            was_active = bool(row and row[0])
            await connection.execute(
                _UPSERT + " active = 1, inactive_reason = NULL, updated_at = excluded.updated_at,"
                " cursor_article_id = CASE WHEN active = 1 THEN cursor_article_id"
                "   ELSE max(cursor_article_id, excluded.cursor_article_id) END,"
                " subscribed_at = CASE WHEN active = 1 THEN subscribed_at"
                "   ELSE excluded.subscribed_at END,"
                " subscribed_by = CASE WHEN active = 1 THEN subscribed_by"
                "   ELSE excluded.subscribed_by END,"
                " subscribed_by_name = CASE WHEN active = 1 THEN subscribed_by_name"
                "   ELSE excluded.subscribed_by_name END",
                _upsert_values(chat, by, active=True, reason=None),
            )
        return not was_active

    async def hold(
        self,
        chat_id: int,
        kind: str,
        *,
        title: str | None = None,
        username: str | None = None,
        language: str | None = None,
        subscribed_by: int | None = None,
        subscribed_by_name: str | None = None,
    ) -> bool:
        """Keep a chat waiting for an editor's approval; False if it is active or waits already.

        A waiting chat is inactive (reason PENDING), so no round plans alerts for it.
        """
        chat = (chat_id, kind, title, username, language)
        by = (subscribed_by, subscribed_by_name)
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                _UPSERT + " subscribed_at = excluded.subscribed_at,"
                " subscribed_by = excluded.subscribed_by,"
                " subscribed_by_name = excluded.subscribed_by_name,"
                " inactive_reason = excluded.inactive_reason, updated_at = excluded.updated_at"
                " WHERE active = 0 AND inactive_reason IS NOT excluded.inactive_reason",
                _upsert_values(chat, by, active=False, reason=PENDING),
            )
            changed = cursor.rowcount > 0
            await cursor.close()
        return changed

    async def approve(self, chat_id: int) -> bool:
        """Start alerts for a waiting chat from the newest article on; False if it was not waiting.

        Its cursor only moves forward, so nothing published while it waited is sent.
        """
        stamp = now()
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET active = 1, inactive_reason = NULL, subscribed_at = ?,"
                f" cursor_article_id = max(cursor_article_id, {_NEWEST_ARTICLE}), updated_at = ?"
                " WHERE chat_id = ? AND active = 0 AND inactive_reason = ?",
                (stamp, stamp, chat_id, PENDING),
            )
            changed = cursor.rowcount > 0
            await cursor.close()
        return changed

    async def reject(self, chat_id: int, reason: str) -> bool:
        """A waiting chat stays without alerts, for `reason`; False if it was not waiting."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET inactive_reason = ?, updated_at = ?"
                " WHERE chat_id = ? AND active = 0 AND inactive_reason = ?",
                (reason, now(), chat_id, PENDING),
            )
            changed = cursor.rowcount > 0
            await cursor.close()
        return changed

    async def unsubscribe(self, chat_id: int, reason: str = "unsubscribed") -> bool:
        """Stop alerts for a chat; False if it was not subscribed."""
        return await self.deactivate(chat_id, reason)

    async def deactivate(self, chat_id: int, reason: str) -> bool:
        """Stop alerts for a chat and fail its unsent ones; False if it was neither active nor
        waiting for approval (a waiting chat takes the new reason, so it can no longer be
        approved)."""
        stamp = now()
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?"
                " WHERE chat_id = ? AND (active = 1 OR inactive_reason = ?)",
                (reason, stamp, chat_id, PENDING),
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
        """Subscriptions of these kinds: waiting for approval first, then active, newest first."""
        kind_list = list(kinds)
        placeholders = ", ".join("?" for _ in kind_list)
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE kind IN ({placeholders})"
            " ORDER BY inactive_reason IS ? DESC, active DESC, subscribed_at DESC, chat_id"
            " LIMIT ?",
            (*kind_list, PENDING, limit),
        ) as cursor:
            return [_subscription(row) for row in await cursor.fetchall()]

    async def counts(self) -> dict[tuple[str, bool], int]:
        """How many subscriptions there are by (kind, active)."""
        async with self._db.connection.execute(
            "SELECT kind, active, count(*) FROM subscriptions GROUP BY kind, active"
        ) as cursor:
            return {(row[0], bool(row[1])): int(row[2]) for row in await cursor.fetchall()}
