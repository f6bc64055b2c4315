"""Last-resort handlers: unknown commands, stale buttons, and the error handler (a private
chat's plain text is a search: handlers/search.py)."""

from __future__ import annotations

import json
import logging

from telegram import Chat, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.context import NewsContext
from bot.logs import update_summary
from bot.views.replies import alert, answer, reply

logger = logging.getLogger(__name__)


async def unknown_command(update: Update, context: NewsContext) -> None:
    """A command we do not have: point to /help (in groups only when addressed to us)."""
    message = update.effective_message
    chat = update.effective_chat
    assert message is not None and message.text is not None and chat is not None
    command = message.text.split(maxsplit=1)[0]
    addressee = command.partition("@")[2]
    if chat.type != Chat.PRIVATE and addressee.lower() != (context.bot.username or "").lower():
        return  # other bots' commands and commands not meant for us
    await reply(update, context, "unknown-command")


async def stale_button(update: Update, context: NewsContext) -> None:
    """A button whose payload we do not recognise (forged, or from an old version)."""
    await alert(update, context, "button-stale")


async def on_error(update: object, context: NewsContext) -> None:
    """Log the failure with its update's ids (its content only at DEBUG: it is a user's text);
    tell the user something went wrong, nothing more. A 403 is a chat refusing the bot (a
    reader who blocked it after writing, say), not a fault of ours: one line, no traceback; the
    user is still told (the 403 may have come from another chat, an editor's, say)."""
    if isinstance(context.error, Forbidden):
        logger.warning("Could not answer %s: %s", update_summary(update), context.error.message)
    else:
        logger.error("Error while handling %s", update_summary(update), exc_info=context.error)
    if logger.isEnabledFor(logging.DEBUG) and isinstance(update, Update):
        logger.debug(
            "The failed update: %s", json.dumps(update.to_dict(), ensure_ascii=False, default=str)
        )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type == Chat.CHANNEL and not update.callback_query:
        return  # nothing but alerts is ever posted into a channel (issue 9 item 11)
    try:
        language = await context.language(update)
    except Exception:  # storage may be what failed; answer in the user's own language then
        language = context.user_language(update)
    try:
        if update.callback_query:
            await update.callback_query.answer(
                context.translator.plain(language, "error-generic"), show_alert=True
            )
        else:
            await answer(update, context, context.translator.html(language, "error-generic"))
    except TelegramError:
        logger.warning("Could not tell chat %s about the error", update.effective_chat.id)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the fallbacks; register last so every feature's handlers come first."""
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    application.add_handler(CallbackQueryHandler(stale_button))
    application.add_error_handler(on_error)
