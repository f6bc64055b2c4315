"""Editors' /edit and /history: correct a published article, at once or step by step.

`/edit 12` opens a correction draft (`bot/news/corrections.py`, kept in the drafts table like a
new article's): the bot shows the article as it is, Headline / Text / Photo buttons say what the
next message replaces (Section, when there are sections, offers them as buttons: issue 11),
`/done` previews the result exactly as readers will see it with the number of copies it will
update, and Publish applies it. `/edit 12` with a new headline on the next line (and a new text on
the lines after) applies at once; a `#section` after that headline (or alone on its line, which
keeps the headline) moves the article, as /post takes it. Every applied correction is propagated
to the messages already sent that show what changed, and the delivery engine is woken to carry
that out.

While a correction is open, the editor's messages and /done, /publish, /cancel are its own. They
are taken in an early group, ahead of the new article's draft (`post`, group -1) and of those
commands' handlers there (group 0); for an editor without an open correction they pass on.
"""

from __future__ import annotations

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
from bot.delivery.propagation import propagate
from bot.limits import HEADLINE_MAX_LENGTH
from bot.news import corrections, drafts, photos
from bot.news.articles import Problem
from bot.news.corrections import Corrected
from bot.telegram.entities import message_html
from bot.telegram.html import visible_length
from bot.views import posting
from bot.views.callbacks import CorrectionChoice, CorrectionDecision, CorrectionSection, pressed
from bot.views.keyboards import (
    correction_keyboard,
    correction_preview_keyboard,
    correction_sections_keyboard,
)
from bot.views.replies import (
    alert,
    answer,
    article_id_argument,
    preview_decided,
    reply,
    show_article,
)
from bot.views.revisions import history_text
from storage import StoredDraft

# With the edits and channel guards (group -2), whose filters (edited messages, channel posts,
# channel buttons) never match an editor's new message: ahead of the new article's draft (-1).
_CORRECTION_GROUP = -2

_ASK_FOR: dict[corrections.Part, str] = {
    "headline": "edit-ask-headline",
    "body": "edit-ask-body",
    "photo": "edit-ask-photo",
    "nophoto": "edit-photo-removed",
    "section": "edit-ask-section",
}


async def _open_correction(
    update: Update, context: NewsContext, *, of: int | None = None
) -> StoredDraft | None:
    """The editor's open correction in this chat, if their open draft is one (of article `of`,
    when given: a button of another article's correction finds none)."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    draft = await context.storage.drafts.get(chat.id, user.id)
    if draft is None or draft.corrects is None or of not in (None, draft.corrects):
        return None
    return draft


async def _refuse(update: Update, context: NewsContext, problem: Problem) -> None:
    await reply(update, context, problem.key, **problem.arguments)


async def _report(update: Update, context: NewsContext, outcome: Corrected | Problem) -> None:
    """Tell the editor the correction is out (and start updating the copies), or why not."""
    if isinstance(outcome, Problem):
        await _refuse(update, context, outcome)
        return
    context.services.delivery.wake()  # the copies' updates are queued: start on them now
    revision = outcome.revision
    await reply(
        update, context, "edit-published", id=str(revision.article_id), messages=outcome.updating
    )


@editor_only
async def edit_command(update: Update, context: NewsContext) -> None:
    """/edit <id>: start a correction; with a headline (and text) on the next lines, apply it."""
    message = update.effective_message
    assert message is not None and message.text is not None
    first_line, newline, rest = message.text.partition("\n")
    article_id = await article_id_argument(update, context, first_line.split()[1:], "edit-usage")
    if article_id is None:
        return
    if rest.strip():
        await _correct_at_once(update, context, message, article_id, len(first_line + newline))
    else:
        await _start(update, context, article_id)


async def _correct_at_once(
    update: Update, context: NewsContext, message: Message, article_id: int, offset: int
) -> None:
    """The lines after /edit <id>: the new headline with its `#section`, if any (a tag alone
    keeps the headline), then (if any) the new text."""
    user = update.effective_user
    assert user is not None and message.text is not None
    headline, newline, body = message.text[offset:].partition("\n")
    tagged = await posting.tagged(update, context, headline)
    if tagged is None:  # a section that does not exist: nothing is changed
        return
    moved = tagged.section_id is not None
    body_html = message_html(message, start=offset + len(headline + newline))
    outcome = await corrections.apply(
        context.storage,
        article_id,
        user.id,
        headline=None if moved and not tagged.headline.strip() else tagged.headline,
        body_html=body_html if body.strip() else None,
        section_id=tagged.section_id,
        propagate=propagate,
    )
    await _report(update, context, outcome)


async def _start(update: Update, context: NewsContext, article_id: int) -> None:
    """Open the correction and show the article as it is, with what may be replaced."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    language = await context.language(update)
    article = await corrections.start(context.storage, chat.id, user.id, language, article_id)
    if isinstance(article, Problem):
        await _refuse(update, context, article)
        return
    await reply(update, context, "edit-intro", id=str(article.id))
    await show_article(context, chat.id, article, language=language, related_keyboard=None)
    keyboard = correction_keyboard(
        context.translator,
        language,
        article.id,
        has_photo=article.photo is not None,
        has_sections=bool(await context.storage.sections.live()),
    )
    await reply(update, context, "edit-choose", reply_markup=keyboard)


