"""SQLite storage: the only package that speaks SQL."""

from __future__ import annotations

from pathlib import Path

from storage.articles import ArticleRepository
from storage.bot_state import BotStateRepository
from storage.chats import ChatRepository
from storage.database import Database
from storage.deliveries import DeliveryKind
from storage.drafts import DraftRepository, DraftStep, StoredDraft
from storage.external import ExternalIdRepository
from storage.feeds import Feed, FeedItem, FeedMode, FeedRepository, Review, StoredEntry
from storage.insight import (
    ArticleInsight,
    DayActivity,
    InsightRepository,
    SubscriberDay,
    TopArticle,
    Trends,
)
from storage.messages import (
    MessageRepository,
    NewMessage,
    TrackedMessage,
    Work,
    WorkDone,
    WorkFailed,
    WorkOutcome,
    WorkRetry,
)
from storage.models import (
    Article,
    Change,
    Headline,
    Photo,
    Preview,
    Revision,
    Section,
    Withdrawal,
)
from storage.outbox import (
    Alert,
    Failed,
    Moment,
    OutboxRepository,
    Outcome,
    Retry,
    RoundStats,
    Sent,
)
from storage.scheduled import Release, ScheduledArticle, ScheduledRepository, ScheduleState
from storage.search import Hit, HitPage, Ranking, SearchRepository
from storage.sections import (
    NameTaken,
    SectionNames,
    SectionPrompt,
    SectionRepository,
    TooMany,
)
from storage.subscriptions import (
    NOTIFICATIONS,
    Notifications,
    Subscription,
    SubscriptionRepository,
)

__all__ = [
    "NOTIFICATIONS",
    "Alert",
    "Article",
    "ArticleInsight",
    "ArticleRepository",
    "BotStateRepository",
    "Change",
    "ChatRepository",
    "Database",
    "DayActivity",
    "DeliveryKind",
    "DraftRepository",
    "DraftStep",
    "ExternalIdRepository",
    "Failed",
    "Feed",
    "FeedItem",
    "FeedMode",
    "FeedRepository",
    "Headline",
    "Hit",
    "HitPage",
    "InsightRepository",
    "MessageRepository",
    "Moment",
    "NameTaken",
    "NewMessage",
    "Notifications",
    "OutboxRepository",
    "Outcome",
    "Photo",
    "Preview",
    "Ranking",
    "Release",
    "Retry",
    "Review",
    "Revision",
    "RoundStats",
    "ScheduleState",
    "ScheduledArticle",
    "ScheduledRepository",
    "SearchRepository",
    "Section",
    "SectionNames",
    "SectionPrompt",
    "SectionRepository",
    "Sent",
    "Storage",
    "StoredDraft",
    "StoredEntry",
    "SubscriberDay",
    "Subscription",
    "SubscriptionRepository",
    "TooMany",
    "TopArticle",
    "TrackedMessage",
    "Trends",
    "Withdrawal",
    "Work",
    "WorkDone",
    "WorkFailed",
    "WorkOutcome",
    "WorkRetry",
]


class Storage:
    """The database and its repositories, opened together at start-up."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.articles = ArticleRepository(database)
        self.chats = ChatRepository(database)
        self.subscriptions = SubscriptionRepository(database)
        self.outbox = OutboxRepository(database)
        self.drafts = DraftRepository(database)
        self.messages = MessageRepository(database)
        self.scheduled = ScheduledRepository(database)
        self.sections = SectionRepository(database)
        self.feeds = FeedRepository(database)
        self.bot_state = BotStateRepository(database)
        self.external = ExternalIdRepository(database)
        self.insight = InsightRepository(database)
        self.search = SearchRepository(database)

    @classmethod
    async def open(cls, path: str | Path) -> Storage:
        """Open and migrate the database at `path`."""
        return cls(await Database.open(path))

    async def close(self) -> None:
        """Close the database."""
        await self.database.close()
