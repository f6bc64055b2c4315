"""Editors' /stats: subscribers by kind and what became of the last delivery rounds."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.access import editor_only
from bot.context import NewsContext
from bot.limits import STATS_ROUNDS
from bot.views.replies import answer
from bot.views.reports import stats_text


@editor_only
async def stats_command(update: Update, context: NewsContext) -> None:
    """/stats: subscribers, the latest rounds with their outcome, delivery tasks restarted."""
    text = stats_text(
        await context.storage.subscriptions.counts(),
        await context.storage.outbox.recent_rounds(STATS_ROUNDS),
        context.services.delivery.troubles(),
        translator=context.translator,
        language=await context.language(update),
        zone=context.settings.zone,
    )
    await answer(update, context, text)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /stats."""
    application.add_handler(CommandHandler("stats", stats_command))
