"""Small pieces every handler module uses: replying in the user's language, permission checks."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from bot.context import NewsContext
from bot.news.subscriptions import is_administrator

Callback = Callable[[Update, NewsContext], Awaitable[Any]]
C = TypeVar("C", bound=Callback)


async def reply(
    update: Update,
    context: NewsContext,
    key: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    **arguments: object,
) -> Message:
    """Send a catalog message to the update's chat, in the language of that chat or user."""
    language = await context.language(update)
    chat = update.effective_chat
    assert chat is not None
    return await context.bot.send_message(
        chat.id, context.translator.html(language, key, **arguments), reply_markup=reply_markup
    )


async def alert(update: Update, context: NewsContext, key: str) -> None:
    """Answer the pressed button with a catalog message in a pop-up."""
    query = update.callback_query
    assert query is not None
    language = await context.language(update)
    await query.answer(context.translator.plain(language, key), show_alert=True)


async def edit_in_place(
    query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace a button's message; a repeated tap asking for what is shown is not an error."""
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


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
