"""Articles and headline lists as Telegram HTML: pure functions of data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.telegram.html import MESSAGE_LIMIT, escape, split_html, visible_length
from bot.views.i18n import Translator
from storage import Article, Headline


def format_date(timestamp: int, zone: ZoneInfo) -> str:
    """A date as readers of the site know it: 26.11.2025."""
    return datetime.fromtimestamp(timestamp, zone).strftime("%d.%m.%Y")


def article_messages(
    article: Article,
    *,
    with_related: bool,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> list[str]:
    """The article as one or more messages, each valid HTML within Telegram's length limit."""
    meta = translator.html(
        language, "article-meta", date=format_date(article.published_at, zone), views=article.views
    )
    parts = [f"<b>{escape(article.headline)}</b>\n{meta}", article.body_html]
    if with_related:
        parts.append(f"<i>{translator.html(language, 'read-also')}</i>")
    return split_html("\n\n".join(parts))


def headline_page(
    headlines: Sequence[Headline],
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> tuple[str, list[Headline]]:
    """A headline list and the headlines it holds: as many as fit in one message."""
    text = translator.html(language, "latest-title")
    shown: list[Headline] = []
    for headline in headlines:
        meta = translator.html(
            language,
            "article-meta",
            date=format_date(headline.published_at, zone),
            views=headline.views,
        )
        entry = f"\n\n<b>{escape(headline.headline)}</b>\n{meta} · /read_{headline.id}"
        if visible_length(text + entry) > MESSAGE_LIMIT:
            break
        text += entry
        shown.append(headline)
    return text, shown


def alert_message(
    headlines: Sequence[Headline],
    *,
    total: int,
    is_channel: bool,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> str:
    """A headline alert: the new headlines, newest first, and how many more there are."""
    parts = [translator.html(language, "alert-title")]
    for headline in headlines:
        date = format_date(headline.published_at, zone)
        # Commands in a channel post reach nobody; channel readers use the deep-link buttons.
        command = "" if is_channel else f" · /read_{headline.id}"
        parts.append(f"<b>{escape(headline.headline)}</b>\n{date}{command}")
    if total > len(headlines):
        key = "alert-more-channel" if is_channel else "alert-more"
        parts.append(translator.html(language, key, count=total - len(headlines)))
    return "\n\n".join(parts)
