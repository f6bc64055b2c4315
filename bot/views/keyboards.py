"""Inline keyboards; their payloads come from `bot.views.callbacks`."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.limits import BUTTON_LABEL_LENGTH
from bot.telegram.html import truncate_text
from bot.views import callbacks
from bot.views.i18n import LANGUAGES, Translator
from storage import Headline


def headline_buttons(headlines: Sequence[Headline]) -> list[list[InlineKeyboardButton]]:
    """One button per headline, opening the article."""
    return [
        [
            InlineKeyboardButton(
                truncate_text(headline.headline, BUTTON_LABEL_LENGTH),
                callback_data=callbacks.read(headline.id),
            )
        ]
        for headline in headlines
    ]


def related_keyboard(headlines: Sequence[Headline]) -> InlineKeyboardMarkup | None:
    """ "Read also" buttons under an article, if there is anything to suggest."""
    return InlineKeyboardMarkup(headline_buttons(headlines)) if headlines else None


def latest_keyboard(
    headlines: Sequence[Headline],
    *,
    has_older: bool,
    is_first_page: bool,
    count: int,
    translator: Translator,
    language: str,
) -> InlineKeyboardMarkup:
    """Buttons of a /latest page: read each headline, page back, return to the newest."""
    rows = headline_buttons(headlines)
    paging = []
    if not is_first_page:
        paging.append(
            InlineKeyboardButton(
                translator.plain(language, "button-newest"),
                callback_data=callbacks.older(0, count),
            )
        )
    if has_older and headlines:
        paging.append(
            InlineKeyboardButton(
                translator.plain(language, "button-more"),
                callback_data=callbacks.older(headlines[-1].id, count),
            )
        )
    if paging:
        rows.append(paging)
    return InlineKeyboardMarkup(rows)


def language_keyboard(translator: Translator) -> InlineKeyboardMarkup:
    """One button per supported language, each named in its own language."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    translator.plain(code, f"language-name-{code}"),
                    callback_data=callbacks.language(code),
                )
                for code in LANGUAGES
            ]
        ]
    )


def subscription_keyboard(
    translator: Translator, language: str, *, subscribed: bool
) -> InlineKeyboardMarkup:
    """The one button that changes a chat's state: Unsubscribe if subscribed, else Subscribe."""
    if subscribed:
        button = InlineKeyboardButton(
            translator.plain(language, "button-unsubscribe"),
            callback_data=callbacks.subscription("off"),
        )
    else:
        button = InlineKeyboardButton(
            translator.plain(language, "button-subscribe"),
            callback_data=callbacks.subscription("on"),
        )
    return InlineKeyboardMarkup([[button]])


def draft_keyboard(translator: Translator, language: str) -> InlineKeyboardMarkup:
    """Publish / Cancel under a draft's preview."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    translator.plain(language, "button-publish"),
                    callback_data=callbacks.post("publish"),
                ),
                InlineKeyboardButton(
                    translator.plain(language, "button-cancel"),
                    callback_data=callbacks.post("cancel"),
                ),
            ]
        ]
    )


def alert_keyboard(
    headlines: Sequence[Headline], *, is_channel: bool, bot_username: str
) -> InlineKeyboardMarkup:
    """Buttons under an alert: in channels, deep links that open the article in the bot."""
    if not is_channel:
        return InlineKeyboardMarkup(headline_buttons(headlines))
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    truncate_text(headline.headline, BUTTON_LABEL_LENGTH),
                    url=deep_link(bot_username, headline.id),
                )
            ]
            for headline in headlines
        ]
    )


def deep_link(bot_username: str, article_id: int) -> str:
    """A t.me link that opens the article in a private chat with the bot."""
    return f"https://t.me/{bot_username}?start=read_{article_id}"