async def correction_input(update: Update, context: NewsContext) -> None:
    """An editor's message while a correction is open: the new headline, a part of the new
    text or the new photo, as the last button pressed asked for."""
    message = update.effective_message
    assert message is not None
    draft = await _open_correction(update, context)
    if draft is None:
        return  # not correcting: the message is for the other handlers
    if photos.brings_photo(message):
        await _photo_input(update, context, draft, message)
    elif draft.step == "headline" and message.text:
        problem = await corrections.take_headline(context.storage, draft, message.text)
        if problem is not None:
            await _refuse(update, context, problem)
        else:
            await reply(update, context, "edit-headline-taken")
    elif draft.step == "body" and message.text:
        problem = await corrections.add_part(context.storage, draft, message_html(message))
        if problem is not None:
            await _refuse(update, context, problem)
        else:
            length = visible_length(drafts.body_html(draft))
            await reply(update, context, "post-body-added", length=length)
    else:
        await reply(update, context, "edit-press-button")
    raise ApplicationHandlerStop


async def _photo_input(
    update: Update, context: NewsContext, draft: StoredDraft, message: Message
) -> None:
    """The new photo: a photo, or an image file (uploaded once as a photo, as for /post)."""
    photo = await photos.take(context.bot, message)
    if isinstance(photo, Problem):
        await _refuse(update, context, photo)
        return
    await corrections.take_photo(context.storage, draft, photo)
    await reply(update, context, "edit-photo-taken")


async def correction_done(update: Update, context: NewsContext) -> None:
    """/done during a correction: the corrected article as readers will see it, how many sent
    copies it will update, and Publish / Cancel."""
    draft = await _open_correction(update, context)
    if draft is None:
        return  # /done of a new article's draft
    proposal = await corrections.review(context.storage, draft)
    if isinstance(proposal, Problem):
        await _refuse(update, context, proposal)
        raise ApplicationHandlerStop
    article = proposal.article
    language = await context.language(update)
    messages, chats = await context.storage.messages.count_showing(article.id)
    await reply(update, context, "edit-preview-intro")
    await show_article(context, draft.chat_id, article, language=language, related_keyboard=None)
    keyboard = correction_preview_keyboard(context.translator, language, article.id)
    await reply(
        update,
        context,
        "edit-preview-actions",
        messages=messages,
        chats=chats,
        reply_markup=keyboard,
    )
    raise ApplicationHandlerStop


async def correction_publish(update: Update, context: NewsContext) -> None:
    """/publish during a correction: apply it (previewed or not)."""
    user = update.effective_user
    assert user is not None
    draft = await _open_correction(update, context)
    if draft is None:
        return
    outcome = await corrections.publish(context.storage, draft, user.id, propagate=propagate)
    await _report(update, context, outcome)
    raise ApplicationHandlerStop


