"""Editors' /post: publish in one message, or write a draft step by step with a preview."""

from __future__ import annotations

import time
import warnings

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.access import editor_only
from bot.context import NewsContext, settings_of
from bot.limits import HEADLINE_MAX_LENGTH
from bot.news import articles
from bot.news.articles import Problem
from bot.news.drafts import Draft
from bot.news.uploads import file_html, upload_too_large
from bot.telegram.entities import message_html
from bot.telegram.html import visible_length
from bot.views.articles import article_messages
from bot.views.callbacks import DraftDecision
from bot.views.keyboards import draft_keyboard
from bot.views.replies import alert, reply
from storage import Article

HEADLINE, BODY, PREVIEW = range(3)
_DRAFT = "draft"
_TEXT = filters.TEXT & ~filters.COMMAND


def _draft(context: NewsContext) -> Draft:
    draft = context.user_data.get(_DRAFT) if context.user_data is not None else None
    if not isinstance(draft, Draft):
        draft = Draft()
        if context.user_data is not None:
            context.user_data[_DRAFT] = draft
    return draft


def _discard(context: NewsContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(_DRAFT, None)


async def _refuse(update: Update, context: NewsContext, problem: Problem) -> None:
    await reply(update, context, problem.key, **problem.arguments)


async def _publish(update: Update, context: NewsContext, headline: str, body_html: str) -> int:
    """Publish, or refuse with the reason; the conversation ends either way."""
    user = update.effective_user
    assert user is not None
    published = await articles.publish(context.storage, headline, body_html, user.id)
    if isinstance(published, Problem):
        await _refuse(update, context, published)
        return ConversationHandler.END
    _discard(context)
    await reply(update, context, "post-published", id=str(published.id))
    return ConversationHandler.END


@editor_only
async def post_command(update: Update, context: NewsContext) -> int:
    """/post: publish `/post Headline` + body lines at once, or start a draft."""
    message = update.effective_message
    assert message is not None and message.text is not None
    first_line, newline, rest = message.text.partition("\n")
    headline = first_line.partition(" ")[2].strip()
    _discard(context)
    if rest.strip():
        body_html = message_html(message, start=len(first_line) + len(newline))
        return await _publish(update, context, headline, body_html)
    if headline:
        return await _take_headline(update, context, headline)
    await reply(update, context, "post-ask-headline", max=HEADLINE_MAX_LENGTH)
    return HEADLINE


async def _take_headline(update: Update, context: NewsContext, headline: str) -> int:
    problem = articles.check_headline(headline)
    if problem:
        await _refuse(update, context, problem)
        return HEADLINE
    _draft(context).headline = headline.strip()
    await reply(update, context, "post-ask-body", headline=headline.strip())
    return BODY


async def headline_message(update: Update, context: NewsContext) -> int:
    """The headline of a new draft."""
    message = update.effective_message
    assert message is not None and message.text is not None
    return await _take_headline(update, context, message.text)


async def headline_expected(update: Update, context: NewsContext) -> int:
    """Anything but text while waiting for the headline."""
    await reply(update, context, "post-ask-headline", max=HEADLINE_MAX_LENGTH)
    return HEADLINE


async def _append(update: Update, context: NewsContext, part: str | Problem) -> int:
    """Add a converted part to the draft body, or say why it cannot be added."""
    draft = _draft(context)
    problem = part if isinstance(part, Problem) else draft.try_append(part)
    if problem:
        await _refuse(update, context, problem)
    else:
        await reply(update, context, "post-body-added", length=visible_length(draft.body_html))
    return BODY


async def body_message(update: Update, context: NewsContext) -> int:
    """A part of the body as a message: appended, formatting kept."""
    message = update.effective_message
    assert message is not None
    return await _append(update, context, message_html(message))


async def body_file(update: Update, context: NewsContext) -> int:
    """A part of the body as a .txt, .md or .html file."""
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    # Refuse by the announced size before downloading anything.
    problem = upload_too_large(document.file_size or 0)
    if problem:
        return await _append(update, context, problem)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    return await _append(update, context, file_html(document.file_name, data))


async def body_expected(update: Update, context: NewsContext) -> int:
    """Photos, stickers and the like while writing the body."""
    await reply(update, context, "post-expects-text")
    return BODY


async def done_command(update: Update, context: NewsContext) -> int:
    """/done: show the draft exactly as readers will see it, with Publish / Cancel."""
    draft = _draft(context)
    problem = articles.check_body(draft.body_html)
    if problem or draft.headline is None:
        await _refuse(update, context, problem or Problem("post-headline-empty"))
        return BODY
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    language = await context.language(update)
    now = int(time.time())
    preview = Article(0, draft.headline, draft.body_html, user.id, now, now, 0)
    await reply(update, context, "post-preview-intro")
    for text in article_messages(
        preview,
        with_related=False,
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
    ):
        await context.bot.send_message(chat.id, text)
    await reply(
        update,
        context,
        "post-preview-actions",
        reply_markup=draft_keyboard(context.translator, language),
    )
    return PREVIEW


async def publish_command(update: Update, context: NewsContext) -> int:
    """/publish (or the Publish button): store and publish the draft."""
    draft = _draft(context)
    if draft.headline is None:
        await _refuse(update, context, Problem("post-headline-empty"))
        return HEADLINE
    problem = articles.check_body(draft.body_html)
    if problem:
        await _refuse(update, context, problem)
        return BODY
    return await _publish(update, context, draft.headline, draft.body_html)


async def cancel_command(update: Update, context: NewsContext) -> int:
    """/cancel (or the Cancel button): discard the draft."""
    _discard(context)
    await reply(update, context, "post-cancelled")
    return ConversationHandler.END


async def draft_button(update: Update, context: NewsContext) -> int:
    """Publish / Cancel under the preview: remove the buttons, then act."""
    query = update.callback_query
    assert query is not None
    button = DraftDecision.parse(query.data)
    assert button is not None  # the handler's pattern guarantees it
    await query.answer()
    await query.edit_message_reply_markup(None)
    if button.action == "publish":
        return await publish_command(update, context)
    return await cancel_command(update, context)


async def timed_out(update: Update, context: NewsContext) -> None:
    """The editor went quiet: the draft is dropped, and they are told."""
    _discard(context)
    minutes = round(context.settings.draft_timeout / 60)
    await reply(update, context, "post-timed-out", minutes=minutes)


@editor_only
async def no_draft(update: Update, context: NewsContext) -> None:
    """/done, /publish or /cancel with no draft open."""
    await reply(update, context, "post-nothing-to-cancel")


@editor_only
async def stale_draft_button(update: Update, context: NewsContext) -> None:
    """Publish / Cancel on a preview whose draft is gone (published, cancelled, timed out)."""
    await alert(update, context, "post-draft-gone")


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /post conversation and its out-of-draft fallbacks."""
    settings = settings_of(application)
    # Buttons are tracked per chat and user, not per message; that is what we want here.
    warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("post", post_command)],
            states={
                HEADLINE: [
                    MessageHandler(_TEXT, headline_message),
                    MessageHandler(~filters.COMMAND, headline_expected),
                ],
                BODY: [
                    MessageHandler(_TEXT, body_message),
                    MessageHandler(filters.Document.ALL, body_file),
                    CommandHandler("done", done_command),
                    CommandHandler("publish", publish_command),
                    MessageHandler(~filters.COMMAND, body_expected),
                ],
                PREVIEW: [
                    CallbackQueryHandler(draft_button, pattern=DraftDecision.matches),
                    CommandHandler("publish", publish_command),
                    CommandHandler("done", done_command),
                    MessageHandler(_TEXT, body_message),
                    MessageHandler(filters.Document.ALL, body_file),
                ],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[CommandHandler("cancel", cancel_command)],
            allow_reentry=True,
            conversation_timeout=settings.draft_timeout,
            name="post",
        )
    )
    application.add_handler(CommandHandler(["done", "publish", "cancel"], no_draft))
    application.add_handler(CallbackQueryHandler(stale_draft_button, pattern=DraftDecision.matches))
