"""SQLite storage: the only package that speaks SQL."""

from __future__ import annotations

from pathlib import Path

from storage.articles import ArticleRepository
from storage.chats import ChatRepository
from storage.database import Database
from storage.deliveries import DeliveryKind
from storage.drafts import DraftRepository, DraftStep, StoredDraft
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
from storage.models import Article, Change, Headline, Photo, Revision, Section, Withdrawal
from storage.outbox import Alert, Failed, OutboxRepository, Outcome, Retry, RoundStats, Sent
from storage.scheduled import Release, ScheduledArticle, ScheduledRepository, ScheduleState
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
    "ArticleRepository",
    "Change",
    "ChatRepository",
    "Database",
    "DeliveryKind",
    "DraftRepository",
    "DraftStep",
    "Failed",
    "Headline",
    "MessageRepository",
    "NameTaken",
    "NewMessage",
    "Notifications",
    "OutboxRepository",
    "Outcome",
    "Photo",
    "Release",
    "Retry",
    "Revision",
    "RoundStats",
    "ScheduleState",
    "ScheduledArticle",
    "ScheduledRepository",
    "Section",
    "SectionNames",
    "SectionPrompt",
    "SectionRepository",
    "Sent",
    "Storage",
    "StoredDraft",
    "Subscription",
    "SubscriptionRepository",
    "TooMany",
    "TrackedMessage",
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

    @classmethod
    async def open(cls, path: str | Path) -> Storage:
        """Open and migrate the database at `path`."""
        return cls(await Database.open(path))

    async def close(self) -> None:
        """Close the database."""
        await self.database.close()
