"""/language: each chat chooses English or Georgian."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.constants import ChatMemberStatus
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.context import NewsContext
from bot.keyboards import language_keyboard
from handlers.common import reply


async def _may_change(update: Update, context: NewsContext) -> bool:
    """Anyone in a private chat; only administrators in groups."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type == Chat.PRIVATE:
        return True
    message = update.effective_message
    if (
        message is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
    ):
        return True  # an anonymous administrator posting as the group
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


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
    if not await _may_change(update, context):
        language = await context.language(update)
        await query.answer(
            context.translator.plain(language, "language-not-allowed"), show_alert=True
        )
        return
    await context.storage.chats.set_language(chat.id, chat.type, chat.title, code)
    await query.answer()
    await query.edit_message_text(context.translator.html(code, "language-set"))


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /language handlers."""
    application.add_handler(CommandHandler("language", language_command))
    application.add_handler(
        CallbackQueryHandler(language_button, pattern=callbacks.LANGUAGE_PATTERN)
    )
