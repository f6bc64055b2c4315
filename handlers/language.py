"""/language: each chat chooses English or Georgian."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.context import NewsContext
from bot.views import callbacks
from bot.views.keyboards import language_keyboard
from handlers.common import alert, edit_in_place, may_manage_chat, reply


async def language_command(update: Update, context: NewsContext) -> None:
    """/language: offer the two languages."""
    await reply(
        update, context, "language-choose", reply_markup=language_keyboard(context.translator)
    )


async def language_button(update: Update, context: NewsContext) -> None:
    """A language button: remember the choice for this chat and confirm in that language."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None and query.data is not None and chat is not None
    code = callbacks.parse_language(query.data)
    assert code is not None  # the handler's pattern guarantees it
    if not await may_manage_chat(update, context):
        await alert(update, context, "language-not-allowed")
        return
    await context.storage.chats.set_language(chat.id, chat.type, chat.title, code)
    await query.answer()
    await edit_in_place(query, context.translator.html(code, "language-set"))


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /language handlers."""
    application.add_handler(CommandHandler("language", language_command))
    application.add_handler(
        CallbackQueryHandler(language_button, pattern=callbacks.LANGUAGE_PATTERN)
    )
