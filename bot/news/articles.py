"""What editors and readers do with articles: checks, publishing, reading (which counts a view)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.limits import BODY_MAX_LENGTH, HEADLINE_MAX_LENGTH, RELATED_COUNT
from bot.telegram.html import is_blank, visible_length, visible_text
from storage import Article, Headline, Storage


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an editor's input was refused: a catalog key and its arguments."""

    key: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Draft:
    """An article being written in the guided /post flow."""

    headline: str | None = None
    parts: list[str] = field(default_factory=list)

    @property
    def body_html(self) -> str:
        """The body so far; parts sent as separate messages become paragraphs."""
        return "\n\n".join(self.parts)

    def try_append(self, part_html: str) -> Problem | None:
        """Add a part unless the body would grow past the limit."""
        if is_blank(visible_text(part_html)):
            return Problem("post-expects-text")
        candidate = "\n\n".join([*self.parts, part_html])
        length = visible_length(candidate)
        if length > BODY_MAX_LENGTH:
            return Problem("post-body-too-long", {"length": length, "max": BODY_MAX_LENGTH})
        self.parts.append(part_html)
        return None


@dataclass(frozen=True, slots=True)
class Reading:
    """An article as delivered to a chat, with suggestions to read next."""

    article: Article
    related: list[Headline]


def check_headline(text: str) -> Problem | None:
    """Refuse empty, multi-line or over-long headlines."""
    stripped = text.strip()
    if is_blank(stripped):
        return Problem("post-headline-empty")
    if "\n" in stripped or "\r" in stripped:
        return Problem("post-headline-multiline")
    if len(stripped) > HEADLINE_MAX_LENGTH:
        return Problem(
            "post-headline-too-long", {"length": len(stripped), "max": HEADLINE_MAX_LENGTH}
        )
    return None


def check_body(body_html: str) -> Problem | None:
    """Refuse empty or over-long bodies (length as readers see it, tags excluded)."""
    if is_blank(visible_text(body_html)):
        return Problem("post-body-empty")
    length = visible_length(body_html)
    if length > BODY_MAX_LENGTH:
        return Problem("post-body-too-long", {"length": length, "max": BODY_MAX_LENGTH})
    return None


async def publish(storage: Storage, headline: str, body_html: str, author_id: int) -> Article:
    """Store and publish an article whose headline and body passed the checks."""
    return await storage.articles.publish(headline.strip(), body_html, author_id)


async def read(storage: Storage, article_id: int, chat_id: int) -> Reading | None:
    """Deliver an article to a chat: one more view, and what to suggest after it."""
    article = await storage.articles.record_delivery(article_id, chat_id, "read")
    if article is None:
        return None
    related = await storage.articles.related(article.id, RELATED_COUNT)
    return Reading(article, related)
