"""The durable outbox of headline alerts, and the rounds that fill it.

Two kinds of rounds fill it. A digest round (`plan_round`) announces what each chat has not had
yet, the range after its cursor, and moves the cursor. A breaking round (`plan_breaking`) announces
one breaking article to every chat subscribed when it was published, at once and before any
digest alert (claim priority), and moves no cursor: digests leave breaking articles out.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from storage.database import Database
from storage.deliveries import record_deliveries
from storage.messages import NewMessage, track_messages


@dataclass(frozen=True, slots=True)
class Alert:
    """One claimed alert: the articles after `after_article_id` up to `through_article_id`
    (with `breaking`, the one breaking article there; else the digest of the others).
    `disable_notification` is sent as it is (None: left out, Telegram's default); `thread_id`
    is the forum topic it goes to (0: the chat itself); `sections` the sections whose headlines
    it shows (migration 0016: None, every one; else their ids, comma-separated)."""

    id: int
    round_id: int
    chat_id: int
    chat_kind: str
    language: str | None
    after_article_id: int
    through_article_id: int
    attempts: int
    breaking: bool = False
    disable_notification: bool | None = None
    thread_id: int = 0
    sections: str | None = None


@dataclass(frozen=True, slots=True)
class Moment:
    """When a round is planned: `now` in epoch seconds, and `minute`, the minute of the day in
    TIMEZONE (0-1439) that chats' daily digest times and quiet hours are in (migration 0018).
    The caller's clock makes it, so tests plan at any hour without waiting for it."""

    now: float
    minute: int

    @classmethod
    def utc(cls, now: float | None = None) -> Moment:
        """A moment whose minute of the day is UTC's (`now` defaults to the present)."""
        stamp = time.time() if now is None else now
        return cls(stamp, int(stamp // 60 % 1440))

    def parameters(self) -> dict[str, float | int]:
        return {"now": self.now, "minute": self.minute}


@dataclass(frozen=True, slots=True)
class Sent:
    """Telegram accepted the alert; `article_ids` are the headlines it showed; `tracked` is the
    message as it is tracked for corrections (recorded in the same transaction)."""

    alert_id: int
    chat_id: int
    message_id: int
    article_ids: tuple[int, ...]
    tracked: NewMessage | None = None


@dataclass(frozen=True, slots=True)
class Retry:
    """A transient failure: try again not before `not_before` (epoch seconds)."""

    alert_id: int
    not_before: float
    error: str


@dataclass(frozen=True, slots=True)
class Failed:
    """A permanent failure for this alert alone; never retried."""

    alert_id: int
    error: str


Outcome = Sent | Retry | Failed


@dataclass(frozen=True, slots=True)
class RoundStats:
    """What became of one round's alerts."""

    id: int
    started_at: float
    finished_at: float | None
    planned: int
    delivered: int
    failed: int
    due: int


# The newest article a digest announces: breaking ones had their own alert.
_NEWEST_DIGESTED = (
    "SELECT coalesce((SELECT id FROM articles WHERE breaking = 0 ORDER BY id DESC LIMIT 1), 0)"
)
# Planning statements take named parameters: :through (the newest article a digest announces),
# :article and :published (a breaking article), :now and :minute (the `Moment` planned at), and
# :low, :high, :limit (a chunk's chat ids).
#
# Who gets a breaking article's alert: chats subscribed when it was published. A chat
# subscribing later starts with its cursor at the newest article, the breaking one or past it;
# one subscribed earlier has its cursor before it, unless a digest moved it past meanwhile (a
# newer article): then its subscription is older. `+active` keeps SQLite off the (active,
# cursor) index, which planning does not narrow (no cursor moves): each chunk is a range of the
# primary key, however many chats there are.
_BREAKING_AUDIENCE = (
    "+{0}active = 1 AND ({0}cursor_article_id < :article OR {0}subscribed_at < :published)"
)
# Whether the subscription is in its quiet hours (migration 0018), which may cross midnight.
_IN_QUIET_HOURS = (
    "CASE WHEN {0}quiet_from IS NULL THEN 0"
    " WHEN {0}quiet_from < {0}quiet_until"
    " THEN :minute >= {0}quiet_from AND :minute < {0}quiet_until"
    " ELSE :minute >= {0}quiet_from OR :minute < {0}quiet_until END"
)
# Whether a subscription behind is due a digest now (migration 0018): not in its quiet hours,
# and either alerted every round or, with a daily digest, holding a headline published before
# its latest digest time (minutes since then: from the minute of the day, so a digest time that
# passed while the bot was down or the chat was quiet still counts until its digest goes).
_DUE = (
    f"NOT ({_IN_QUIET_HOURS}) AND CASE WHEN {{0}}digest_at IS NULL THEN 1 ELSE coalesce("
    "(SELECT a.published_at FROM articles AS a WHERE a.id > {0}cursor_article_id"
    " AND a.breaking = 0 ORDER BY a.id LIMIT 1)"
    " <= :now - ((:minute - {0}digest_at + 1440) % 1440) * 60, 0) END"
)
# Who gets a digest: subscriptions behind the newest article and due one. `+active` as above:
# through the (active, cursor) index each chunk's statements read (and the first sorted) every
# chat still behind, a chunk after another; a million chats took 85 s to plan that way, 5.4 s
# by ranges of the primary key.
_BEHIND = "+{0}active = 1 AND {0}cursor_article_id < :through"
_PLANNED = f"{_BEHIND} AND {_DUE}"
# What a subscription (alias s) follows, as its alert carries it (migration 0016): NULL for
# every section, else its chosen section ids in key order, comma-separated ('' for none).
_FOLLOWED_KEY = (
    "CASE WHEN s.follows_all THEN NULL ELSE (SELECT coalesce(group_concat(f.section_id), '')"
    " FROM followed_sections AS f WHERE f.chat_id = s.chat_id AND f.thread_id = s.thread_id)"
    " END"
)
# Whether the subscription (alias s) follows the article (alias a): every one if it follows
# all (so the common case reads nothing more), else one without a section or of a followed one
# (a lookup of followed_sections' primary key).
_FOLLOWS_ARTICLE = (
    "(a.section_id IS NULL OR EXISTS (SELECT 1 FROM followed_sections AS f"
    " WHERE f.chat_id = s.chat_id AND f.thread_id = s.thread_id AND f.section_id = a.section_id))"
)
# Who gets a digest of their range (cursor, through]: one following all, or one whose range
# holds an article it follows that a digest shows (not withdrawn, not breaking). The others get
# no alert; their cursor moves all the same.
_WANTS_DIGEST = (
    "(s.follows_all = 1 OR EXISTS (SELECT 1 FROM articles AS a WHERE a.id > s.cursor_article_id"
    f" AND a.id <= :through AND a.retracted_at IS NULL AND a.breaking = 0 AND {_FOLLOWS_ARTICLE}))"
)
# Who of a breaking article's audience follows it: a breaking article of a section a chat does
# not follow does not reach it either (the reader's choice stands).
_WANTS_BREAKING = (
    "(s.follows_all = 1 OR EXISTS (SELECT 1 FROM articles AS a WHERE a.id = :article"
    f" AND {_FOLLOWS_ARTICLE}))"
)

# How a subscription (alias s) is notified (migration 0017), as the outbox's
# disable_notification: a digest is silent (1) unless the chat chose sound, then it leaves the
# parameter out (NULL, Telegram's default, as before there was a choice); breaking news keeps
# its sound (0) unless the chat chose silence for everything, or is in its quiet hours.
_DIGEST_SILENT = "CASE WHEN s.notifications = 'sound' THEN NULL ELSE 1 END"
_BREAKING_SILENT = f"s.notifications = 'silent' OR {_IN_QUIET_HOURS.format('s.')}"

# A chunk's alerts (named parameters: the round, the chunk's chat ids, and what the planner
# gave), written in one INSERT ... SELECT: a digest of each subscription's range, or a
# breaking article's alert to each of its audience, as each subscription chose to be notified.
_DIGEST_ALERTS = (
    "INSERT OR IGNORE INTO outbox (round_id, chat_id, thread_id, chat_kind, language,"
    " after_article_id, through_article_id, updated_at, sections, disable_notification)"
    " SELECT :round, s.chat_id, s.thread_id, s.kind, coalesce(c.language, s.language),"
    f" s.cursor_article_id, :through, :stamp, {_FOLLOWED_KEY}, {_DIGEST_SILENT}"
    " FROM subscriptions AS s LEFT JOIN chats AS c ON c.id = s.chat_id"
    f" WHERE s.chat_id > :low AND s.chat_id <= :high AND {_PLANNED.format('s.')}"
    f" AND {_WANTS_DIGEST}"
)
_BREAKING_ALERTS = (
    "INSERT OR IGNORE INTO outbox (round_id, chat_id, thread_id, chat_kind, language,"
    " after_article_id, through_article_id, kind, priority, disable_notification, updated_at)"
    " SELECT :round, s.chat_id, s.thread_id, s.kind, coalesce(c.language, s.language),"
    f" :article - 1, :article, 'breaking', 0, {_BREAKING_SILENT}, :stamp"
    " FROM subscriptions AS s LEFT JOIN chats AS c ON c.id = s.chat_id"
    f" WHERE s.chat_id > :low AND s.chat_id <= :high AND {_BREAKING_AUDIENCE.format('s.')}"
    f" AND {_WANTS_BREAKING}"
)

_ROUND_STATS = (
    "SELECT r.id, r.started_at, r.finished_at, r.planned,"
    " (SELECT count(*) FROM outbox WHERE round_id = r.id AND state = 'sent'),"
    " (SELECT count(*) FROM outbox WHERE round_id = r.id AND state = 'failed'),"
    " (SELECT count(*) FROM outbox WHERE round_id = r.id AND state IN ('due', 'claimed'))"
    " FROM rounds AS r"
)


class OutboxRepository:
    """Planning, claiming and recording alerts."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def open_round(self, moment: Moment | None = None) -> tuple[int, int] | None:
        """Start a round if any active chat is behind the newest article a digest announces
        (breaking ones do not count) and due a digest at `moment` (default: now, in UTC):
        (round id, that article's id)."""
        at = moment or Moment.utc()
        async with self._db.transaction() as connection:
            async with connection.execute(_NEWEST_DIGESTED) as cursor:
                row = await cursor.fetchone()
            newest = int(row[0]) if row else 0
            # Through the (active, cursor) index: only chats behind are read, then judged due.
            async with connection.execute(
                "SELECT EXISTS (SELECT 1 FROM subscriptions WHERE active = 1"
                f" AND cursor_article_id < :through AND {_DUE.format('')})",
                {"through": newest, **at.parameters()},
            ) as cursor:
                row = await cursor.fetchone()
            if not row or not row[0]:
                return None
            cursor = await connection.execute(
                "INSERT INTO rounds (started_at, through_article_id) VALUES (?, ?) RETURNING id",
                (time.time(), newest),
            )
            round_row = await cursor.fetchone()
            await cursor.close()
        assert round_row is not None
        return int(round_row[0]), newest

    async def plan_chunk(
        self,
        round_id: int,
        through_article_id: int,
        after_chat_id: int | None,
        limit: int,
        moment: Moment | None = None,
    ) -> int | None:
        """Queue alerts for the next `limit` subscriptions behind (a chat, or each topic of a
        forum) and due a digest at `moment` (default: now, in UTC; `_DUE`), by chat id; the
        last chat id, or None if done. A subscription whose range holds nothing it follows gets
        no alert, and its cursor moves like the others'; one not due keeps its cursor. Each
        alert is silent as its subscription chose (`_DIGEST_SILENT`).

        Each chunk is its own transaction (alerts written, cursors moved), so planning a million
        chats never holds the database for long and a crash leaves no half-planned chat. A chunk
        ends with a whole chat: its last chat's topics all come in it.
        """
        values: dict[str, Any] = {"round": round_id, "through": through_article_id}
        values["stamp"] = time.time()
        values |= (moment or Moment.utc()).parameters()
        async with self._db.transaction() as connection:
            chunk = await _next_chunk(connection, round_id, after_chat_id, limit, _PLANNED, values)
            if chunk is None:
                return None
            await _queue_alerts(connection, _DIGEST_ALERTS, chunk)
            await connection.execute(
                "UPDATE subscriptions SET cursor_article_id = :through WHERE chat_id > :low"
                f" AND chat_id <= :high AND {_PLANNED.format('subscriptions.')}",
                chunk,
            )
        return int(chunk["high"])

    async def plan_round(
        self,
        chunk: int,
        on_chunk: Callable[[], None] | None = None,
        moment: Moment | None = None,
    ) -> tuple[int, int] | None:
        """Open a round and plan it chunk by chunk at `moment` (default: now, in UTC): (round
        id, newest article id), or None.

        `on_chunk` runs after each chunk is committed, so sending can start while the rest of
        a big round is still being planned.
        """
        at = moment or Moment.utc()
        opened = await self.open_round(at)
        if opened is None:
            return None
        round_id, through = opened
        last: int | None = None
        while (last := await self.plan_chunk(round_id, through, last, chunk, at)) is not None:
            if on_chunk is not None:
                on_chunk()
        return opened

    async def plan_breaking(
        self,
        chunk: int,
        on_chunk: Callable[[], None] | None = None,
        moment: Moment | None = None,
    ) -> list[tuple[int, int]]:
        """Plan every breaking round not planned yet (just published, or cut short by a crash)
        chunk by chunk at `moment` (default: now, in UTC; quiet hours make its alerts silent):
        (round id, article id) of each.

        Planning again from the first chat is safe: a chat's alert of the article is unique.
        `on_chunk` runs after each chunk is committed, so the first alerts leave at once.
        """
        async with self._db.connection.execute(
            "SELECT r.id, r.through_article_id, a.published_at FROM rounds AS r"
            " JOIN articles AS a ON a.id = r.through_article_id"
            " WHERE r.planned_at IS NULL AND r.kind = 'breaking' ORDER BY r.id"
        ) as cursor:
            waiting = [(int(row[0]), int(row[1]), int(row[2])) for row in await cursor.fetchall()]
        for round_id, article_id, published_at in waiting:
            last: int | None = None
            while (
                last := await self._plan_breaking_chunk(
                    round_id, article_id, published_at, last, chunk, moment
                )
            ) is not None:
                if on_chunk is not None:
                    on_chunk()
        return [(round_id, article_id) for round_id, article_id, _ in waiting]

    async def _plan_breaking_chunk(
        self,
        round_id: int,
        article_id: int,
        published_at: int,
        after_chat_id: int | None,
        limit: int,
        moment: Moment | None = None,
    ) -> int | None:
        """Queue the breaking article's alert for the next `limit` subscriptions of its
        audience (each topic its own) that follow its section, by chat id, with sound unless
        the chat chose silence for everything or is in its quiet hours; cursors stay. The last
        chat id, or None when done."""
        values: dict[str, Any] = {"round": round_id, "article": article_id}
        values |= {"published": published_at, "stamp": time.time()}
        values |= (moment or Moment.utc()).parameters()
        async with self._db.transaction() as connection:
            chunk = await _next_chunk(
                connection, round_id, after_chat_id, limit, _BREAKING_AUDIENCE, values
            )
            if chunk is None:
                return None
            await _queue_alerts(connection, _BREAKING_ALERTS, chunk)
        return int(chunk["high"])

    async def close_interrupted_planning(self) -> int:
        """Digest rounds whose planning a crash cut short: what was planned stands, the rest
        waits (their cursors did not move). Breaking rounds are planned on by `plan_breaking`."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE rounds SET planned_at = ? WHERE planned_at IS NULL AND kind = 'digest'",
                (time.time(),),
            )
            closed = cursor.rowcount
            await cursor.close()
        return closed

    async def claim(self, limit: int) -> list[Alert]:
        """Mark up to `limit` due alerts as in flight, breaking ones first, then oldest first,
        and return them in that order."""
        stamp = time.time()
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE outbox SET state = 'claimed', attempts = attempts + 1, updated_at = ?"
                " WHERE id IN (SELECT id FROM outbox WHERE state = 'due' AND not_before <= ?"
                " ORDER BY priority, id LIMIT ?)"
                " RETURNING id, round_id, chat_id, chat_kind, language, after_article_id,"
                " through_article_id, attempts, kind, disable_notification, thread_id, sections",
                (stamp, stamp, limit),
            )
            rows = await cursor.fetchall()
            await cursor.close()
        alerts = [_alert(tuple(row)) for row in rows]
        return sorted(alerts, key=lambda alert: (not alert.breaking, alert.id))

    async def release_claims(self) -> int:
        """Put alerts left in flight by a crash back in the queue (they may repeat once)."""
        async with self._db.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE outbox SET state = 'due', updated_at = ? WHERE state = 'claimed'",
                (time.time(),),
            )
            released = cursor.rowcount
            await cursor.close()
        return released

    async def record(self, outcomes: Sequence[Outcome]) -> None:
        """Store what became of claimed alerts, with the views of delivered headlines."""
        if not outcomes:
            return
        stamp = time.time()
        sent = [o for o in outcomes if isinstance(o, Sent)]
        async with self._db.transaction() as connection:
            await connection.executemany(
                "UPDATE outbox SET state = 'sent', sent_chat_id = ?, message_id = ?,"
                " last_error = NULL, updated_at = ? WHERE id = ?",
                [(o.chat_id, o.message_id, stamp, o.alert_id) for o in sent],
            )
            await record_deliveries(
                connection,
                "alert",
                [(article_id, o.chat_id) for o in sent for article_id in o.article_ids],
                int(stamp),
            )
            await track_messages(connection, [o.tracked for o in sent if o.tracked is not None])
            await connection.executemany(
                "UPDATE outbox SET state = 'due', not_before = ?, last_error = ?, updated_at = ?"
                " WHERE id = ?",
                [
                    (o.not_before, o.error, stamp, o.alert_id)
                    for o in outcomes
                    if isinstance(o, Retry)
                ],
            )
            await connection.executemany(
                "UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
                [(o.error, stamp, o.alert_id) for o in outcomes if isinstance(o, Failed)],
            )
            await connection.execute(
                "UPDATE rounds SET finished_at = ? WHERE finished_at IS NULL"
                " AND planned_at IS NOT NULL AND NOT EXISTS"
                " (SELECT 1 FROM outbox WHERE outbox.round_id = rounds.id"
                " AND outbox.state IN ('due', 'claimed'))",
                (stamp,),
            )

    async def prune(self, finished_before: float, chunk: int = 5000) -> int:
        """Forget the alerts of rounds that finished before a time, a chunk per transaction.

        Only history goes: which articles a chat has had is kept by its cursor, views and
        `deliveries` stay, so nothing can be sent twice after pruning.
        """
        # The rounds table is small (one row per interval); the outbox is not, so it is only
        # touched through its round index, and not at all when no round is old enough.
        async with self._db.connection.execute(
            "SELECT id FROM rounds WHERE finished_at < ?", (finished_before,)
        ) as cursor:
            old_rounds = [int(row[0]) for row in await cursor.fetchall()]
        removed = 0
        for round_id in old_rounds:
            while True:
                async with self._db.transaction() as connection:
                    cursor = await connection.execute(
                        "DELETE FROM outbox WHERE id IN"
                        " (SELECT id FROM outbox WHERE round_id = ? LIMIT ?)",
                        (round_id, chunk),
                    )
                    deleted = cursor.rowcount
                    await cursor.close()
                    if deleted == 0:
                        await connection.execute("DELETE FROM rounds WHERE id = ?", (round_id,))
                removed += deleted
                if deleted == 0:
                    break
        return removed

    async def next_due_at(self) -> float | None:
        """When the earliest waiting alert may be sent, if any is waiting."""
        async with self._db.connection.execute(
            "SELECT min(not_before) FROM outbox WHERE state = 'due'"
        ) as cursor:
            row = await cursor.fetchone()
        return float(row[0]) if row and row[0] is not None else None

    async def recent_rounds(self, limit: int = 5) -> list[RoundStats]:
        """The latest rounds, newest first, with their outcome so far."""
        async with self._db.connection.execute(
            f"{_ROUND_STATS} ORDER BY r.id DESC LIMIT ?", (limit,)
        ) as cursor:
            return [RoundStats(*row) for row in await cursor.fetchall()]

    async def round(self, round_id: int) -> RoundStats | None:
        """One round with its outcome so far."""
        async with self._db.connection.execute(
            f"{_ROUND_STATS} WHERE r.id = ?", (round_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return RoundStats(*row) if row else None


def _alert(row: tuple[Any, ...]) -> Alert:
    """A claimed alert from the columns `claim` returns."""
    alert_id, round_id, chat_id, chat_kind, language, after, through, attempts = row[:8]
    kind, silent, thread_id, sections = row[8:]
    return Alert(
        alert_id,
        round_id,
        chat_id,
        chat_kind,
        language,
        after,
        through,
        attempts,
        breaking=kind == "breaking",
        disable_notification=None if silent is None else bool(silent),
        thread_id=thread_id,
        sections=sections,
    )


async def _next_chunk(
    connection: aiosqlite.Connection,
    round_id: int,
    after_chat_id: int | None,
    limit: int,
    wanted: str,
    parameters: dict[str, Any],
) -> dict[str, Any] | None:
    """The round's next chunk: `parameters` with the chunk's chat ids (low, high], the next
    `limit` subscriptions after `after_chat_id` that meet `wanted` (an SQL condition on the
    table's columns, its alias `{0}`, with its named `parameters`), in chat id order, up to
    their last chat with all its topics. None once no subscription is left: the round's
    planning is then over (`_planned`)."""
    low = -(2**63) if after_chat_id is None else after_chat_id
    async with connection.execute(
        "SELECT max(chat_id) FROM (SELECT s.chat_id FROM subscriptions AS s"
        f" WHERE s.chat_id > :after AND {wanted.format('s.')} ORDER BY s.chat_id LIMIT :limit)",
        {**parameters, "after": low, "limit": limit},
    ) as cursor:
        row = await cursor.fetchone()
    if row is None or row[0] is None:
        await _planned(connection, round_id)
        return None
    return {**parameters, "low": low, "high": int(row[0])}


async def _queue_alerts(
    connection: aiosqlite.Connection, insert: str, chunk: dict[str, Any]
) -> None:
    """Write a chunk's alerts with `insert` and count them in their round's `planned`."""
    cursor = await connection.execute(insert, chunk)
    planned = cursor.rowcount
    await cursor.close()
    await connection.execute(
        "UPDATE rounds SET planned = planned + ? WHERE id = ?", (planned, chunk["round"])
    )


async def _planned(connection: aiosqlite.Connection, round_id: int) -> None:
    """The round's planning is over; a round left with nothing to send is finished as well
    (no outcome will come to finish it)."""
    stamp = time.time()
    await connection.execute(
        "UPDATE rounds SET planned_at = ?, finished_at = CASE WHEN NOT EXISTS"
        " (SELECT 1 FROM outbox WHERE round_id = rounds.id AND state IN ('due', 'claimed'))"
        " THEN ? END WHERE id = ?",
        (stamp, stamp, round_id),
    )


async def open_breaking_round(connection: aiosqlite.Connection, article_id: int) -> None:
    """Open the delivery round of a breaking article, inside the caller's transaction (the one
    that publishes it); its planning (`plan_breaking`) follows."""
    await connection.execute(
        "INSERT OR IGNORE INTO rounds (started_at, through_article_id, kind)"
        " VALUES (?, ?, 'breaking')",
        (time.time(), article_id),
    )
