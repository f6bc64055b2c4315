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


async def publish(
    storage: Storage, headline: str, body_html: str, author_id: int
) -> Article | Problem:
    """Check and publish an article; the Problem with it instead if it fails a check."""
    problem = check_headline(headline) or check_body(body_html)
    if problem is not None:
        return problem
    return await storage.articles.publish(headline.strip(), body_html, author_id)


async def read(storage: Storage, article_id: int, chat_id: int) -> Reading | None:
    """Deliver an article to a chat: one more view, and what to suggest after it."""
    article = await storage.articles.record_delivery(article_id, chat_id, "read")
    if article is None:
        return None
    related = await storage.articles.related(article.id, RELATED_COUNT)
    return Reading(article, related)
