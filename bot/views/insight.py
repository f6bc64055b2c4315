"""Most read and editors' insight (issue 13) as text and buttons: /top, the numbers beside the
/stats chart, and `/stats <id>`. Pure functions of the data `storage.insight` returns; the
chart (`bot/views/charts.py`) is drawn from the same objects."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.limits import BUTTON_LABEL_LENGTH
from bot.telegram.html import MESSAGE_LIMIT, truncate_text, visible_length
from bot.views.callbacks import ArticleStats
from bot.views.formatting import format_date
from bot.views.i18n import Translator
from bot.views.keyboards import headline_buttons
from storage import ArticleInsight, Headline, TopArticle, Trends


def top_page(
    entries: Sequence[TopArticle],
    *,
    days: int,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """/top: the most-read articles with the views each gained in `days`, a read button each
    (as many as fit in one message); or a word that nothing was read."""
    if not entries:
        return translator.html(language, "top-empty", days=days), None
    text = translator.html(language, "top-title", days=days)
    shown: list[Headline] = []
    for entry in entries:
        headline = entry.headline
        meta = translator.html(
            language,
            "top-entry",
            date=format_date(headline.published_at, zone),
            gained=entry.gained,
            days=days,
        )
        line = f"\n\n{len(shown) + 1}. <b>{escape(headline.headline)}</b>\n{meta}"
        if visible_length(text + line) > MESSAGE_LIMIT:
            break
        text += line
        shown.append(headline)
    return text, InlineKeyboardMarkup(headline_buttons(shown))


def trends_lines(trends: Trends, *, translator: Translator, language: str) -> list[str]:
    """The numbers the /stats chart shows: the window's totals, then each day, newest first,
    with its views (reads, alerts, inline shares) and the subscribers by kind at its end."""
    days = len(trends.activity)
    lines = [
        translator.html(language, "stats-trends-title", days=days),
        translator.html(
            language,
            "stats-trends-total",
            views=sum(day.views for day in trends.activity),
            reads=sum(day.reads for day in trends.activity),
            alerts=sum(day.alerts for day in trends.activity),
            inline=sum(day.inline for day in trends.activity),
        ),
    ]
    for activity, people in zip(
        reversed(trends.activity), reversed(trends.subscribers), strict=True
    ):
        lines.append(
            translator.html(
                language,
                "stats-trends-day",
                date=activity.day.strftime("%d.%m"),
                views=activity.views,
                reads=activity.reads,
                alerts=activity.alerts,
                inline=activity.inline,
                private=people.private,
                groups=people.groups,
                channels=people.channels,
            )
        )
    lines.append(translator.html(language, "stats-trends-note"))
    return lines


def stats_keyboard(
    entries: Sequence[TopArticle], *, translator: Translator, language: str
) -> InlineKeyboardMarkup | None:
    """Under /stats: a button per most-read article opening its `/stats <id>`."""
    if not entries:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    truncate_text(
                        translator.plain(
                            language, "stats-article-button", headline=entry.headline.headline
                        ),
                        BUTTON_LABEL_LENGTH,
                    ),
                    callback_data=ArticleStats(entry.headline.id).pack(),
                )
            ]
            for entry in entries
        ]
    )


def article_insight_text(insight: ArticleInsight, *, translator: Translator, language: str) -> str:
    """`/stats <id>`: views by kind, chats reached, copies updated and channel reactions."""
    lines = [
        translator.html(
            language, "stats-article-title", headline=insight.headline, id=str(insight.article_id)
        )
    ]
    if insight.retracted:
        lines.append(translator.html(language, "stats-article-retracted"))
    lines += [
        translator.html(
            language,
            "stats-article-views",
            views=insight.views,
            alerts=insight.by_kind.get("alert", 0),
            reads=insight.by_kind.get("read", 0),
            # Results chosen in inline mode (issue 13, migration 0024: kind 'inline').
            inline=insight.by_kind.get("inline", 0),
        ),
        translator.html(language, "stats-article-chats", chats=insight.chats),
        translator.html(language, "stats-article-copies", copies=insight.copies_updated),
    ]
    if insight.reactions:
        reactions = " · ".join(
            f"{_reaction_label(name)} {total}" for name, total in insight.reactions
        )
        lines.append(translator.html(language, "stats-article-reactions", reactions=reactions))
    else:
        lines.append(translator.html(language, "stats-article-no-reactions"))
    return "\n".join(lines)


def _reaction_label(name: str) -> str:
    """How a stored reaction reads: the emoji itself; a custom emoji or paid stars by kind."""
    if name.startswith("custom:"):
        return "✨"
    if name == "paid":
        return "⭐"
    return name
