"""Editors' /post: publish in one message, or write a draft step by step; /cancel, and the
sweep of drafts left untouched. Its preview (/done), /publish and /breaking are
`handlers/publish.py`'s.

Drafts live in the database (`bot/news/drafts.py`), not in memory: every step is saved before
the editor is answered, so a restart or a failed reply between two parts loses nothing, and the
editor carries on where they were. Publishing is idempotent on the update that asked for it.

Lead photos: a photo captioned `/post Headline` (+ body lines) posts like the text command; a
photo sent while writing becomes the draft's (a second replaces it). An image sent as a file is
taken too (`bot/news/photos.py`: uploaded once as a photo, whose file_id is kept).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.access import editor_only
from bot.context import NewsContext, settings_of
from bot.limits import DRAFT_SWEEP_INTERVAL, HEADLINE_MAX_LENGTH
from bot.news import articles, drafts, photos, scheduling
from bot.news.articles import Problem
from bot.news.uploads import file_html, upload_too_large
from bot.telegram.entities import message_html
from bot.telegram.html import visible_length
from bot.telegram.retries import download
from bot.views import posting
from bot.views.formatting import format_time
from bot.views.replies import reply, take_time
from storage import Photo, StoredDraft

# Draft input is looked at before any other handler: while an editor writes, their text is
# the draft's. Without an open draft the message goes on to the other groups.
_DRAFT_INPUT_GROUP = -1


def _posts_at_once(message: Message, context: NewsContext) -> bool:
    """A photo captioned /post, /breaking or /schedule (for this bot): published or drafted by
    `photo_post`, published as breaking news by `photo_breaking`, or scheduled."""
    caption = message.caption or ""
    match = (
        posting.POST_CAPTION.match(caption)
        or posting.BREAKING_CAPTION.match(caption)
        or scheduling.CAPTION.match(caption)  # by handlers/scheduling.py
    )
    if match is None or not photos.brings_photo(message):
        return False
    addressee = match.group(1)
    return not addressee or addressee.lower() == (context.bot.username or "").lower()


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
        await posting.refuse(update, context, photo)
        return
    await _post(update, context, message.caption, photo)


async def _post(update: Update, context: NewsContext, text: str, photo: Photo | None) -> None:
    """`/post Headline` + body lines (a message's text or a photo's caption): publish at once,
    or open a draft with what is there."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    headline, body_html = posting.one_shot(message, text)
    tagged = await posting.tagged(update, context, headline)
    if tagged is None:
        return
    headline = tagged.headline
    if body_html is not None:
        outcome = await articles.publish(
            context.storage,
            headline,
            body_html,
            user.id,
            origin=posting.origin(message),
            photo=photo,
            section_id=tagged.section_id,
        )
        await posting.confirm(update, context, outcome)
        return
    language = await context.language(update)
    problem = await drafts.start(
        context.storage, message.chat.id, user.id, language, headline, photo, tagged.section_id
    )
    if problem is not None:
        await posting.refuse(update, context, problem)
    elif headline:
        await reply(update, context, "post-ask-body", headline=headline)
    else:
        await reply(update, context, "post-ask-headline", max=HEADLINE_MAX_LENGTH)


async def draft_input(update: Update, context: NewsContext) -> None:
    """An editor's message while a draft is open: the headline, a part of the text, or the
    photo (its caption, if any, then counts as text)."""
    message = update.effective_message
    assert message is not None
    draft = await posting.open_draft(update, context)
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
        await posting.refuse(update, context, photo)
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
        await posting.refuse(update, context, problem)
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
        await posting.refuse(update, context, problem)
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
async def cancel_command(update: Update, context: NewsContext) -> None:
    """/cancel: discard the draft."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    discarded = await drafts.discard(context.storage, chat.id, user.id)
    await reply(update, context, "post-cancelled" if discarded else "post-nothing-to-cancel")


async def photo_hint(update: Update, context: NewsContext) -> None:
    """A photo from an editor outside a draft, without /post: how to publish with it."""
    await reply(update, context, "post-photo-usage")


async def expire_drafts(context: NewsContext) -> None:
    """Drafts untouched for DRAFT_TIMEOUT are dropped, and their editors told."""
    timeout = context.settings.draft_timeout
    for draft in await drafts.expire(context.storage, timeout):
        text = await _expiry_notice(context, draft, minutes=round(timeout / 60))
        if text is not None:
            await context.bot.send_message(draft.chat_id, text)


async def _expiry_notice(context: NewsContext, draft: StoredDraft, *, minutes: int) -> str | None:
    """What the editor is told of their expired draft. A rescheduling (Reschedule under
    /scheduled, waiting for the new time) is no draft of theirs: they are told the article
    keeps its time and how to move it, so a time typed after the pause is not taken for
    one; nothing if the article no longer waits (its editor was told it went out)."""
    if draft.reschedules is None:
        return context.translator.html(draft.language, "post-timed-out", minutes=minutes)
    scheduled = await scheduling.waiting(context.storage, draft.reschedules)
    if isinstance(scheduled, Problem):
        return None
    return context.translator.html(
        draft.language,
        "reschedule-timed-out",
        scheduled=scheduling.label(scheduled.id),
        when=format_time(scheduled.publish_at, context.settings.zone),
        minutes=minutes,
    )


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /post, the draft's input, /cancel, the hint for a photo that asked for nothing, and
    the sweep of abandoned drafts."""
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
            filters.UpdateType.MESSAGE
            & photos.PHOTO_MESSAGES
            & filters.CaptionRegex(posting.POST_CAPTION),
            photo_post,
        )
    )
    # After photo_post, and after handlers/publish.py's photo_breaking (registered before this
    # module): a photo that did not ask for anything.
    application.add_handler(
        MessageHandler(
            filters.User(user_id=settings.admin_ids)
            & filters.ChatType.PRIVATE
            & filters.UpdateType.MESSAGE
            & photos.PHOTO_MESSAGES,
            photo_hint,
        )
    )
    application.add_handler(CommandHandler("cancel", cancel_command))
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    sweep = min(DRAFT_SWEEP_INTERVAL, settings.draft_timeout / 2)
    application.job_queue.run_repeating(expire_drafts, interval=sweep, name="expire-drafts")
