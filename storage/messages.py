"""Messages the bot sent about articles, and the work that keeps them up to date.

Every alert and every part of a /read reply is tracked (migration 0009), with the articles it
shows in `message_articles`, so "every message showing article N" is one index range. A
correction or a retraction plans one `message_work` item per live message showing the article;
the delivery engine claims, carries out and records them like alerts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from storage.database import Database

MessageKind = Literal["alert", "read"]
MessageState = Literal["live", "deleted", "gone"]

_MESSAGE_COLUMNS = (
    "m.id, m.chat_id, m.message_id, m.chat_kind, m.kind, m.article_id, m.after_article_id,"
    " m.through_article_id, m.part, m.head_message_id, m.language, m.is_photo,"
    " m.photo_unique_id, m.sent_at, m.breaking, m.sections"
)


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message just sent, to be tracked: an alert (with its range of articles; `breaking`:
    a breaking alert, its one article) or one part of a /read reply (`article_id`, `part`, and
    the message id of the reply's head)."""

    chat_id: int
    message_id: int
    chat_kind: str
    kind: MessageKind
    article_ids: tuple[int, ...]
    language: str | None
    is_photo: bool = False
    photo_unique_id: str | None = None
    part: int = 0
    head_message_id: int | None = None
    after_article_id: int | None = None
    through_article_id: int | None = None
    sent_at: float | None = None
    breaking: bool = False
    # An alert's filter as it was planned (migration 0016): None, every section; else the ids
    # of the followed ones, comma-separated. A correction re-renders it through the same.
    sections: str | None = None


@dataclass(frozen=True, slots=True)
class TrackedMessage:
    """A tracked message as stored (`id` is the tracking row's, not Telegram's)."""

    id: int
    chat_id: int
    message_id: int
    chat_kind: str
    kind: MessageKind
    article_id: int | None
    after_article_id: int | None
    through_article_id: int | None
    part: int
    head_message_id: int
    language: str | None
    is_photo: bool
    photo_unique_id: str | None
    sent_at: float
    # A breaking alert: re-rendered as one (its article alone, marked breaking).
    breaking: bool = False
    # An alert's filter, as `NewMessage.sections`.
    sections: str | None = None

    @classmethod
    def from_row(cls, row: Sequence[object]) -> TrackedMessage:
        """A row of `_MESSAGE_COLUMNS`."""
        values = list(row)
        values[11] = bool(values[11])
        values[14] = bool(values[14])
        return cls(*values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Work:
    """One claimed update of a tracked message, planned for a change of `article_id`."""

    id: int
    article_id: int
    attempts: int
    message: TrackedMessage

    @property
    def chat_id(self) -> int:
        """The chat the message is in."""
        return self.message.chat_id


@dataclass(frozen=True, slots=True)
class WorkDone:
    """The message is up to date: `action` says how (edited, deleted, withdrawn, unchanged…);
    `state` is the message's state from now on, `photo_unique_id` the photo it shows."""

    work_id: int
    message: int
    action: str
    state: MessageState = "live"
    photo_unique_id: str | None = None


@dataclass(frozen=True, slots=True)
class WorkRetry:
    """A transient failure: try again not before `not_before` (epoch seconds)."""

    work_id: int
    not_before: float
    error: str


@dataclass(frozen=True, slots=True)
class WorkFailed:
    """A permanent failure; `gone` marks the message as no longer editable (never planned again)."""

    work_id: int
    message: int
    error: str
    gone: bool = False


WorkOutcome = WorkDone | WorkRetry | WorkFailed


async def track_messages(connection: aiosqlite.Connection, messages: Sequence[NewMessage]) -> None:
    """Track sent messages inside the caller's transaction (a message tracked twice is kept
    once: Telegram's (chat, message id) is unique)."""
    if not messages:
        return
    stamp = time.time()
    await connection.executemany(
        "INSERT OR IGNORE INTO messages (chat_id, message_id, chat_kind, kind, article_id,"
        " after_article_id, through_article_id, part, head_message_id, language, is_photo,"
        " photo_unique_id, sent_at, breaking, sections)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                message.chat_id,
                message.message_id,
                message.chat_kind,
                message.kind,
                message.article_ids[0] if message.kind == "read" else None,
                message.after_article_id,
                message.through_article_id,
                message.part,
                message.message_id if message.head_message_id is None else message.head_message_id,
                message.language,
                int(message.is_photo),
                message.photo_unique_id,
                stamp if message.sent_at is None else message.sent_at,
                int(message.breaking),
                message.sections,
            )
            for message in messages
        ],
    )
    await connection.executemany(
        "INSERT OR IGNORE INTO message_articles (article_id, message)"
        " SELECT ?, id FROM messages WHERE chat_id = ? AND message_id = ?",
        [
            (article_id, message.chat_id, message.message_id)
            for message in messages
            for article_id in message.article_ids
        ],
    )


