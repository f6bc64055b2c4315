"""Chats, and topics of forum supergroups, subscribed to headline alerts.

A subscription is keyed by (chat_id, thread_id): thread_id 0 is the chat itself (a forum's
General topic included), any other a forum topic's message_thread_id (migration 0014). Every
method that takes a chat takes its topic as `thread_id` (default 0, the chat itself), except
where a chat-wide fact acts on every topic at once: `deactivate` without a `thread_id` (the bot
blocked or removed), `migrate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal, get_args

import aiosqlite

from storage.database import Database, now

_COLUMNS = (
    "chat_id, kind, title, username, language, active, cursor_article_id, subscribed_at,"
    " subscribed_by, inactive_reason, subscribed_by_name, thread_id, topic, follows_all,"
    " notifications, digest_at, quiet_from, quiet_until"
)

Notifications = Literal["sound", "silent_digests", "silent"]
"""How a subscription is notified (migration 0017): with sound (the default); digests silent,
breaking news with sound; or everything silent."""
NOTIFICATIONS: Final[tuple[Notifications, ...]] = get_args(Notifications)

PENDING: Final = "pending"
"""The `inactive_reason` of a chat waiting for an editor's approval (migration 0007)."""

# The newest article: a chat that starts getting alerts gets only what is published after it.
_NEWEST_ARTICLE = "(SELECT coalesce(max(id), 0) FROM articles)"


# A chat or topic asking for alerts, inserted, or on conflict described afresh; what the
# conflict does to its state follows (`subscribe` and `hold`). Values from `_upsert_values`.
_UPSERT = (
    "INSERT INTO subscriptions (chat_id, thread_id, kind, title, username, language, topic,"
    " active, cursor_article_id, subscribed_at, subscribed_by, subscribed_by_name,"
    f" inactive_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, {_NEWEST_ARTICLE}, ?, ?, ?,"
    " ?, ?) ON CONFLICT (chat_id, thread_id) DO UPDATE SET kind = excluded.kind,"
    " title = coalesce(excluded.title, title),"
    " username = coalesce(excluded.username, username),"
    " language = coalesce(excluded.language, language),"
    " topic = coalesce(excluded.topic, topic),"
)

# (chat_id, thread_id, kind, title, username, language, topic) and (subscribed_by,
# subscribed_by_name).
_Chat = tuple[int, int, str, str | None, str | None, str | None, str | None]
_By = tuple[int | None, str | None]


def _upsert_values(chat: _Chat, by: _By, *, active: bool, reason: str | None) -> tuple[object, ...]:
    stamp = now()
    return (*chat, int(active), stamp, *by, reason, stamp)


# Among a chat's subscriptions, the one that stands for the chat: see `of_chat`.
_CHAT_FIRST = "ORDER BY active DESC, thread_id"


def _scope(chat_id: int, thread_id: int | None) -> tuple[str, tuple[int, ...]]:
    """The WHERE condition (and its parameters) for a chat's topic, or every topic of the chat
    when `thread_id` is None."""
    if thread_id is None:
        return "chat_id = ?", (chat_id,)
    return "chat_id = ? AND thread_id = ?", (chat_id, thread_id)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's subscription, or a forum topic's (`thread_id`, its name `topic` if Telegram
    showed it); inactive ones keep their reason."""

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
    thread_id: int = 0
    topic: str | None = None
    # Every section, new ones included (migration 0016); else the chosen ones (`followed`).
    follows_all: bool = True
    # With sound, silent digests or silent for everything (migration 0017).
    notifications: Notifications = "sound"
    # A daily digest at this minute of the day in TIMEZONE instead of every round, and quiet
    # hours from one minute of the day until another (migration 0018); None: none.
    digest_at: int | None = None
    quiet_from: int | None = None
    quiet_until: int | None = None

    @property
    def quiet_hours(self) -> tuple[int, int] | None:
        """(from, until) in minutes of the day, or None."""
        if self.quiet_from is None or self.quiet_until is None:
            return None
        return self.quiet_from, self.quiet_until

    @property
    def pending(self) -> bool:
        """Whether the chat waits for an editor's approval before it gets headlines."""
        return not self.active and self.inactive_reason == PENDING


