"""Search results as Telegram HTML and buttons (issue 13): pure functions of data.

A snippet's matched words arrive between private marks (storage/search.py MARK_OPEN and
MARK_CLOSE); everything is escaped first and only whole pairs of marks become <b></b>, so no
article text, however it was written, can break the message's markup.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.news.search import Results
from bot.telegram.html import escape
from bot.views.callbacks import SearchPage
from bot.views.formatting import format_date
from bot.views.i18n import Translator
from bot.views.keyboards import headline_buttons
from storage.search import MARK_CLOSE, MARK_OPEN

_MARKED = re.compile(f"{MARK_OPEN}([^{MARK_OPEN}{MARK_CLOSE}]*){MARK_CLOSE}")


def snippet_html(snippet: str) -> str:
    """A snippet as HTML: its text escaped, its marked words bold, stray marks dropped."""
    parts: list[str] = []
    cursor = 0
    for match in _MARKED.finditer(snippet):
        parts.append(_plain(snippet[cursor : match.start()]))
        if match.group(1):
            parts.append(f"<b>{_plain(match.group(1))}</b>")
        cursor = match.end()
    parts.append(_plain(snippet[cursor:]))
    return "".join(parts)


def _plain(text: str) -> str:
    return escape(text.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))


def results_text(
    results: Results, query: str, *, translator: Translator, language: str, zone: ZoneInfo
) -> str:
    """A page of results: the query and how many were found, then each article's headline,
    date, views, /read link and snippet; or that nothing was found."""
    if not results.found:
        return translator.html(language, "search-nothing", query=query)
    text = translator.html(
        language,
        "search-title",
        query=query,
        count=results.total,
        page=results.page + 1,
        pages=results.pages,
    )
    for found in results.found:
        headline = found.headline
        meta = translator.html(
            language,
            "article-meta",
            date=format_date(headline.published_at, zone),
            views=headline.views,
        )
        text += f"\n\n<b>{escape(headline.headline)}</b>\n{meta} · /read_{headline.id}"
        if found.snippet.strip():
            text += f"\n{snippet_html(found.snippet)}"
    return text


def results_keyboard(
    results: Results, query_id: int | None, *, translator: Translator, language: str
) -> InlineKeyboardMarkup | None:
    """A read button per result, then ‹ Newer / Older › to the neighbouring pages (only with
    `query_id`, the stored query's number the buttons carry)."""
    rows = headline_buttons([found.headline for found in results.found])
    paging = []
    if query_id is not None and results.page > 0:
        paging.append(
            InlineKeyboardButton(
                translator.plain(language, "button-search-newer"),
                callback_data=SearchPage(query_id, results.page - 1).pack(),
            )
        )
    if query_id is not None and results.page + 1 < results.pages:
        paging.append(
            InlineKeyboardButton(
                translator.plain(language, "button-search-older"),
                callback_data=SearchPage(query_id, results.page + 1).pack(),
            )
        )
    if paging:
        rows.append(paging)
    return InlineKeyboardMarkup(rows) if rows else None
