"""Editors' /post: publish in one message, or write a draft step by step with a preview.

Drafts live in the database (`bot/news/drafts.py`), not in memory: every step is saved before
the editor is answered, so a restart or a failed reply between two parts loses nothing, and the
editor carries on where they were. Publishing is idempotent on the update that asked for it.

Breaking news: `/breaking` publishes the open draft as breaking news (as the preview's "Publish
as breaking" does), and `/breaking Headline` + body lines (or a photo so captioned) publishes at
once; the delivery engine then sends that one article to every subscriber, with sound.

Lead photos: a photo captioned `/post Headline` (+ body lines) posts like the text command; a
photo sent while writing becomes the draft's (a second replaces it). An image sent as a file is
taken too (`bot/news/photos.py`: uploaded once as a photo, whose file_id is kept).
"""

from __future__ import annotations

import functools
import operator
import re

from telegram import Message, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.access import editor_only
from bot.context import NewsContext, settings_of
from bot.limits import DRAFT_SWEEP_INTERVAL, HEADLINE_MAX_LENGTH, PHOTO_FILE_TYPES
from bot.news import articles, drafts, photos, scheduling, sections
from bot.news.articles import Problem, Published
from bot.news.uploads import file_html, upload_too_large
from bot.telegram.entities import message_html
from bot.telegram.html import visible_length
from bot.telegram.retries import download
from bot.views.callbacks import DraftDecision, RemoveDraftPhoto, pressed
from bot.views.keyboards import draft_keyboard
from bot.views.replies import alert, preview_decided, reply, show_article, take_time
from bot.views.sections import unknown_section
from storage import Article, Photo, StoredDraft

# Draft input is looked at before any other handler: while an editor writes, their text is
# the draft's. Without an open draft the message goes on to the other groups.
_DRAFT_INPUT_GROUP = -1

# A photo or an image file (the types sendPhoto takes), and one captioned with /post.
_PHOTO = filters.PHOTO | functools.reduce(
    operator.or_, (filters.Document.MimeType(kind) for kind in PHOTO_FILE_TYPES)
)
_POST_CAPTION = re.compile(r"^/post(?:@(\w+))?(?:\s|$)", re.IGNORECASE)
_BREAKING_CAPTION = re.compile(r"^/breaking(?:@(\w+))?(?:\s|$)", re.IGNORECASE)


def _origin(message: Message) -> str:
    """The update's identity as an article's origin: Telegram redelivers the same message."""
    return articles.message_origin(message.chat.id, message.message_id)


async def _open_draft(update: Update, context: NewsContext) -> StoredDraft | None:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    return await context.storage.drafts.get(chat.id, user.id)


async def _refuse(update: Update, context: NewsContext, problem: Problem) -> None:
    await reply(update, context, problem.key, **problem.arguments)


def _posts_at_once(message: Message, context: NewsContext) -> bool:
    """A photo captioned /post, /breaking or /schedule (for this bot): published or drafted by
    `photo_post`, published as breaking news by `photo_breaking`, or scheduled."""
    caption = message.caption or ""
    match = (
        _POST_CAPTION.match(caption)
        or _BREAKING_CAPTION.match(caption)
        or scheduling.CAPTION.match(caption)  # by handlers/scheduling.py
    )
    if match is None or not photos.brings_photo(message):
        return False
    addressee = match.group(1)
    return not addressee or addressee.lower() == (context.bot.username or "").lower()


async def _confirm(
    update: Update, context: NewsContext, outcome: Published | Problem, *, breaking: bool = False
) -> None:
    """Tell the editor where the article is, or why it was not published; a breaking article's
    delivery is started first, so the editor's replies do not hold it up."""
    if isinstance(outcome, Problem):
        await _refuse(update, context, outcome)
        return
    if breaking:  # a repeat too: planning what is planned already plans nothing
        context.services.delivery.request_breaking()
    key = "post-published" if outcome.is_new else "post-already-published"
    await reply(update, context, key, id=str(outcome.article.id))
    if breaking and outcome.is_new:
        await reply(update, context, "post-breaking-started")


