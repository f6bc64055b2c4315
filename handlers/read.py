"""/read <id>, /read_<id> and article buttons: deliver a full article (one more view)."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import NewsContext
from bot.news import articles
from bot.news.arguments import Invalid, Missing, parse_article_id
from bot.views import callbacks
from bot.views.articles import article_messages
from bot.views.keyboards import related_keyboard
from handlers.common import reply

# /read_12 (tappable in any text) and /read_12@our_bot in groups.
_READ_LINK = re.compile(r"^/read_(\d{1,19})(?:@(\w+))?\s*$", re.IGNORECASE)


async def send_article(update: Update, context: NewsContext, article_id: int) -> None:
    """Deliver the article to the update's chat, or say that it does not exist."""
    chat = update.effective_chat
    assert chat is not None
    reading = await articles.read(context.storage, article_id, chat.id)
    if reading is None:
        await reply(update, context, "read-not-found", id=str(article_id))
        return
    messages = article_messages(
        reading.article,
        with_related=bool(reading.related),
        translator=context.translator,
        language=await context.language(update),
        zone=context.settings.zone,
    )
    keyboard = related_keyboard(reading.related)
    for index, text in enumerate(messages):
        is_last = index == len(messages) - 1
        await context.bot.send_message(chat.id, text, reply_markup=keyboard if is_last else None)


async def read_command(update: Update, context: NewsContext) -> None:
    """/read <id>: the full article."""
    parsed = parse_article_id(context.args or [])
    if isinstance(parsed, Missing):
        await reply(update, context, "read-usage")
    elif isinstance(parsed, Invalid):
        await reply(update, context, "read-bad-id", value=parsed.value[:64])
    else:
        await send_article(update, context, parsed)


async def read_link(update: Update, context: NewsContext) -> None:
    """/read_<id>: the tappable form shown in lists and confirmations."""
    match = context.match
    assert match is not None
    addressee = match.group(2)
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # meant for another bot in the same group
    await send_article(update, context, int(match.group(1)))


async def read_button(update: Update, context: NewsContext) -> None:
    """A headline button: answer the tap, then deliver the article."""
    query = update.callback_query
    assert query is not None and query.data is not None
    article_id = callbacks.parse_read(query.data)
    assert article_id is not None  # the handler's pattern guarantees it
    await query.answer()
    await send_article(update, context, article_id)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /read handlers."""
    application.add_handler(CommandHandler("read", read_command))
    application.add_handler(MessageHandler(filters.Regex(_READ_LINK), read_link))
    application.add_handler(CallbackQueryHandler(read_button, pattern=callbacks.READ_PATTERN))
