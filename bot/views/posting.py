"""Steps the handlers of a new article share (`handlers/post.py`, which writes it, and
`handlers/publish.py`, which publishes it): an update as an article's origin, the editor's open
draft, a one-shot command's headline and text, its `#section`, and telling the editor what
became of a publication.

Handler modules never import one another, so what both need lives here, with the other
handler support.
"""

from __future__ import annotations

import re
from typing import Final

from telegram import Message, Update

from bot.context import NewsContext
from bot.news import articles, sections
from bot.news.articles import Problem, Published
from bot.telegram.entities import message_html
from bot.views.replies import reply
from bot.views.sections import unknown_section
from storage import StoredDraft

# A photo's caption that posts it (`/post Headline`…) or publishes it as breaking news
# (`/breaking Headline`…). Group 1: the bot it is addressed to.
POST_CAPTION: Final = re.compile(r"^/post(?:@(\w+))?(?:\s|$)", re.IGNORECASE)
BREAKING_CAPTION: Final = re.compile(r"^/breaking(?:@(\w+))?(?:\s|$)", re.IGNORECASE)


def origin(message: Message) -> str:
    """The update's identity as an article's origin: Telegram redelivers the same message."""
    return articles.message_origin(message.chat.id, message.message_id)


async def open_draft(update: Update, context: NewsContext) -> StoredDraft | None:
    """The editor's open draft in this chat, if any."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    return await context.storage.drafts.get(chat.id, user.id)


async def refuse(update: Update, context: NewsContext, problem: Problem) -> None:
    """Tell the editor why nothing was done."""
    await reply(update, context, problem.key, **problem.arguments)


def one_shot(message: Message, text: str) -> tuple[str, str | None]:
    """`/command Headline` + body lines (a message's text or a photo's caption): the headline,
    and the body as HTML, None when there are no body lines."""
    first_line, newline, rest = text.partition("\n")
    headline = first_line.partition(" ")[2].strip()
    if not rest.strip():
        return headline, None
    return headline, message_html(message, start=len(first_line) + len(newline))


async def tagged(update: Update, context: NewsContext, headline: str) -> sections.Tagged | None:
    """A one-shot headline's `#section` (issue 11) taken off and found; None once the editor
    was told that it names no section (and which there are): nothing is published then."""
    found = await sections.take_tag(context.storage, headline)
    if isinstance(found, sections.Tagged):
        return found
    chat = update.effective_chat
    assert chat is not None
    language = await context.language(update)
    text = unknown_section(found, context.translator, language, as_tags=True)
    await context.bot.send_message(chat.id, text)
    return None


async def confirm(
    update: Update, context: NewsContext, outcome: Published | Problem, *, breaking: bool = False
) -> None:
    """Tell the editor where the article is, or why it was not published; a breaking article's
    delivery is started first, so the editor's replies do not hold it up."""
    if isinstance(outcome, Problem):
        await refuse(update, context, outcome)
        return
    if breaking:  # a repeat too: planning what is planned already plans nothing
        context.services.delivery.request_breaking()
    key = "post-published" if outcome.is_new else "post-already-published"
    await reply(update, context, key, id=str(outcome.article.id))
    if breaking and outcome.is_new:
        await reply(update, context, "post-breaking-started")
