"""What editors and readers do with articles: checks, publishing, reading (which counts a view)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from bot.limits import (
    BODY_MAX_LENGTH,
    BODY_MAX_MARKUP,
    HEADLINE_MAX_LENGTH,
    RELATED_COUNT,
    REPUBLISH_WINDOW,
)
from bot.news import search
from bot.telegram.html import clean_text, is_blank, visible_text
from storage import Article, Headline, Photo, Storage


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


def clean_headline(text: str) -> str:
    """A headline as it is stored and shown: cleaned like a body's text (no control or bidi
    override characters), tabs as spaces, trimmed."""
    return clean_text(text).replace("\t", " ").strip()


def check_headline(text: str) -> Problem | None:
    """Refuse headlines that are empty (or invisible) once cleaned, multi-line or over-long."""
    stripped = clean_headline(text)
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
    """Refuse empty or over-long bodies (length as readers see it, tags excluded), and bodies
    whose markup (mostly links) is too large to store and send."""
    text = visible_text(body_html)  # parsed once for both checks (a feed has hundreds)
    if is_blank(text):
        return Problem("post-body-empty")
    length = len(text)
    if length > BODY_MAX_LENGTH:
        return Problem("post-body-too-long", {"length": length, "max": BODY_MAX_LENGTH})
    if len(body_html) > BODY_MAX_MARKUP:
        return Problem(
            "post-body-markup-too-long", {"length": len(body_html), "max": BODY_MAX_MARKUP}
        )
    return None


def message_origin(chat_id: int, message_id: int) -> str:
    """A message as the origin of the article it published: Telegram redelivers the same
    message after a crash, and an editor's edit of it names the article to correct."""
    return f"message:{chat_id}:{message_id}"


@dataclass(frozen=True, slots=True)
class Published:
    """The article an editor's publication stands as; `is_new` is False when it repeated one."""

    article: Article
    is_new: bool


async def publish(
    storage: Storage,
    headline: str,
    body_html: str,
    author_id: int,
    *,
    origin: str,
    photo: Photo | None = None,
    breaking: bool = False,
    section_id: int | None = None,
    canonical_url: str | None = None,
    feed_entry_id: int | None = None,
) -> Published | Problem:
    """Check and publish an article (with its lead `photo`, if any, and its page on the site,
    `canonical_url`), once: `origin` names the update that asked for it. `breaking`: as
    breaking news, whose delivery round is stored with it (the caller then asks the delivery
    engine to plan it: `request_breaking`).
    `section_id`: its section (None, or one removed meanwhile: the first; bot/news/sections.py).
    `feed_entry_id`: the edited feed entry it was written from, which then names it.

    The same update delivered again (Telegram redelivers after a crash), or the same author
    sending the same headline, text and photo again soon after (because the confirmation never
    reached them), gets the article already published instead of a copy.
    """
    problem = check_headline(headline) or check_body(body_html)
    if problem is not None:
        return problem
    headline = clean_headline(headline)
    since = int(time.time() - REPUBLISH_WINDOW.total_seconds())
    repeated = await storage.articles.find_repeat(
        origin, author_id, headline, body_html, since, photo
    )
    if repeated is not None:
        return Published(repeated, is_new=False)
    article = await storage.articles.publish(
        headline,
        body_html,
        author_id,
        origin=origin,
        photo=photo,
        breaking=breaking,
        section_id=section_id,
        canonical_url=canonical_url,
        feed_entry_id=feed_entry_id,
    )
    return Published(article, is_new=True)


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """An article readers asked for that was withdrawn: nothing is delivered, no view counted."""

    article: Article


async def read(
    storage: Storage,
    article_id: int,
    chat_id: int,
    deliver: Callable[[Reading], Awaitable[object]],
) -> Reading | Withdrawn | None:
    """Deliver an article to a chat with `deliver`; once it returned, count one more view.

    The reading `deliver` gets shows the view it is about to count; a delivery that raises
    (a part refused, the reader blocked the bot) counts none. None: there is no such article;
    Withdrawn: it was withdrawn (the caller says when).
    """
    article = await storage.articles.get(article_id)
    if article is None:
        return None
    if article.retracted_at is not None:
        return Withdrawn(article)
    related = await search.related(storage, article, RELATED_COUNT)
    reading = Reading(replace(article, views=article.views + 1), related)
    await deliver(reading)
    await storage.articles.record_delivery(article.id, chat_id, "read")
    return reading
