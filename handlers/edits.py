"""Edited messages: Telegram sends each edit with the whole new text, and it must never act again.

Without this, every command and message handler would also match `edited_message`: editing a
`/post` message would publish again, editing `/read_1` would count another view. So edits stop
here, before any other group; an editor writing to the bot is told that nothing changed.
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.context import NewsContext
from bot.views.replies import reply

# Before the draft's input (-1) and every feature's handlers (0).
_EDITS_GROUP = -2


async def ignore_edit(update: Update, context: NewsContext) -> None:
    """Act on no edit; an editor in their chat with the bot hears why nothing happened."""
    chat, user = update.effective_chat, update.effective_user
    if (
        chat is not None
        and chat.type == Chat.PRIVATE
        and context.settings.is_editor(user.id if user else None)
    ):
        await reply(update, context, "edit-ignored")
    raise ApplicationHandlerStop


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Stop edited messages before any handler that acts."""
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE, ignore_edit), group=_EDITS_GROUP
    )