class MessageRepository:
    """Tracked messages, and the edit/delete work planned for them."""

    def __init__(self, database: Database) -> None:
        self._db = database
        # time.monotonic() just after the latest claim that took work committed: whatever is
        # read from the database after it reflects every change made before any work in flight
        # was claimed (see bot/delivery/updates.py, which shares reads on that ground).
        self.last_claimed = 0.0

    async def track(self, messages: Sequence[NewMessage]) -> None:
        """Track messages sent outside the engine (the parts of a /read reply)."""
        if not messages:
            return
        async with self._db.transaction() as connection:
            await track_messages(connection, messages)

    async def count_showing(self, article_id: int) -> tuple[int, int]:
        """How many live messages show the article, and in how many chats (for a preview)."""
        async with self._db.connection.execute(
            "SELECT count(*), count(DISTINCT m.chat_id) FROM message_articles AS a"
            " JOIN messages AS m ON m.id = a.message"
            " WHERE a.article_id = ? AND m.state = 'live'",
            (article_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def showing(self, article_id: int) -> list[TrackedMessage]:
        """The live messages that show the article, oldest first (for tests and reports)."""
        async with self._db.connection.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM message_articles AS a"
            " JOIN messages AS m ON m.id = a.message"
            " WHERE a.article_id = ? AND m.state = 'live' ORDER BY m.id",
            (article_id,),
        ) as cursor:
            return [TrackedMessage.from_row(tuple(row)) for row in await cursor.fetchall()]

    async def reply_parts(self, chat_id: int, head_message_id: int) -> list[TrackedMessage]:
        """Every part of one /read reply, in order, whatever their state (counts stay right
        after a surplus part is deleted)."""
        async with self._db.connection.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages AS m"
            " WHERE m.chat_id = ? AND m.head_message_id = ? ORDER BY m.part",
            (chat_id, head_message_id),
        ) as cursor:
            return [TrackedMessage.from_row(tuple(row)) for row in await cursor.fetchall()]

    async def plan_updates(
        self, article_id: int, chunk: int = 5000, *, kind: MessageKind | None = None
    ) -> int:
        """Plan one update of every live message showing the article (of that `kind` alone,
        if given); how many were planned.

        A message that already has an update waiting gets no second one (it will render what
        is current when it runs), so planning twice plans nothing twice. Chunks of `chunk`
        messages, a transaction each, keep a million copies from holding the database.
        """
        planned = 0
        after = 0
        while True:
            async with self._db.transaction() as connection:
                async with connection.execute(
                    "SELECT max(message) FROM (SELECT message FROM message_articles"
                    " WHERE article_id = ? AND message > ? ORDER BY message LIMIT ?)",
                    (article_id, after, chunk),
                ) as cursor:
                    row = await cursor.fetchone()
                high = row[0] if row else None
                if high is None:
                    return planned
                stamp = time.time()
                cursor = await connection.execute(
                    "INSERT OR IGNORE INTO message_work"
                    " (message, article_id, created_at, updated_at)"
                    " SELECT a.message, a.article_id, ?, ? FROM message_articles AS a"
                    " JOIN messages AS m ON m.id = a.message"
                    " WHERE a.article_id = ? AND a.message > ? AND a.message <= ?"
                    " AND m.state = 'live' AND (? IS NULL OR m.kind = ?)",
                    (stamp, stamp, article_id, after, high, kind, kind),
                )
                planned += cursor.rowcount
                await cursor.close()
            after = int(high)

    async def claim_work(self, limit: int) -> list[Work]:
        """Mark up to `limit` due updates as in flight, oldest first, and return them.

        An update of a message whose previous update is still in flight waits: two edits of
        one message never race, so the newer content always lands last.
        """
        stamp = time.time()
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE message_work SET state = 'claimed', attempts = attempts + 1,"
                " updated_at = ? WHERE id IN (SELECT w.id FROM message_work AS w"
                " WHERE w.state = 'due' AND w.not_before <= ? AND NOT EXISTS"
                " (SELECT 1 FROM message_work AS c WHERE c.message = w.message"
                " AND c.state = 'claimed') ORDER BY w.id LIMIT ?)"
                " RETURNING id, message, article_id, attempts",
                (stamp, stamp, limit),
            )
            claimed = await cursor.fetchall()
            await cursor.close()
            if not claimed:
                return []
            rows = {int(row[1]): row for row in claimed}
            marks = ",".join("?" * len(rows))
            async with connection.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages AS m WHERE m.id IN ({marks})",
                tuple(rows),
            ) as cursor:
                messages = {
                    int(row[0]): TrackedMessage.from_row(tuple(row))
                    for row in await cursor.fetchall()
                }
        self.last_claimed = time.monotonic()
        work = [
            Work(int(row[0]), int(row[2]), int(row[3]), messages[int(row[1])])
            for row in claimed
            if int(row[1]) in messages
        ]
        return sorted(work, key=lambda item: item.id)

    async def release_claims(self) -> int:
        """Put updates left in flight by a crash back in the queue.

        Each renders the current state again when it runs, so one that had already been
        carried out only meets "message is not modified", which counts as done: a reader
        never sees an edit twice.
        """
        async with self._db.transaction() as connection:
            # A due update of the same message already covers a released one.
            await connection.execute(
                "UPDATE message_work SET state = 'done', action = 'superseded', updated_at = ?"
                " WHERE state = 'claimed' AND message IN"
                " (SELECT message FROM message_work WHERE state = 'due')",
                (time.time(),),
            )
            cursor = await connection.execute(
                "UPDATE message_work SET state = 'due', updated_at = ? WHERE state = 'claimed'",
                (time.time(),),
            )
            released = cursor.rowcount
            await cursor.close()
        return released

    async def record_work(self, outcomes: Sequence[WorkOutcome]) -> None:
        """Store what became of claimed updates, and the new state of their messages."""
        if not outcomes:
            return
        stamp = time.time()
        done = [o for o in outcomes if isinstance(o, WorkDone)]
        failed = [o for o in outcomes if isinstance(o, WorkFailed)]
        async with self._db.transaction() as connection:
            await connection.executemany(
                "UPDATE message_work SET state = 'done', action = ?, last_error = NULL,"
                " updated_at = ? WHERE id = ?",
                [(o.action, stamp, o.work_id) for o in done],
            )
            await connection.executemany(
                "UPDATE messages SET state = ?, photo_unique_id = coalesce(?, photo_unique_id)"
                " WHERE id = ?",
                [(o.state, o.photo_unique_id, o.message) for o in done],
            )
            await connection.executemany(
                "UPDATE message_work SET state = 'due', not_before = ?, last_error = ?,"
                " updated_at = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM message_work AS d"
                " WHERE d.message = message_work.message AND d.state = 'due')",
                [(o.not_before, o.error, stamp, o.work_id) for o in outcomes
                 if isinstance(o, WorkRetry)],
            )  # fmt: skip
            # A retry whose message already has a newer update waiting is covered by it.
            await connection.executemany(
                "UPDATE message_work SET state = 'done', action = 'superseded', last_error = ?,"
                " updated_at = ? WHERE id = ? AND state = 'claimed'",
                [(o.error, stamp, o.work_id) for o in outcomes if isinstance(o, WorkRetry)],
            )
            await connection.executemany(
                "UPDATE message_work SET state = 'failed', last_error = ?, updated_at = ?"
                " WHERE id = ?",
                [(o.error, stamp, o.work_id) for o in failed],
            )
            await connection.executemany(
                "UPDATE messages SET state = 'gone' WHERE id = ?",
                [(o.message,) for o in failed if o.gone],
            )

    async def next_due_at(self) -> float | None:
        """When the earliest waiting update may run, if any is waiting."""
        async with self._db.connection.execute(
            "SELECT min(not_before) FROM message_work WHERE state = 'due'"
        ) as cursor:
            row = await cursor.fetchone()
        return float(row[0]) if row and row[0] is not None else None

    async def work_states(self, article_id: int) -> dict[str, int]:
        """How many updates planned for the article are in each state (for reports and tests)."""
        async with self._db.connection.execute(
            "SELECT state, count(*) FROM message_work WHERE article_id = ? GROUP BY state",
            (article_id,),
        ) as cursor:
            return {str(row[0]): int(row[1]) for row in await cursor.fetchall()}

    async def prune(self, sent_before: float, chunk: int = 5000) -> int:
        """Forget messages sent before a time (and their finished work), a chunk at a time;
        they are no longer corrected."""
        removed = 0
        while True:
            async with self._db.transaction() as connection:
                cursor = await connection.execute(
                    "DELETE FROM messages WHERE id IN (SELECT id FROM messages"
                    " WHERE sent_at < ? AND NOT EXISTS (SELECT 1 FROM message_work AS w"
                    " WHERE w.message = messages.id AND w.state IN ('due', 'claimed'))"
                    " LIMIT ?)",
                    (sent_before, chunk),
                )
                deleted = cursor.rowcount
                await cursor.close()
            removed += deleted
            if deleted < chunk:
                return removed
