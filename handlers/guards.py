"""Channels are broadcast-only: the bot posts nothing there but its scheduled alerts.

A channel's posts and their edits come from the channel itself, and anyone who can see a post
can press its buttons, so neither may make the bot act in the channel: channel posts are
ignored, and a button under one of the bot's channel posts only leads to the bot (a read button
opens its article in the presser's private chat through a deep link). Channels subscribe by
promoting the bot (`my_chat_member` updates, handlers/subscriptions.py), which these guards leave
alone. Registered in an early group, so no feature's handler sees what they stop.

A message sent `via_bot` this bot is a reader's inline share (issue 13) of one of its articles,
posted into some chat; shared into the reader's own chat with the bot it reaches the bot too,
and would otherwise be taken as plain text to search for. It is never input: ignored as well.
"""

from __future__ import annotations

from typing import Final

from telegram import Chat, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot.context import NewsContext
from bot.views.callbacks import ReadArticle
from bot.views.keyboards import deep_link

GROUP: Final = -2
"""With the edited-message guard (handlers/edits.py; their filters never overlap): after the
reply budget (-3), so a viewer's presses spend it too, and before the draft's input (-1) and
every feature (0)."""


async def ignore_channel_post(update: Update, context: NewsContext) -> None:
    """A post (or an edit of one) in a channel: never answered there, whatever it says."""
    raise ApplicationHandlerStop


async def channel_button(update: Update, context: NewsContext) -> None:
    """A button under the bot's channel post: open the bot, post nothing into the channel."""
    query = update.callback_query
    assert query is not None
    button = ReadArticle.parse(query.data)
    username = context.bot.username
    if button is not None and username:
        await query.answer(url=deep_link(username, button.article_id))
    else:
        language = await context.language(update)
        text = context.translator.plain(language, "channel-button-opens-bot", bot=f"@{username}")
        await query.answer(text, show_alert=True)
    raise ApplicationHandlerStop


async def ignore_own_share(update: Update, context: NewsContext) -> None:
    """A message posted through the bot's own inline mode: not something to answer."""
    message = update.effective_message
    if message is not None and message.via_bot is not None and message.via_bot.id == context.bot.id:
        raise ApplicationHandlerStop


class _ChannelButtonHandler(CallbackQueryHandler[NewsContext, None]):
    """Any button press on a message in a channel, whatever its payload."""

    def check_update(self, update: object) -> bool | object | None:
        if not isinstance(update, Update):
            return False
        chat = update.effective_chat
        if chat is None or chat.type != Chat.CHANNEL:
            return False
        return super().check_update(update)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the guards in an early group, ahead of every feature."""
    application.add_handler(
        MessageHandler(filters.UpdateType.CHANNEL_POSTS, ignore_channel_post), group=GROUP
    )
    application.add_handler(_ChannelButtonHandler(channel_button), group=GROUP)
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.VIA_BOT, ignore_own_share), group=GROUP
    )
