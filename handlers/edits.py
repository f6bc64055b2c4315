"""Edited messages: Telegram sends each edit with the whole new text, and it must never act again.

Without this, every command and message handler would also match `edited_message`: editing a
`/post` message would publish again, editing `/read_1` would count another view. So edits stop
here, before any other group. One edit does act, as editors expect: an editor's edit of the
one-shot `/post` message that published an article (its origin) corrects that article, with the
new headline and text (and photo, if the edit swapped it). Any other edit changes nothing, and an
editor writing to the bot is told so.
"""

from __future__ import annotations

import re

from telegram import Chat, Message, Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.context import NewsContext
from bot.delivery.propagation import propagate
from bot.news import corrections
from bot.news.articles import Problem, message_origin
from bot.telegram.entities import message_html
from bot.telegram.photos import stored_photo
from bot.views.replies import reply
from storage import Article

# Before the draft's input (-1) and every feature's handlers (0).
_EDITS_GROUP = -2
# The one-shot commands that publish: their message is the article's origin.
_POST_COMMAND = re.compile(r"^/(?:post|breaking)(?:@\w+)?(?:\s|$)", re.IGNORECASE)


async def on_edit(update: Update, context: NewsContext) -> None:
    """Correct the article an editor's /post (or /breaking) message published; act on no other
    edit (an editor in their chat with the bot hears why nothing happened)."""
    chat, user, message = update.effective_chat, update.effective_user, update.edited_message
    is_editor = context.settings.is_editor(user.id if user else None)
    if is_editor and chat is not None and message is not None and user is not None:
        text = message.text or message.caption or ""
        if _POST_COMMAND.match(text):
            origin = message_origin(chat.id, message.message_id)
            article = await context.storage.articles.find_by_origin(origin)
            if article is not None:
                await _correct(update, context, article, message, user.id)
                raise ApplicationHandlerStop
    if chat is not None and chat.type == Chat.PRIVATE and is_editor:
        await reply(update, context, "edit-ignored")
    raise ApplicationHandlerStop


async def _correct(
    update: Update, context: NewsContext, article: Article, message: Message, editor_id: int
) -> None:
    """The edited `/post Headline` + body lines as a correction of the article they published."""
    text = message.text or message.caption or ""
    first_line, newline, rest = text.partition("\n")
    body_html = message_html(message, start=len(first_line + newline))
    # A photo swapped in the edit replaces the article's; one sent as a file keeps it (its photo
    # was uploaded anew, so its file differs though the picture does not).
    photo = stored_photo(message.photo[-1]) if message.photo else corrections.KEEP
    outcome = await corrections.apply(
        context.storage,
        article.id,
        editor_id,
        headline=first_line.partition(" ")[2],
        body_html=body_html if rest.strip() else None,
        photo=photo,
        propagate=propagate,
    )
    if isinstance(outcome, Problem):
        await reply(update, context, outcome.key, **outcome.arguments)
        return
    context.services.delivery.wake()  # the copies' updates are queued: start on them now
    await reply(update, context, "edit-published", id=str(article.id), messages=outcome.updating)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Stop edited messages before any handler that acts."""
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edit), group=_EDITS_GROUP
    )
