"""Editors' /done, /publish and /breaking: a draft's preview and its buttons, and publishing.

`/done` shows the draft exactly as readers will see it (photo first, if any) with its buttons:
Publish / Cancel, Publish as breaking / Schedule (`handlers/scheduling.py` answers that one),
Remove photo, and the sections (`handlers/sections.py`). `/publish` or Publish publishes it,
once: pressing again, or Telegram redelivering the command, publishes nothing more.

Breaking news: `/breaking` publishes the open draft as breaking news (as the preview's "Publish
as breaking" does), and `/breaking Headline` + body lines (or a photo so captioned) publishes at
once; the delivery engine then sends that one article to every subscriber, with sound.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.access import editor_only
from bot.context import NewsContext
from bot.news import articles, drafts, photos
from bot.news.articles import Problem
from bot.views import posting
from bot.views.callbacks import DraftDecision, RemoveDraftPhoto, pressed
from bot.views.keyboards import draft_keyboard
from bot.views.replies import alert, preview_decided, reply, show_article
from storage import Article, Photo, StoredDraft


@editor_only
async def done_command(update: Update, context: NewsContext) -> None:
    """/done: show the draft exactly as readers will see it, with Publish / Cancel."""
    draft = await posting.open_draft(update, context)
    if draft is None:
        await reply(update, context, "post-nothing-to-cancel")
        return
    problem = await drafts.review(context.storage, draft)
    if problem is not None:
        await posting.refuse(update, context, problem)
        return
    await _show_preview(update, context, draft)


async def _show_preview(update: Update, context: NewsContext, draft: StoredDraft) -> None:
    """The draft exactly as readers will see it (photo first, if any; its section, by its name
    in the editor's language, heads the line under the headline), then its buttons."""
    assert draft.headline is not None
    language = await context.language(update)
    section = None
    if draft.section_id is not None:  # none while there are no sections
        section = await context.storage.sections.get(draft.section_id)
    preview = Article(
        0, draft.headline, drafts.body_html(draft), draft.editor_id, draft.touched_at,
        draft.touched_at, 0, draft.photo, section=section,
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
    draft = await posting.open_draft(update, context)
    if draft is None:
        await reply(update, context, "post-nothing-to-cancel")
        return
    await posting.confirm(
        update,
        context,
        await drafts.publish(context.storage, draft, origin=posting.origin(message)),
    )


@editor_only
async def breaking_command(update: Update, context: NewsContext) -> None:
    """/breaking: publish the open draft as breaking news, or `/breaking Headline` + body lines
    at once."""
    message = update.effective_message
    assert message is not None and message.text is not None
    headline, body_html = posting.one_shot(message, message.text)
    if body_html is not None:
        await _publish_breaking(update, context, headline, body_html, None)
        return
    draft = None if headline else await posting.open_draft(update, context)
    if draft is None:  # nothing to publish, or a headline alone: never the wrong article
        await reply(update, context, "post-breaking-usage")
        return
    outcome = await drafts.publish(
        context.storage, draft, origin=posting.origin(message), breaking=True
    )
    await posting.confirm(update, context, outcome, breaking=True)


@editor_only
async def photo_breaking(update: Update, context: NewsContext) -> None:
    """A photo captioned `/breaking Headline` + body lines: publish it at once as breaking news."""
    message = update.effective_message
    assert message is not None and message.caption is not None
    headline, body_html = posting.one_shot(message, message.caption)
    if body_html is None:
        await reply(update, context, "post-breaking-usage")
        return
    photo = await photos.take(context.bot, message)
    if isinstance(photo, Problem):
        await posting.refuse(update, context, photo)
        return
    await _publish_breaking(update, context, headline, body_html, photo)


async def _publish_breaking(
    update: Update, context: NewsContext, headline: str, body_html: str, photo: Photo | None
) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    tagged = await posting.tagged(update, context, headline)
    if tagged is None:
        return
    outcome = await articles.publish(
        context.storage,
        tagged.headline,
        body_html,
        user.id,
        origin=posting.origin(message),
        photo=photo,
        breaking=True,
        section_id=tagged.section_id,
    )
    await posting.confirm(update, context, outcome, breaking=True)


@editor_only
async def draft_button(update: Update, context: NewsContext) -> None:
    """Publish / Cancel / Publish as breaking under a preview: act on the draft it shows, if it
    is still open."""
    query, button = pressed(update, DraftDecision)
    assert query.message is not None
    draft = await preview_decided(
        update,
        context,
        await posting.open_draft(update, context),
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
    await posting.confirm(update, context, outcome, breaking=breaking)


@editor_only
async def remove_photo_button(update: Update, context: NewsContext) -> None:
    """Remove photo under a preview: drop the draft's photo and show the preview again."""
    query = update.callback_query
    assert query is not None
    draft = await posting.open_draft(update, context)
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


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /done, /publish, /breaking (a photo so captioned too) and the preview's buttons."""
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE
            & photos.PHOTO_MESSAGES
            & filters.CaptionRegex(posting.BREAKING_CAPTION),
            photo_breaking,
        )
    )
    application.add_handler(CommandHandler("done", done_command))
    application.add_handler(CommandHandler("publish", publish_command))
    application.add_handler(CommandHandler("breaking", breaking_command))
    application.add_handler(CallbackQueryHandler(draft_button, pattern=DraftDecision.matches))
    application.add_handler(
        CallbackQueryHandler(remove_photo_button, pattern=RemoveDraftPhoto.matches)
    )
