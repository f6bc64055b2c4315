"""Inline mode's results (issue 13) and what choosing one posts: pure functions of data.

Each result is one article, its id the result's id: the headline as title, the date and the
start of its text as description. Choosing one posts the bold headline, a short lead cut on a
word boundary and a "Read in the bot" button (a `t.me/<bot>?start=read_<id>` deep link), never
the article itself.

The lead photo: Telegram wants a URL for a result's thumbnail, and a photo known by URL alone
(a feed's or the publish API's, not yet sent) has one, so it is the thumbnail. A photo known by
its Telegram file_id alone has no URL anyone may fetch: that article's result is a cached photo
(InlineQueryResultCachedPhoto), which clients show with the photo, and choosing it posts the
photo captioned with the same headline and lead, with the same button.

`next_offset` carries a number: the next page of a search, or the id the next page of the
newest articles starts before (bot/news/sharing.py). Anything else a client sends is the first
page.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResult,
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InputTextMessageContent,
)
from telegram.constants import ParseMode

from bot.limits import INLINE_DESCRIPTION_CHARS, INLINE_LEAD_CHARS
from bot.news.arguments import parse_id
from bot.telegram.html import escape, truncate_text
from bot.views.formatting import format_date
from bot.views.i18n import Translator
from bot.views.keyboards import deep_link
from storage import Preview


def parse_offset(offset: str) -> int:
    """The number an earlier answer's `next_offset` carried; 0 (the first page) for an empty
    offset or anything that is not one."""
    return parse_id(offset, allow_zero=True) or 0


def next_offset(following: int | None) -> str | None:
    """The `next_offset` of an answer: the next page's number, or None after the last page.

    None leaves the parameter out, which Telegram reads as an empty one ("no more results"):
    with Defaults set, PTB 22's ExtBot turns an empty string into "[]" (it takes "" for an
    empty sequence of poll options), and clients would ask for page "[]".
    """
    return None if following is None else str(following)


def result_article(result_id: str) -> int | None:
    """The article a chosen result names (its id), or None for an id that names none."""
    return parse_id(result_id)


def shared_text(preview: Preview) -> str:
    """What a chosen result posts: the bold headline and the lead, cut on a word boundary."""
    text = f"<b>{escape(preview.headline.headline)}</b>"
    lead = truncate_text(preview.lead, INLINE_LEAD_CHARS)
    return f"{text}\n{escape(lead)}" if lead else text


def description(preview: Preview, zone: ZoneInfo) -> str:
    """A result's description: the date and the first line's worth of the text."""
    date = format_date(preview.headline.published_at, zone)
    lead = truncate_text(preview.lead, INLINE_DESCRIPTION_CHARS)
    return f"{date} · {lead}" if lead else date


def inline_results(
    previews: Sequence[Preview],
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
    bot_username: str,
) -> list[InlineQueryResult]:
    """One result per article, in order, with the button in the reader's language."""
    label = translator.plain(language, "inline-read-button")
    return [_result(preview, label, zone, bot_username) for preview in previews]


def _result(preview: Preview, label: str, zone: ZoneInfo, bot_username: str) -> InlineQueryResult:
    headline = preview.headline
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, url=deep_link(bot_username, headline.id))]]
    )
    photo = headline.photo
    if photo is not None and photo.url is None:  # a Telegram file_id alone
        return InlineQueryResultCachedPhoto(
            str(headline.id),
            photo.file_id,
            title=headline.headline,
            description=description(preview, zone),
            caption=shared_text(preview),
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )
    return InlineQueryResultArticle(
        str(headline.id),
        headline.headline,
        InputTextMessageContent(shared_text(preview), parse_mode=ParseMode.HTML),
        reply_markup=keyboard,
        description=description(preview, zone),
        thumbnail_url=photo.url if photo is not None else None,
    )
