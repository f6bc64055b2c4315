"""/language: each chat chooses English or Georgian."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.access import may_manage_chat
from bot.context import NewsContext
from bot.news.chats import choose_language
from bot.views.callbacks import ChooseLanguage, pressed
from bot.views.keyboards import language_keyboard
from bot.views.replies import alert, edit_in_place, reply


async def language_command(update: Update, context: NewsContext) -> None:
    """/language: offer the two languages."""
    await reply(
        update, context, "language-choose", reply_markup=language_keyboard(context.translator)
    )


async def language_button(update: Update, context: NewsContext) -> None:
    """A language button: remember the choice for this chat and confirm in that language."""
    chat = update.effective_chat
    assert chat is not None
    query, button = pressed(update, ChooseLanguage)
    if not await may_manage_chat(update, context):
        await alert(update, context, "language-not-allowed")
        return
    await choose_language(context.storage, chat.id, chat.type, chat.title, button.language)
    await query.answer()
    await edit_in_place(query, context.translator.html(button.language, "language-set"))


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /language handlers."""
    application.add_handler(CommandHandler("language", language_command))
    application.add_handler(CallbackQueryHandler(language_button, pattern=ChooseLanguage.matches))