def _one_shot(message: Message, text: str) -> tuple[str, str | None]:
    """`/command Headline` + body lines (a message's text or a photo's caption): the headline,
    and the body as HTML, None when there are no body lines."""
    first_line, newline, rest = text.partition("\n")
    headline = first_line.partition(" ")[2].strip()
    if not rest.strip():
        return headline, None
    return headline, message_html(message, start=len(first_line) + len(newline))


async def _tagged(update: Update, context: NewsContext, headline: str) -> sections.Tagged | None:
    """A one-shot headline's `#section` (issue 11) taken off and found; None once the editor
    was told that it names no section (and which there are): nothing is published then."""
    tagged = await sections.take_tag(context.storage, headline)
    if isinstance(tagged, sections.Tagged):
        return tagged
    chat = update.effective_chat
    assert chat is not None
    language = await context.language(update)
    text = unknown_section(tagged, context.translator, language, as_tags=True)
    await context.bot.send_message(chat.id, text)
    return None


@editor_only
async def post_command(update: Update, context: NewsContext) -> None:
    """/post: publish `/post Headline` + body lines at once, or start a draft."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.text is not None and user is not None
    await _post(update, context, message.text, None)


@editor_only
async def photo_post(update: Update, context: NewsContext) -> None:
    """A photo captioned `/post Headline` + body lines: publish it at once; with a headline
    alone (or none), start a draft that has the photo."""
    message = update.effective_message
    assert message is not None and message.caption is not None
    photo = await photos.take(context.bot, message)
    if isinstance(photo, Problem):
        await _refuse(update, context, photo)
        return
    await _post(update, context, message.caption, photo)


async def _post(update: Update, context: NewsContext, text: str, photo: Photo | None) -> None:
    """`/post Headline` + body lines (a message's text or a photo's caption): publish at once,
    or open a draft with what is there."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    headline, body_html = _one_shot(message, text)
    tagged = await _tagged(update, context, headline)
    if tagged is None:
        return
    headline = tagged.headline
    if body_html is not None:
        outcome = await articles.publish(
            context.storage,
            headline,
            body_html,
            user.id,
            origin=_origin(message),
            photo=photo,
            section_id=tagged.section_id,
        )
        await _confirm(update, context, outcome)
        return
    language = await context.language(update)
    problem = await drafts.start(
        context.storage, message.chat.id, user.id, language, headline, photo, tagged.section_id
    )
    if problem is not None:
        await _refuse(update, context, problem)
    elif headline:
        await reply(update, context, "post-ask-body", headline=headline)
    else:
        await reply(update, context, "post-ask-headline", max=HEADLINE_MAX_LENGTH)


async def draft_input(update: Update, context: NewsContext) -> None:
    """An editor's message while a draft is open: the headline, a part of the text, or the
    photo (its caption, if any, then counts as text)."""
    message = update.effective_message
    assert message is not None
    draft = await _open_draft(update, context)
    if draft is None or _posts_at_once(message, context):
        return  # not writing, or a new /post: the message is for the other handlers
    if draft.step == "schedule":  # its time, asked for by handlers/scheduling.py
        await take_time(update, context, draft, message.text or "")
    elif photos.brings_photo(message):
        await _photo_input(update, context, draft, message)
    elif draft.step == "headline":
        await _take_headline(update, context, draft, message)
    elif message.text:
        await _add_part(update, context, draft, message_html(message))
    elif message.document:
        await _add_file(update, context, draft, message)
    else:
        await reply(update, context, "post-expects-text")
    raise ApplicationHandlerStop


async def _photo_input(
    update: Update, context: NewsContext, draft: StoredDraft, message: Message
) -> None:
    """Attach the photo (replacing any), then take its caption as the message's text."""
    photo = await photos.take(context.bot, message)
    if isinstance(photo, Problem):
        await _refuse(update, context, photo)
        return
    replaced = await drafts.attach_photo(context.storage, draft, photo)
    await reply(update, context, "post-photo-replaced" if replaced else "post-photo-attached")
    if draft.step == "headline":
        await _take_headline(update, context, draft, message)
    elif message.caption and message.caption.strip():
        await _add_part(update, context, draft, message_html(message))


async def _take_headline(
    update: Update, context: NewsContext, draft: StoredDraft, message: Message
) -> None:
    text = message.text or message.caption
    if not text:
        await reply(update, context, "post-ask-headline", max=HEADLINE_MAX_LENGTH)
        return
    problem = await drafts.take_headline(context.storage, draft, text)
    if problem is not None:
        await _refuse(update, context, problem)
        return
    await reply(update, context, "post-ask-body", headline=draft.headline)


