"""Who may do what: editors by their numeric id, chat managers by Telegram's word."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Chat, Update
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
    """Anyone in a private chat; in groups only administrators (asked of Telegram)."""
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
    return is_administrator(await context.bot.get_chat_member(chat.id, user.id))