async def correction_cancel(update: Update, context: NewsContext) -> None:
    """/cancel during a correction: drop it; the article stays as published."""
    draft = await _open_correction(update, context)
    if draft is None:
        return
    await drafts.discard(context.storage, draft.chat_id, draft.editor_id)
    await reply(update, context, "edit-cancelled")
    raise ApplicationHandlerStop


@editor_only
async def choice_button(update: Update, context: NewsContext) -> None:
    """Headline / Text / Photo / Remove photo: what the next message replaces; Section: the
    sections to choose from."""
    query, button = pressed(update, CorrectionChoice)
    draft = await _open_correction(update, context, of=button.article_id)
    if draft is None:
        await alert(update, context, "edit-gone")
        return
    if not await corrections.choose(context.storage, draft, button.part):
        await alert(update, context, "post-photo-none")
        return
    await query.answer()
    keyboard = None
    if button.part == "section":
        keyboard = correction_sections_keyboard(
            await context.language(update),
            button.article_id,
            await context.storage.sections.live(),
            draft.section_id,
        )
    await reply(
        update, context, _ASK_FOR[button.part], max=HEADLINE_MAX_LENGTH, reply_markup=keyboard
    )


@editor_only
async def section_button(update: Update, context: NewsContext) -> None:
    """A section under the Section choice: the correction moves the article there; the
    buttons are edited in place to mark it ✓."""
    query, button = pressed(update, CorrectionSection)
    draft = await _open_correction(update, context, of=button.article_id)
    if draft is None:
        await alert(update, context, "edit-gone")
        return
    already = draft.section_id == button.section_id
    problem = await corrections.choose_section(context.storage, draft, button.section_id)
    if problem is not None:
        await alert(update, context, problem.key, **problem.arguments)
        return
    await query.answer()
    if already:
        return  # the ✓ is there already
    keyboard = correction_sections_keyboard(
        await context.language(update),
        button.article_id,
        await context.storage.sections.live(),
        draft.section_id,
    )
    await query.edit_message_reply_markup(keyboard)


@editor_only
async def decision_button(update: Update, context: NewsContext) -> None:
    """Publish / Cancel under a correction's preview, while that correction is still open."""
    user = update.effective_user
    assert user is not None
    _, button = pressed(update, CorrectionDecision)
    draft = await preview_decided(
        update,
        context,
        await _open_correction(update, context, of=button.article_id),
        publish=button.action == "publish",
        gone="edit-gone",
        cancelled="edit-cancelled",
    )
    if draft is None:
        return
    outcome = await corrections.publish(context.storage, draft, user.id, propagate=propagate)
    await _report(update, context, outcome)


@editor_only
async def history_command(update: Update, context: NewsContext) -> None:
    """/history <id>: the article's revisions (when, who, what changed), withdrawals and
    restorations."""
    article_id = await article_id_argument(update, context, context.args or [], "history-usage")
    if article_id is None:
        return
    article = await context.storage.articles.get(article_id)
    if article is None:
        await reply(update, context, "article-not-found", id=str(article_id))
        return
    text = history_text(
        article,
        await context.storage.articles.history(article_id),
        await context.storage.articles.withdrawals(article_id),
        translator=context.translator,
        language=await context.language(update),
        zone=context.settings.zone,
    )
    await answer(update, context, text)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /edit, /history, the correction's input, commands and buttons."""
    editors = filters.User(user_id=settings_of(application).admin_ids) & filters.UpdateType.MESSAGE
    for command, callback in (
        ("done", correction_done),
        ("publish", correction_publish),
        ("cancel", correction_cancel),
    ):
        application.add_handler(
            CommandHandler(command, callback, filters=editors), group=_CORRECTION_GROUP
        )
    application.add_handler(
        MessageHandler(editors & ~filters.COMMAND, correction_input), group=_CORRECTION_GROUP
    )
    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("edit", edit_command, filters=new_messages))
    application.add_handler(CommandHandler("history", history_command, filters=new_messages))
    application.add_handler(CallbackQueryHandler(choice_button, pattern=CorrectionChoice.matches))
    application.add_handler(CallbackQueryHandler(section_button, pattern=CorrectionSection.matches))
    application.add_handler(
        CallbackQueryHandler(decision_button, pattern=CorrectionDecision.matches)
    )