async def _add_part(
    update: Update, context: NewsContext, draft: StoredDraft, part: str | Problem
) -> None:
    """Add a converted part to the draft body, or say why it cannot be added."""
    problem = (
        part if isinstance(part, Problem) else await drafts.add_part(context.storage, draft, part)
    )
    if problem is not None:
        await _refuse(update, context, problem)
        return
    length = visible_length(drafts.body_html(draft))
    await reply(update, context, "post-body-added", length=length)


async def _add_file(
    update: Update, context: NewsContext, draft: StoredDraft, message: Message
) -> None:
    """A part of the body as a .txt, .md or .html file."""
    document = message.document
    assert document is not None
    # Refuse by the announced size before downloading anything.
    problem = upload_too_large(document.file_size or 0)
    if problem is not None:
        await _add_part(update, context, draft, problem)
        return
    data = await download(await document.get_file())
    await _add_part(update, context, draft, await file_html(document.file_name, data))


@editor_only
async def done_command(update: Update, context: NewsContext) -> None:
    """/done: show the draft exactly as readers will see it, with Publish / Cancel."""
    draft = await _open_draft(update, context)
    if draft is None:
        await reply(update, context, "post-nothing-to-cancel")
        return
    problem = await drafts.review(context.storage, draft)
    if problem is not None:
        await _refuse(update, context, problem)
        return
    await _show_preview(update, context, draft)


async def _show_preview(update: Update, context: NewsContext, draft: StoredDraft) -> None:
    """The draft exactly as readers will see it (photo first, if any), then its buttons."""
    assert draft.headline is not None
    language = await context.language(update)
    preview = Article(
        0, draft.headline, drafts.body_html(draft), draft.editor_id, draft.touched_at,
        draft.touched_at, 0, draft.photo,
    )  # fmt: skip
    await reply(update, context, "post-preview-intro")
    await show_article(context, draft.chat_id, preview, language=language, related_keyboard=None)
    keyboard = draft_keyboard(
        context.translator,
        language,
        has_photo=draft.photo is not None,
        sections=await context.storage.sections.live(),
        chosen=draft.section_id,
    )
    await reply(update, context, "post-preview-actions", reply_markup=keyboard)


@editor_only
async def publish_command(update: Update, context: NewsContext) -> None:
    """/publish: store and publish the draft."""
    message = update.effective_message
    assert message is not None
    draft = await _open_draft(update, context)
    if draft is None:
        await reply(update, context, "post-nothing-to-cancel")
        return
    await _confirm(
        update, context, await drafts.publish(context.storage, draft, origin=_origin(message))
    )


@editor_only
async def breaking_command(update: Update, context: NewsContext) -> None:
    """/breaking: publish the open draft as breaking news, or `/breaking Headline` + body lines
    at once."""
    message = update.effective_message
    assert message is not None and message.text is not None
    headline, body_html = _one_shot(message, message.text)
    if body_html is not None:
        await _publish_breaking(update, context, headline, body_html, None)
        return
    draft = None if headline else await _open_draft(update, context)
    if draft is None:  # nothing to publish, or a headline alone: never the wrong article
        await reply(update, context, "post-breaking-usage")
        return
    outcome = await drafts.publish(context.storage, draft, origin=_origin(message), breaking=True)
    await _confirm(update, context, outcome, breaking=True)


@editor_only
async def photo_breaking(update: Update, context: NewsContext) -> None:
    """A photo captioned `/breaking Headline` + body lines: publish it at once as breaking news."""
    message = update.effective_message
    assert message is not None and message.caption is not None
    headline, body_html = _one_shot(message, message.caption)
    if body_html is None:
        await reply(update, context, "post-breaking-usage")
        return
    photo = await photos.take(context.bot, message)
    if isinstance(photo, Problem):
        await _refuse(update, context, photo)
        return
    await _publish_breaking(update, context, headline, body_html, photo)


