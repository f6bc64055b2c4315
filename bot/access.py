"""Who may do what: editors by their numeric id, chat managers by Telegram's word."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Chat, Message, Update
from telegram.ext import ConversationHandler

from bot.context import NewsContext
from bot.news.subscriptions import is_administrator
from bot.views.replies import alert, reply

Callback = Callable[[Update, NewsContext], Awaitable[Any]]
C = TypeVar("C", bound=Callback)


def editor_only(callback: C) -> C:
    """Let only ADMIN_IDS through (by user id, never by username); refuse everyone else."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: NewsContext) -> Any:
        user = update.effective_user
        if context.settings.is_editor(user.id if user else None):
            return await callback(update, context)
        if update.callback_query:
            await alert(update, context, "editor-only")
        elif update.effective_chat:
            await reply(update, context, "editor-only")
        return ConversationHandler.END

    return guarded  # type: ignore[return-value]


async def may_manage_chat(update: Update, context: NewsContext) -> bool:
    """Anyone in a private chat; elsewhere administrators only, asked of Telegram.

    A message posted as the chat itself (an anonymous group administrator) is an administrator's.
    A button press never is, whatever its message says: that message is the bot's own post (in a
    channel, posted as the channel), so only the presser's id tells who acts.
    """
    chat = update.effective_chat
    if chat is None or chat.type == Chat.PRIVATE:
        return True
    query = update.callback_query
    if query is None and _posted_as_chat(update.effective_message, chat):
        return True
    user = query.from_user if query is not None else update.effective_user
    if user is None:
        return False
    return is_administrator(await context.bot.get_chat_member(chat.id, user.id))


def _posted_as_chat(message: Message | None, chat: Chat) -> bool:
    """Whether the message was sent on behalf of the chat itself (anonymous administrators)."""
    return (
        message is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
    )
