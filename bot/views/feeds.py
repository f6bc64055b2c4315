"""Feeds as editors see them (issue 12): the /feeds list with its buttons, and a feed entry's
preview in review mode with Publish / Edit / Skip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.limits import FEED_PREVIEW_LENGTH
from bot.telegram.html import split_html
from bot.views.callbacks import FeedAction, FeedReview, FeedReviewDecision
from bot.views.formatting import format_time
from bot.views.i18n import Translator
from storage import Feed, Review, Section

_DECISIONS: tuple[FeedReviewDecision, ...] = ("publish", "edit", "skip")


def section_name(
    sections: Sequence[Section], section_id: int | None, translator: Translator, language: str
) -> str:
    """A feed's section as editors read it: its name, or "first section" when none was chosen."""
    for section in sections:
        if section.id == section_id:
            return section.name(language)
    return translator.plain(language, "feed-section-default")


def feeds_text(
    feeds: Sequence[Feed],
    sections: Sequence[Section],
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> str:
    """/feeds: each feed with its section, mode, last success and last error (and a failing
    streak with its next try)."""
    if not feeds:
        return translator.html(language, "feeds-empty")
    blocks = [translator.html(language, "feeds-header", count=len(feeds))]
    for feed in feeds:
        lines = [
            translator.html(
                language,
                "feed-line",
                id=str(feed.id),
                url=feed.url,
                section=section_name(sections, feed.section_id, translator, language),
                mode=translator.plain(language, f"feed-mode-{feed.mode}"),
            )
        ]
        if feed.paused:
            lines.append(translator.html(language, "feed-paused"))
        if feed.last_success_at is None:
            lines.append(translator.html(language, "feed-never-polled"))
        else:
            lines.append(
                translator.html(
                    language, "feed-last-success", when=format_time(feed.last_success_at, zone)
                )
            )
        if feed.last_error is not None and feed.last_error_at is not None:
            lines.append(
                translator.html(
                    language,
                    "feed-last-error",
                    when=format_time(feed.last_error_at, zone),
                    error=feed.last_error,
                )
            )
        if feed.failures:
            lines.append(
                translator.html(
                    language,
                    "feed-failing",
                    count=feed.failures,
                    when=format_time(feed.next_poll_at, zone),
                )
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def feeds_keyboard(
    feeds: Sequence[Feed], translator: Translator, language: str
) -> InlineKeyboardMarkup | None:
    """Pause (or Resume) and Remove for each feed, labelled with its number."""
    rows = []
    for feed in feeds:
        toggle: Literal["pause", "resume"] = "resume" if feed.paused else "pause"
        rows.append(
            [
                InlineKeyboardButton(
                    translator.plain(language, f"button-feed-{toggle}", id=str(feed.id)),
                    callback_data=FeedAction(toggle, feed.id).pack(),
                ),
                InlineKeyboardButton(
                    translator.plain(language, "button-feed-remove", id=str(feed.id)),
                    callback_data=FeedAction("remove", feed.id).pack(),
                ),
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None


def review_text(review: Review, *, translator: Translator, language: str) -> str:
    """To editors: a feed entry waiting for review, its headline, the start of its text and
    its link."""
    item = review.item
    header = translator.html(
        language, "feed-review", id=str(review.feed.id), url=review.feed.url, headline=item.headline
    )
    parts = split_html(item.body_html, FEED_PREVIEW_LENGTH)
    text = parts[0] + ("…" if len(parts) > 1 else "") if parts else ""
    link = translator.html(language, "feed-review-link", url=item.link) if item.link else ""
    return "\n\n".join(part for part in (header, text, link) if part)


def review_keyboard(translator: Translator, language: str, entry_id: int) -> InlineKeyboardMarkup:
    """Publish / Edit / Skip under a feed entry's preview."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    translator.plain(language, f"button-feed-{decision}"),
                    callback_data=FeedReview(decision, entry_id).pack(),
                )
                for decision in _DECISIONS
            ]
        ]
    )
