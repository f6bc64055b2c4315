"""Finding the chat an editor names (`/addchannel @desk`, `/channels -100…`): parsing the
argument, asking Telegram, and the stored subscription it means. Shared by the handlers that
take a chat argument."""

from __future__ import annotations

from telegram import ChatFullInfo, Update
from telegram.error import BadRequest, Forbidden

from bot.context import NewsContext
from bot.news.arguments import Invalid, Missing, parse_chat_reference
from bot.views.replies import reply
from storage import Subscription


async def get_chat(context: NewsContext, reference: int | str) -> ChatFullInfo | None:
    """The chat as Telegram knows it, or None if Telegram will not show it to the bot."""
    try:
        return await context.bot.get_chat(reference)
    except (BadRequest, Forbidden):  # "chat not found", or the bot was removed from it
        return None


async def parsed_reference(update: Update, context: NewsContext, usage: str) -> int | str | None:
    """The command's chat argument, or None after telling the editor what is wrong with it."""
    parsed = parse_chat_reference(context.args or [])
    if isinstance(parsed, Missing):
        await reply(update, context, usage)
        return None
    if isinstance(parsed, Invalid):
        await reply(update, context, "chat-reference-invalid", value=parsed.value[:64])
        return None
    return parsed


async def find_subscription(context: NewsContext, reference: int | str) -> Subscription | None:
    """The stored subscription an editor means, by id or @username (asking Telegram if
    renamed): the chat's own, or one of its forum topics' if only topics are subscribed."""
    stored = context.storage.subscriptions
    if isinstance(reference, int):
        return await stored.of_chat(reference)
    found = await stored.find_by_username(reference)
    if found is not None:
        return found
    target = await get_chat(context, reference)
    return await stored.of_chat(target.id) if target is not None else None