async def _publish_breaking(
    update: Update, context: NewsContext, headline: str, body_html: str, photo: Photo | None
) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    tagged = await _tagged(update, context, headline)
    if tagged is None:
        return
    outcome = await articles.publish(
        context.storage,
        tagged.headline,
        body_html,
        user.id,
        origin=_origin(message),
        photo=photo,
        breaking=True,
        section_id=tagged.section_id,
    )
    await _confirm(update, context, outcome, breaking=True)


@editor_only
async def cancel_command(update: Update, context: NewsContext) -> None:
    """/cancel: discard the draft."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    discarded = await drafts.discard(context.storage, chat.id, user.id)
    await reply(update, context, "post-cancelled" if discarded else "post-nothing-to-cancel")


@editor_only
async def draft_button(update: Update, context: NewsContext) -> None:
    """Publish / Cancel / Publish as breaking under a preview: act on the draft it shows, if it
    is still open."""
    query, button = pressed(update, DraftDecision)
    assert query.message is not None
    draft = await preview_decided(
        update,
        context,
        await _open_draft(update, context),
        publish=button.action != "cancel",
        gone="post-draft-gone",
        cancelled="post-cancelled",
    )
    if draft is None:
        return
    # The preview message stands for the update: pressing again cannot publish twice.
    origin = f"preview:{query.message.chat.id}:{query.message.message_id}"
    breaking = button.action == "breaking"
    outcome = await drafts.publish(context.storage, draft, origin=origin, breaking=breaking)
    await _confirm(update, context, outcome, breaking=breaking)


@editor_only
async def remove_photo_button(update: Update, context: NewsContext) -> None:
    """Remove photo under a preview: drop the draft's photo and show the preview again."""
    query = update.callback_query
    assert query is not None
    draft = await _open_draft(update, context)
    if draft is None:
        await alert(update, context, "post-draft-gone")
        return
    if not await drafts.remove_photo(context.storage, draft):
        await alert(update, context, "post-photo-none")
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    await reply(update, context, "post-photo-removed")
    if draft.step == "preview":  # what was previewed, less the photo: its buttons are new
        await _show_preview(update, context, draft)


async def photo_hint(update: Update, context: NewsContext) -> None:
    """A photo from an editor outside a draft, without /post: how to publish with it."""
    await reply(update, context, "post-photo-usage")


async def expire_drafts(context: NewsContext) -> None:
    """Drafts untouched for DRAFT_TIMEOUT are dropped, and their editors told."""
    timeout = context.settings.draft_timeout
    for draft in await drafts.expire(context.storage, timeout):
        text = context.translator.html(
            draft.language, "post-timed-out", minutes=round(timeout / 60)
        )
        await context.bot.send_message(draft.chat_id, text)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /post, /breaking, the draft's input, commands and buttons, and the sweep of abandoned
    drafts."""
    settings = settings_of(application)
    application.add_handler(
        MessageHandler(
            filters.User(user_id=settings.admin_ids)
            & filters.UpdateType.MESSAGE
            & ~filters.COMMAND,
            draft_input,
        ),
        group=_DRAFT_INPUT_GROUP,
    )
    application.add_handler(CommandHandler("post", post_command))
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & _PHOTO & filters.CaptionRegex(_POST_CAPTION), photo_post
        )
    )
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & _PHOTO & filters.CaptionRegex(_BREAKING_CAPTION),
            photo_breaking,
        )
    )
    # After photo_post and photo_breaking: a photo that did not ask for anything.
    application.add_handler(
        MessageHandler(
            filters.User(user_id=settings.admin_ids)
            & filters.ChatType.PRIVATE
            & filters.UpdateType.MESSAGE
            & _PHOTO,
            photo_hint,
        )
    )
    application.add_handler(CommandHandler("done", done_command))
    application.add_handler(CommandHandler("publish", publish_command))
    application.add_handler(CommandHandler("breaking", breaking_command))
    application.add_handler(CommandHandler("cancel", cancel_command))
    application.add_handler(CallbackQueryHandler(draft_button, pattern=DraftDecision.matches))
    application.add_handler(
        CallbackQueryHandler(remove_photo_button, pattern=RemoveDraftPhoto.matches)
    )
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    sweep = min(DRAFT_SWEEP_INTERVAL, settings.draft_timeout / 2)
    application.job_queue.run_repeating(expire_drafts, interval=sweep, name="expire-drafts")