def _subscription(row: aiosqlite.Row) -> Subscription:
    values = list(row)
    values[5] = bool(values[5])
    values[13] = bool(values[13])
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
        thread_id: int = 0,
        topic: str | None = None,
        title: str | None = None,
        username: str | None = None,
        language: str | None = None,
        subscribed_by: int | None = None,
        subscribed_by_name: str | None = None,
    ) -> bool:
        """Activate alerts for a chat (or its topic) from the newest article on; False if it
        was already active.

        The cursor only moves forward: re-subscribing never replays what was published meanwhile.
        """
        chat = (chat_id, thread_id, kind, title, username, language, topic)
        by = (subscribed_by, subscribed_by_name)
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT active FROM subscriptions WHERE chat_id = ? AND thread_id = ?",
                (chat_id, thread_id),
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
        thread_id: int = 0,
        topic: str | None = None,
        title: str | None = None,
        username: str | None = None,
        language: str | None = None,
        subscribed_by: int | None = None,
        subscribed_by_name: str | None = None,
    ) -> bool:
        """Keep a chat (or its topic) waiting for an editor's approval; False if it is active
        or waits already.

        A waiting chat is inactive (reason PENDING), so no round plans alerts for it.
        """
        chat = (chat_id, thread_id, kind, title, username, language, topic)
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

    async def approve(self, chat_id: int, thread_id: int = 0) -> bool:
        """Start alerts for a waiting chat (or topic) from the newest article on; False if it
        was not waiting.

        Its cursor only moves forward, so nothing published while it waited is sent.
        """
        stamp = now()
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET active = 1, inactive_reason = NULL, subscribed_at = ?,"
                f" cursor_article_id = max(cursor_article_id, {_NEWEST_ARTICLE}), updated_at = ?"
                " WHERE chat_id = ? AND thread_id = ? AND active = 0 AND inactive_reason = ?",
                (stamp, stamp, chat_id, thread_id, PENDING),
            )
            changed = cursor.rowcount > 0
            await cursor.close()
        return changed

    async def reject(self, chat_id: int, reason: str, thread_id: int = 0) -> bool:
        """A waiting chat (or topic) stays without alerts, for `reason`; False if it was not
        waiting."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET inactive_reason = ?, updated_at = ?"
                " WHERE chat_id = ? AND thread_id = ? AND active = 0 AND inactive_reason = ?",
                (reason, now(), chat_id, thread_id, PENDING),
            )
            changed = cursor.rowcount > 0
            await cursor.close()
        return changed

    async def unsubscribe(
        self, chat_id: int, reason: str = "unsubscribed", thread_id: int | None = None
    ) -> bool:
        """Stop alerts for a chat's topic, or the whole chat without `thread_id`; False if it
        was not subscribed."""
        return await self.deactivate(chat_id, reason, thread_id)

    async def deactivate(self, chat_id: int, reason: str, thread_id: int | None = None) -> bool:
        """Stop alerts for one topic of a chat (`thread_id`; 0 is the chat itself), or for the
        chat and every topic of it (None: blocked, removed, gone), and fail their unsent ones;
        False if none was active or waiting for approval (a waiting one takes the new reason,
        so it can no longer be approved)."""
        stamp = now()
        where, key = _scope(chat_id, thread_id)
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?"
                f" WHERE {where} AND (active = 1 OR inactive_reason = ?)",
                (reason, stamp, *key, PENDING),
            )
            changed = cursor.rowcount > 0
            await cursor.close()
            await connection.execute(
                "UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ?"
                f" WHERE {where} AND state = 'due'",
                (f"chat inactive: {reason}", stamp, *key),
            )
        return changed

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> set[int]:
        """A group became a supergroup: its subscriptions (every topic) and unsent alerts
        follow it.

        Returns the old id's unsent alerts failed instead of moved, because the new id (also
        subscribed, in the same topic) has its own alert through the same article, waiting or
        sent: each headline reaches each topic once. An alert in hand (claimed) moves too, so
        that its sender follows it to the new id unless it is among those returned.
        """
        stamp = now()
        # The old chat's topics the new id has a subscription of, too.
        twins = (
            "SELECT 1 FROM subscriptions AS other WHERE other.chat_id = ?"
            " AND other.thread_id = subscriptions.thread_id"
        )
        async with self._db.transaction() as connection:
            # Both ids subscribed: keep the furthest cursor so nothing is sent twice. The old
            # id may be gone already (an earlier alert of it met the migration first): then
            # the new id's subscription stays as it is.
            await connection.execute(
                "UPDATE subscriptions SET active = 1, inactive_reason = NULL, updated_at = ?,"
                " cursor_article_id = max(cursor_article_id, (SELECT other.cursor_article_id"
                " FROM subscriptions AS other WHERE other.chat_id = ?"
                " AND other.thread_id = subscriptions.thread_id))"
                f" WHERE chat_id = ? AND EXISTS ({twins} AND other.active = 1)",
                (stamp, old_chat_id, new_chat_id, old_chat_id),
            )
            await connection.execute(
                "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?"
                f" WHERE chat_id = ? AND EXISTS ({twins})",
                (f"migrated to {new_chat_id}", stamp, old_chat_id, new_chat_id),
            )
            await connection.execute(
                "UPDATE subscriptions SET chat_id = ?, kind = 'supergroup', updated_at = ?"
                f" WHERE chat_id = ? AND NOT EXISTS ({twins})",
                (new_chat_id, stamp, old_chat_id, new_chat_id),
            )
            # The sections the moved topics follow move with them (a twin keeps the new id's).
            await connection.execute(
                "UPDATE OR IGNORE followed_sections SET chat_id = ? WHERE chat_id = ?"
                " AND NOT EXISTS (SELECT 1 FROM subscriptions AS s WHERE s.chat_id = ?"
                " AND s.thread_id = followed_sections.thread_id)",
                (new_chat_id, old_chat_id, old_chat_id),
            )
            cursor = await connection.execute(
                "UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ?"
                " WHERE chat_id = ? AND state IN ('due', 'claimed') AND EXISTS"
                " (SELECT 1 FROM outbox AS other WHERE other.chat_id = ?"
                " AND other.thread_id = outbox.thread_id"
                " AND other.through_article_id = outbox.through_article_id"
                " AND other.state IN ('due', 'claimed', 'sent'))"
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
            # the old id (the triple is unique) and follows the migration when it is sent.
            await connection.execute(
                "UPDATE OR IGNORE outbox SET chat_id = ?, chat_kind = 'supergroup',"
                " updated_at = ? WHERE chat_id = ? AND state IN ('due', 'claimed')",
                (new_chat_id, stamp, old_chat_id),
            )
        return superseded

    async def followed(self, chat_id: int, thread_id: int = 0) -> frozenset[int] | None:
        """The sections the subscription chose to follow (some may since be removed), or None
        when it follows all (or does not exist)."""
        async with self._db.connection.execute(
            "SELECT follows_all, (SELECT group_concat(f.section_id) FROM followed_sections AS f"
            " WHERE f.chat_id = s.chat_id AND f.thread_id = s.thread_id)"
            " FROM subscriptions AS s WHERE s.chat_id = ? AND s.thread_id = ?",
            (chat_id, thread_id),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or row[0]:
            return None
        return frozenset(int(part) for part in (row[1] or "").split(",") if part)

    async def toggle_section(self, chat_id: int, thread_id: int, section_id: int) -> bool:
        """Follow the live section if the subscription does not, else stop following it;
        False if there is no such subscription or live section.

        A subscription that followed all first chooses every live section, then loses this
        one: from then on a new section is not followed until it is chosen (`follow_all`).
        """
        key = (chat_id, thread_id)
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT EXISTS (SELECT 1 FROM subscriptions WHERE chat_id = ? AND thread_id = ?)"
                " AND EXISTS (SELECT 1 FROM sections WHERE id = ? AND removed_at IS NULL)",
                (*key, section_id),
            ) as cursor:
                row = await cursor.fetchone()
            if not row or not row[0]:
                return False
            cursor = await connection.execute(
                "UPDATE subscriptions SET follows_all = 0, updated_at = ?"
                " WHERE chat_id = ? AND thread_id = ? AND follows_all = 1",
                (now(), *key),
            )
            chose = cursor.rowcount
            await cursor.close()
            if chose:
                await connection.execute(
                    "INSERT OR IGNORE INTO followed_sections (chat_id, thread_id, section_id)"
                    " SELECT ?, ?, id FROM sections WHERE removed_at IS NULL",
                    key,
                )
            cursor = await connection.execute(
                "DELETE FROM followed_sections"
                " WHERE chat_id = ? AND thread_id = ? AND section_id = ?",
                (*key, section_id),
            )
            unfollowed = cursor.rowcount
            await cursor.close()
            if not unfollowed:
                await connection.execute(
                    "INSERT INTO followed_sections (chat_id, thread_id, section_id)"
                    " VALUES (?, ?, ?)",
                    (*key, section_id),
                )
        return True

    async def follow_all(self, chat_id: int, thread_id: int = 0) -> bool:
        """Follow every section, new ones included; False if there is no such subscription."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET follows_all = 1, updated_at = ?"
                " WHERE chat_id = ? AND thread_id = ?",
                (now(), chat_id, thread_id),
            )
            found = cursor.rowcount
            await cursor.close()
            await connection.execute(
                "DELETE FROM followed_sections WHERE chat_id = ? AND thread_id = ?",
                (chat_id, thread_id),
            )
        return found > 0

    async def set_notifications(
        self, chat_id: int, thread_id: int, notifications: Notifications
    ) -> bool:
        """How the subscription is notified from its next planned alert on; False if there is
        no such subscription."""
        return await self._set(chat_id, thread_id, notifications=notifications)

    async def set_digest(self, chat_id: int, thread_id: int, minute: int | None) -> bool:
        """One daily digest at `minute` of the day (TIMEZONE), or None: an alert every round.
        From the next round on; False if there is no such subscription."""
        return await self._set(chat_id, thread_id, digest_at=minute)

    async def set_quiet_hours(
        self, chat_id: int, thread_id: int, hours: tuple[int, int] | None
    ) -> bool:
        """Quiet hours (from, until) in minutes of the day (TIMEZONE), or None for none; False
        if there is no such subscription."""
        start, end = hours if hours is not None else (None, None)
        return await self._set(chat_id, thread_id, quiet_from=start, quiet_until=end)

    async def _set(self, chat_id: int, thread_id: int, **columns: object) -> bool:
        """Change one subscription's own settings (the named columns; the names are ours, never
        a user's); False if there is no such subscription."""
        assignments = "".join(f"{column} = ?, " for column in columns)
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                f"UPDATE subscriptions SET {assignments}updated_at = ?"
                " WHERE chat_id = ? AND thread_id = ?",
                (*columns.values(), now(), chat_id, thread_id),
            )
            found = cursor.rowcount
            await cursor.close()
        return found > 0

    async def get(self, chat_id: int, thread_id: int = 0) -> Subscription | None:
        """The subscription of the chat (or of its topic `thread_id`), active or not."""
        return await self._first("chat_id = ? AND thread_id = ?", (chat_id, thread_id))

    async def of_chat(self, chat_id: int) -> Subscription | None:
        """What stands for a chat as a whole (editors name chats, not topics): its own
        subscription if active, else its first active topic's, else the first of them."""
        return await self._first(f"chat_id = ? {_CHAT_FIRST}", (chat_id,))

    async def find_by_username(self, username: str) -> Subscription | None:
        """A subscribed channel or group by its public @username (case-insensitive), as
        `of_chat` picks among its topics."""
        return await self._first(
            f"lower(username) = lower(?) {_CHAT_FIRST}", (username.lstrip("@"),)
        )

    async def _first(self, condition: str, parameters: tuple[object, ...]) -> Subscription | None:
        """The first subscription meeting `condition` (what follows WHERE, an ORDER BY too)."""
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE {condition} LIMIT 1", parameters
        ) as cursor:
            row = await cursor.fetchone()
        return _subscription(row) if row else None

    async def list(
        self, kinds: Iterable[str] = ("channel", "group", "supergroup"), limit: int = 100
    ) -> list[Subscription]:
        """Subscriptions of these kinds (a forum's topics each their own): waiting for approval
        first, then active, newest first."""
        kind_list = list(kinds)
        placeholders = ", ".join("?" for _ in kind_list)
        async with self._db.connection.execute(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE kind IN ({placeholders})"
            " ORDER BY inactive_reason IS ? DESC, active DESC, subscribed_at DESC, chat_id,"
            " thread_id LIMIT ?",
            (*kind_list, PENDING, limit),
        ) as cursor:
            return [_subscription(row) for row in await cursor.fetchall()]

    async def counts(self) -> dict[tuple[str, bool], int]:
        """How many subscriptions there are by (kind, active); each topic counts as one."""
        async with self._db.connection.execute(
            "SELECT kind, active, count(*) FROM subscriptions GROUP BY kind, active"
        ) as cursor:
            return {(row[0], bool(row[1])): int(row[2]) for row in await cursor.fetchall()}
