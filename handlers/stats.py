"""Editors' /stats: subscribers by kind, the last 30 days as numbers and as a chart, and what
became of the last delivery rounds; `/stats <id>` for one article (issue 13); and the reaction
counts Telegram reports for the bot's channel posts."""

from __future__ import annotations

import asyncio
import time

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageReactionHandler,
    filters,
)

from bot.access import editor_only
from bot.context import NewsContext
from bot.limits import STATS_CHART_DAYS, STATS_ROUNDS, STATS_TOP_BUTTONS, TOP_DAYS
from bot.news import reactions
from bot.news.arguments import Invalid, Missing, parse_article_id
from bot.telegram.html import split_html
from bot.views.callbacks import ArticleStats, pressed
from bot.views.insight import article_insight_text, stats_keyboard, trends_lines
from bot.views.replies import answer, reply, thread_of
from bot.views.reports import stats_text

_DAY = 86400


@editor_only
async def stats_command(update: Update, context: NewsContext) -> None:
    """/stats: the overview with its chart; `/stats <id>`: one article."""
    parsed = parse_article_id(context.args or [])
    if isinstance(parsed, Invalid):
        await reply(update, context, "stats-bad-id", value=parsed.value[:64])
    elif isinstance(parsed, Missing):
        await _overview(update, context)
    else:
        await _article(update, context, parsed)


async def _overview(update: Update, context: NewsContext) -> None:
    """Subscribers, the last days' numbers, the rounds; then the chart of the same numbers."""
    storage = context.storage
    language = await context.language(update)
    trends = await storage.insight.trends(STATS_CHART_DAYS, context.settings.zone)
    # Drawn in the chart worker while the text goes out: the numbers never wait for the picture.
    chart = asyncio.create_task(context.services.charts.draw(trends), name="stats chart")
    text = stats_text(
        await storage.subscriptions.counts(),
        await storage.outbox.recent_rounds(STATS_ROUNDS),
        context.services.delivery.troubles(),
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
        trends=trends_lines(trends, translator=context.translator, language=language),
    )
    top = await storage.insight.most_read(int(time.time()) - TOP_DAYS * _DAY, STATS_TOP_BUTTONS)
    keyboard = stats_keyboard(top, translator=context.translator, language=language)
    # Thirty days, the rounds and every restarted task's error may outgrow one message.
    *first_parts, last_part = split_html(text)
    for part in first_parts:
        await answer(update, context, part)
    await answer(update, context, last_part, reply_markup=keyboard)
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_photo(
        chat.id,
        await chart,
        caption=context.translator.html(language, "stats-chart-caption", days=STATS_CHART_DAYS),
        message_thread_id=thread_of(update),
    )


async def _article(update: Update, context: NewsContext, article_id: int) -> None:
    """One article's views by kind, reach, updated copies and channel reactions."""
    insight = await context.storage.insight.article(article_id)
    if insight is None:
        await reply(update, context, "read-not-found", id=str(article_id))
        return
    language = await context.language(update)
    await answer(
        update,
        context,
        article_insight_text(insight, translator=context.translator, language=language),
    )


@editor_only
async def article_stats_button(update: Update, context: NewsContext) -> None:
    """An article's button under /stats: its `/stats <id>`, as a new message."""
    query, button = pressed(update, ArticleStats)
    await query.answer()
    await _article(update, context, button.article_id)


async def reaction_counts(update: Update, context: NewsContext) -> None:
    """Telegram's reaction totals for a message in a chat where the bot is an administrator."""
    counted = update.message_reaction_count
    assert counted is not None
    await reactions.record_counts(context.storage, counted)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /stats, its article buttons and the reaction counts."""
    application.add_handler(CommandHandler("stats", stats_command, filters.UpdateType.MESSAGE))
    application.add_handler(
        CallbackQueryHandler(article_stats_button, pattern=ArticleStats.matches)
    )
    application.add_handler(
        MessageReactionHandler(
            reaction_counts,
            message_reaction_types=MessageReactionHandler.MESSAGE_REACTION_COUNT_UPDATED,
        )
    )
