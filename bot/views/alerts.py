"""A headline alert as subscribers get it: its text and its buttons. Pure functions of data."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.telegram.html import escape, visible_length
from bot.views.articles import CAPTION_LIMIT
from bot.views.formatting import format_date
from bot.views.i18n import Translator
from bot.views.keyboards import deep_link, headline_buttons, site_rows
from storage import Headline, Photo


def alert_message(
    headlines: Sequence[Headline],
    *,
    total: int,
    is_channel: bool,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
    breaking: bool = False,
) -> str:
    """A headline alert: the new headlines, newest first, and how many more there are; with
    `breaking`, marked as breaking news (it announces one article, alone)."""
    parts = [translator.html(language, "alert-breaking-title" if breaking else "alert-title")]
    for headline in headlines:
        date = format_date(headline.published_at, zone)
        # Commands in a channel post reach nobody; channel readers use the deep-link buttons.
        command = "" if is_channel else f" · /read_{headline.id}"
        parts.append(f"<b>{escape(headline.headline)}</b>\n{date}{command}")
    if total > len(headlines):
        key = "alert-more-channel" if is_channel else "alert-more"
        parts.append(translator.html(language, key, count=total - len(headlines)))
    return "\n\n".join(parts)


def alert_keyboard(
    headlines: Sequence[Headline],
    *,
    is_channel: bool,
    bot_username: str,
    total: int = 0,
    site_label: str = "",
) -> InlineKeyboardMarkup:
    """Buttons under an alert: in channels, deep links that open the article in the bot; an
    alert about one article alone (`total` 1) with a page on the site adds "Open on site"."""
    link = (lambda article_id: deep_link(bot_username, article_id)) if is_channel else None
    rows = headline_buttons(headlines, link=link)
    if total == 1 and len(headlines) == 1 and site_label:
        rows += site_rows(headlines[0].canonical_url, site_label)
    return InlineKeyboardMarkup(rows)


def alert_photo(headlines: Sequence[Headline], *, total: int, text: str) -> Photo | None:
    """The photo an alert goes out with, its `text` as the caption: that of the one article it
    announces, if it has one and the text fits a caption; None sends the alert as text.

    A digest of several headlines stays one text message, without a photo: one photo per
    headline would break the one-alert-per-round rule, and a link preview needs a URL, which a
    Telegram file_id does not have.
    """
    if total != 1 or len(headlines) != 1:
        return None
    photo = headlines[0].photo
    if photo is None or visible_length(text) > CAPTION_LIMIT:
        return None
    return photo
