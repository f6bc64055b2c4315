"""An article and a page of headlines as Telegram HTML: pure functions of data."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.telegram.html import MESSAGE_LIMIT, escape, split_html, visible_length
from bot.views.formatting import format_date
from bot.views.i18n import Translator
from storage import Article, Headline


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
