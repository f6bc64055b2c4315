"""An article and a page of headlines as Telegram HTML: pure functions of data."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from telegram.constants import MessageLimit

from bot.telegram.html import MESSAGE_LIMIT, escape, split_html, truncate_text, visible_length
from bot.views.formatting import format_date, format_time
from bot.views.i18n import Translator
from storage import Article, Headline, Photo, Section

# A photo's caption, in visible characters (after entity parsing), as for a message's text.
CAPTION_LIMIT: Final = int(MessageLimit.CAPTION_LENGTH)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as it is sent: its photo with `caption` first, if it has one, then `messages`
    (valid HTML each, within Telegram's limits); buttons go under the last one sent."""

    photo: Photo | None
    caption: str | None
    messages: list[str]


def render_article(
    article: Article,
    *,
    with_related: bool,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> ArticleView:
    """The article as readers get it: with a photo, the photo captioned with the headline, date
    and views, and the body after it as text messages split as usual; without, as text only."""
    if article.photo is None:
        return ArticleView(
            None,
            None,
            article_messages(
                article,
                with_related=with_related,
                translator=translator,
                language=language,
                zone=zone,
            ),
        )
    meta = _meta(article, translator, language, zone)
    caption, whole = photo_caption(article.headline, meta)
    # A headline cut to fit the caption is given whole above the body (none is this long today:
    # headlines are at most 200 characters, but the caption's limit must hold whatever comes).
    parts = [] if whole else [f"<b>{escape(article.headline)}</b>"]
    parts.append(article.body_html)
    if with_related:
        parts.append(f"<i>{translator.html(language, 'read-also')}</i>")
    return ArticleView(article.photo, caption, split_html("\n\n".join(parts)))


def photo_caption(headline: str, meta_html: str) -> tuple[str, bool]:
    """A photo's caption: the bold headline and the meta line, within CAPTION_LIMIT; the
    headline is cut on a word boundary if it must be (False: it was)."""
    room = CAPTION_LIMIT - visible_length(meta_html) - 1  # the newline between them
    whole = len(headline) <= room
    shown = headline if whole else truncate_text(headline, room)
    return f"<b>{escape(shown)}</b>\n{meta_html}", whole


def _meta(article: Article, translator: Translator, language: str, zone: ZoneInfo) -> str:
    date = format_date(article.published_at, zone)
    if article.section is None:
        meta = translator.html(language, "article-meta", date=date, views=article.views)
    else:  # its section first (issue 11), by its name in the reader's language, removed or not
        meta = translator.html(
            language,
            "article-meta-section",
            section=article.section.name(language),
            date=date,
            views=article.views,
        )
    if article.updated_at is None:
        return meta
    # A corrected headline or text says so under the date, in the caption or the first message.
    note = translator.html(language, "article-updated", when=format_time(article.updated_at, zone))
    return f"{meta}\n{note}"


def withdrawal_notice(
    article: Article, translator: Translator, language: str, zone: ZoneInfo
) -> str:
    """What /read answers for a withdrawn article, and what its old copies are edited to where
    they can no longer be deleted: the article's number and the date, never its text."""
    withdrawn = article.retracted_at if article.retracted_at is not None else int(time.time())
    return translator.html(
        language, "article-withdrawn", id=str(article.id), date=format_date(withdrawn, zone)
    )


def article_messages(
    article: Article,
    *,
    with_related: bool,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> list[str]:
    """The article as text messages only (its photo aside), each valid HTML within Telegram's
    length limit."""
    meta = _meta(article, translator, language, zone)
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
    section: Section | None = None,
) -> tuple[str, list[Headline]]:
    """A headline list (of one `section`, if given) and the headlines it holds: as many as fit
    in one message."""
    if section is None:
        text = translator.html(language, "latest-title")
    else:
        text = translator.html(language, "latest-title-section", section=section.name(language))
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
