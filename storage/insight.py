"""What readers read and what editors see of it (issue 13): most read, views per day,
subscribers over time, one article's reach, and reaction counts of the bot's channel posts.

The deliveries history is the source of views: each delivery row is one view (migration 0005).
The database also counts them per hour, article and kind (`article_views_hourly`, 0023), so
the views gained in a window are a sum over a few rows per article and hour, however many
chats a round reached.

Subscribers over time come from what `subscriptions` keeps: when each chat (or topic) last
started getting alerts (`subscribed_at`) and, for one that stopped, its last change
(`updated_at`, the deactivation unless a setting changed after it). Earlier subscribe and
unsubscribe cycles of a chat are not kept, so the history is a reconstruction: see
`SubscriberDay`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.articles import _HEADLINE_COLUMNS, _headline
from storage.database import Database
from storage.models import Headline
from storage.subscriptions import PENDING

_DAY = 86400
_HOUR = 3600

# The /stats groups of subscription kinds, as its text counts them.
_KIND_GROUPS = {
    "private": "private",
    "group": "groups",
    "supergroup": "groups",
    "channel": "channels",
}

# A tracked copy brought up to date (edited, photo swapped, withdrawn, deleted); not one found
# unchanged, nor a planned update superseded by a later one.
_UPDATED_COPY = "state = 'done' AND action NOT IN ('unchanged', 'superseded')"


@dataclass(frozen=True, slots=True)
class TopArticle:
    """An article and the views it gained in the window."""

    headline: Headline
    gained: int


@dataclass(frozen=True, slots=True)
class DayActivity:
    """One calendar day (in the desk's zone): articles opened (/read, deep links), headline
    alerts delivered and results chosen in inline mode (issue 13, migration 0024), each a
    view."""

    day: date
    reads: int
    alerts: int
    inline: int = 0

    @property
    def views(self) -> int:
        """Every view of the day: reads, alerts and inline shares."""
        return self.reads + self.alerts + self.inline


@dataclass(frozen=True, slots=True)
class SubscriberDay:
    """Subscriptions (each forum topic one) active at the end of a day, by kind.

    Reconstructed: a chat counts from its latest subscription until it stopped (if it did); a
    chat that unsubscribed and came back counts only from its return, and one refused at
    approval counts between its request and the refusal.
    """

    day: date
    private: int
    groups: int
    channels: int


@dataclass(frozen=True, slots=True)
class Trends:
    """The /stats chart and the numbers beside it: every day of the window, oldest first."""

    activity: tuple[DayActivity, ...]
    subscribers: tuple[SubscriberDay, ...]


@dataclass(frozen=True, slots=True)
class ArticleInsight:
    """`/stats <id>`: one article's views by kind, reach, updated copies and reactions."""

    article_id: int
    headline: str
    retracted: bool
    views: int
    by_kind: Mapping[str, int]
    chats: int
    copies_updated: int
    # (reaction, total) over the bot's messages showing the article, most frequent first.
    reactions: tuple[tuple[str, int], ...]


class InsightRepository:
    """Reads of the deliveries history, subscriptions and tracked messages for /top and
    /stats, and the reaction counts Telegram reports."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def most_read(self, since: int, limit: int) -> list[TopArticle]:
        """The articles that gained the most views since `since`, most first (newest first
        among equals); withdrawn ones never."""
        async with self._db.connection.execute(
            "WITH gained AS (SELECT article_id, sum(views) AS views_gained"
            " FROM article_views_hourly WHERE hour >= ? GROUP BY article_id)"
            f" SELECT {_HEADLINE_COLUMNS}, views_gained FROM gained"
            " JOIN articles ON articles.id = gained.article_id WHERE retracted_at IS NULL"
            " ORDER BY views_gained DESC, id DESC LIMIT ?",
            (since // _HOUR, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [TopArticle(_headline(row), int(row[-1])) for row in rows]

    async def trends(self, days: int, zone: ZoneInfo, today: date | None = None) -> Trends:
        """Views per day and subscribers by kind at the end of each of the last `days` days
        (today included), in `zone`."""
        today = today or datetime.now(zone).date()
        first = today - timedelta(days=days - 1)
        start = datetime.combine(first, datetime.min.time(), zone)
        # Days are counted in the zone's offset at the window's start (Tbilisi keeps one
        # offset all year; elsewhere a daylight-saving change shifts one day's edge by an hour),
        # from whole hours of views (a zone at a half-hour offset cuts them half an hour off).
        offset = int((start.utcoffset() or timedelta()).total_seconds())
        first_number = (int(start.timestamp()) + offset) // _DAY
        numbers = range(first_number, first_number + days)
        activity = await self._activity(int(start.timestamp()), offset)
        counts = await self._subscriber_changes(offset, first_number)
        running = dict.fromkeys(("private", "groups", "channels"), 0)
        subscribers = []
        for number in numbers:
            for group in running:
                running[group] += counts.get((group, number), 0)
            subscribers.append(SubscriberDay(_date(number), **running))
        return Trends(
            tuple(
                DayActivity(_date(number), *activity.get(number, (0, 0, 0))) for number in numbers
            ),
            tuple(subscribers),
        )

    async def _activity(self, since: int, offset: int) -> dict[int, tuple[int, int, int]]:
        """(reads, alerts, inline shares) by day number since `since`."""
        found: dict[int, tuple[int, int, int]] = {}
        async with self._db.connection.execute(
            "SELECT (hour * 3600 + ?) / 86400 AS day, sum(iif(kind = 'read', views, 0)),"
            " sum(iif(kind = 'alert', views, 0)), sum(iif(kind = 'inline', views, 0))"
            " FROM article_views_hourly WHERE hour >= ? GROUP BY day",
            (offset, since // _HOUR),
        ) as cursor:
            for day, reads, alerts, inline in await cursor.fetchall():
                found[int(day)] = (int(reads), int(alerts), int(inline))
        return found

    async def _subscriber_changes(self, offset: int, first: int) -> dict[tuple[str, int], int]:
        """Subscriptions started (+) and stopped (-) by (kind group, day number); what happened
        before day `first` is counted on it."""
        changes: dict[tuple[str, int], int] = {}
        for column, condition, sign in (
            ("subscribed_at", "inactive_reason IS NOT ?", 1),
            ("updated_at", "active = 0 AND inactive_reason IS NOT ?", -1),
        ):
            async with self._db.connection.execute(
                f"SELECT kind, max(({column} + ?) / 86400, ?) AS day, count(*)"
                f" FROM subscriptions WHERE {condition} GROUP BY kind, day",
                (offset, first, PENDING),
            ) as cursor:
                for kind, day, count in await cursor.fetchall():
                    key = (_KIND_GROUPS.get(str(kind), "groups"), int(day))
                    changes[key] = changes.get(key, 0) + sign * int(count)
        return changes

    async def article(self, article_id: int) -> ArticleInsight | None:
        """One article's insight, or None if there is no such article."""
        connection = self._db.connection
        async with connection.execute(
            "SELECT headline, retracted_at IS NOT NULL, views FROM articles WHERE id = ?",
            (article_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        async with connection.execute(
            "SELECT kind, count(*) FROM deliveries WHERE article_id = ? GROUP BY kind",
            (article_id,),
        ) as cursor:
            by_kind = {str(kind): int(count) for kind, count in await cursor.fetchall()}
        chats = await self._one(
            "SELECT count(DISTINCT chat_id) FROM deliveries WHERE article_id = ?", article_id
        )
        updated = await self._one(
            "SELECT count(DISTINCT message) FROM message_work"
            f" WHERE article_id = ? AND {_UPDATED_COPY}",
            article_id,
        )
        async with connection.execute(
            "SELECT r.reaction, sum(r.total) AS total FROM message_articles AS a"
            " JOIN messages AS m ON m.id = a.message"
            " JOIN message_reactions AS r ON r.chat_id = m.chat_id AND r.message_id = m.message_id"
            " WHERE a.article_id = ? GROUP BY r.reaction ORDER BY total DESC, r.reaction",
            (article_id,),
        ) as cursor:
            reactions = tuple((str(name), int(total)) for name, total in await cursor.fetchall())
        return ArticleInsight(
            article_id, str(row[0]), bool(row[1]), int(row[2]), by_kind, chats, updated, reactions
        )

    async def _one(self, sql: str, article_id: int) -> int:
        async with self._db.connection.execute(sql, (article_id,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def record_reactions(
        self, chat_id: int, message_id: int, counts: Mapping[str, int], stamp: int
    ) -> bool:
        """Store a message's current reaction counts (replacing the earlier ones); False if
        counts dated later are stored already (Telegram's updates may come late)."""
        async with self._db.transaction() as connection:
            async with connection.execute(
                "SELECT 1 FROM message_reactions"
                " WHERE chat_id = ? AND message_id = ? AND updated_at > ? LIMIT 1",
                (chat_id, message_id, stamp),
            ) as cursor:
                if await cursor.fetchone() is not None:
                    return False
            await connection.execute(
                "DELETE FROM message_reactions WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id),
            )
            await connection.executemany(
                "INSERT INTO message_reactions (chat_id, message_id, reaction, total, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (chat_id, message_id, reaction, total, stamp)
                    for reaction, total in counts.items()
                    if total > 0
                ],
            )
        return True


def _date(number: int) -> date:
    """The calendar date of a day number (days since the epoch, in the zone's offset)."""
    return date(1970, 1, 1) + timedelta(days=number)
