"""/read <id>, /read_<id> and article buttons: deliver a full article (one more view)."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import NewsContext
from bot.news.arguments import Invalid, Missing, parse_article_id
from bot.views.callbacks import ReadArticle, pressed
from bot.views.replies import reply, send_article

# /read_12 (tappable in any text) and /read_12@our_bot in groups.
_READ_LINK = re.compile(r"^/read_(\d+)(?:@(\w+))?\s*$", re.IGNORECASE)


async def read_article(update: Update, context: NewsContext, arguments: list[str]) -> None:
    """The article the arguments name, or why they name none."""
    parsed = parse_article_id(arguments)
    if isinstance(parsed, Missing):
        await reply(update, context, "read-usage")
    elif isinstance(parsed, Invalid):
        await reply(update, context, "read-bad-id", value=parsed.value[:64])
    else:
        await send_article(update, context, parsed)


async def read_command(update: Update, context: NewsContext) -> None:
    """/read <id>: the full article."""
    await read_article(update, context, context.args or [])


async def read_link(update: Update, context: NewsContext) -> None:
    """/read_<id>: the tappable form shown in lists and confirmations."""
    match = context.match
    assert match is not None
    addressee = match.group(2)
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # meant for another bot in the same group
    await read_article(update, context, [match.group(1)])


async def read_button(update: Update, context: NewsContext) -> None:
    """A headline button: answer the tap, then deliver the article."""
    query, button = pressed(update, ReadArticle)
    await query.answer()
    await send_article(update, context, button.article_id)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /read handlers."""
    application.add_handler(CommandHandler("read", read_command))
    application.add_handler(MessageHandler(filters.Regex(_READ_LINK), read_link))
    application.add_handler(CallbackQueryHandler(read_button, pattern=ReadArticle.matches))
