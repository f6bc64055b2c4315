"""Plain records the repositories return; no Telegram types here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Headline:
    """What a headline list needs of an article."""

    id: int
    headline: str
    published_at: int
    views: int


@dataclass(frozen=True, slots=True)
class Article:
    """A published article; `body_html` is Telegram-safe HTML."""

    id: int
    headline: str
    body_html: str
    author_id: int
    created_at: int
    published_at: int
    views: int

    @property
    def summary(self) -> Headline:
        """This article as a headline-list entry."""
        return Headline(self.id, self.headline, self.published_at, self.views)
