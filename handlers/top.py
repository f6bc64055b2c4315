"""/top (issue 13): the most-read articles of the last week, by the views each gained in it,
with a button to read each. A readers' command: in a group anyone may ask."""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.context import NewsContext
from bot.limits import TOP_COUNT, TOP_DAYS
from bot.views.insight import top_page
from bot.views.replies import answer

_DAY = 86400


async def top_command(update: Update, context: NewsContext) -> None:
    """/top: the week's most read, withdrawn articles left out, in the reader's language."""
    since = int(time.time()) - TOP_DAYS * _DAY
    entries = await context.storage.insight.most_read(since, TOP_COUNT)
    text, keyboard = top_page(
        entries,
        days=TOP_DAYS,
        translator=context.translator,
        language=await context.language(update),
        zone=context.settings.zone,
    )
    await answer(update, context, text, reply_markup=keyboard)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /top."""
    application.add_handler(CommandHandler("top", top_command, filters.UpdateType.MESSAGE))
