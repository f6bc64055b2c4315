"""Editors' scheduled publication (issue 11): /schedule, the preview's Schedule button,
/scheduled with Publish now / Reschedule / Cancel, /unschedule, and the job that publishes each
scheduled article at its time.

`/schedule 09:00` schedules the open draft; with the headline on the next line and the text
after it, it schedules that at once (as /post does; a photo captioned so too). `breaking` after
the time (`/schedule 09:00 breaking`, or as the answer when the time is asked for) publishes
it as breaking news at its time. The Schedule
button, or /schedule without a time, asks for the time: the draft then waits at step "schedule"
(in the database: a restart loses nothing), and the editor's next message is taken as the time
by the draft's input (handlers/post.py, group -1, which sees an editor's messages first). A
Reschedule waits for the new time the same way, as a draft that only reschedules; while one is
open, /cancel, /done and /publish are answered here, in that group, ahead of the draft
commands (group 0).

At its time an article is published by the job (every SCHEDULE_CHECK_INTERVAL; at start-up
first, for articles whose time came while the bot was down), which then asks for its delivery
at once (`_announce`: a digest round, or a breaking one's own round, as /breaking does) and
tells each editor their article went out.
"""

from __future__ import annotations

import logging
import time

from telegram import Message, Update
from telegram.error import BadRequest, Forbidden, NetworkError
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
from bot.limits import SCHEDULE_CHECK_INTERVAL, SCHEDULED_LISTED
from bot.news import articles, photos, scheduling, sections
from bot.news.articles import Problem
from bot.telegram.entities import message_html
from bot.views.callbacks import ScheduledAction, ScheduleDraft, pressed
from bot.views.formatting import format_time
from bot.views.keyboards import scheduled_keyboard
from bot.views.replies import alert, edit_in_place, reply, report_scheduling, take_time
from bot.views.sections import unknown_section
from storage import Photo, Release, ScheduledArticle, StoredDraft

logger = logging.getLogger(__name__)

# With the draft's input (handlers/post.py), which takes an editor's other messages there: ahead
# of /cancel, /done and /publish of a draft (group 0), behind those of a correction (group -2).
_RESCHEDULING_GROUP = -1


@editor_only
async def schedule_command(update: Update, context: NewsContext) -> None:
    """/schedule <when>: schedule the open draft (no time: ask for it); with a headline and
    text on the next lines, schedule that."""
    message = update.effective_message
    assert message is not None and message.text is not None
    await _schedule(update, context, message, message.text, None)


@editor_only
async def photo_schedule(update: Update, context: NewsContext) -> None:
    """A photo captioned `/schedule <when>`, the headline and the text: schedule it with the
    photo as its lead photo."""
    message = update.effective_message
    assert message is not None and message.caption is not None
    if not message.caption.partition("\n")[2].strip():
        await reply(update, context, "schedule-usage", zone=context.settings.timezone)
        return
    photo = await photos.take(context.bot, message)
    if isinstance(photo, Problem):
        await reply(update, context, photo.key, **photo.arguments)
        return
    await _schedule(update, context, message, message.caption, photo)


async def _schedule(
    update: Update, context: NewsContext, message: Message, text: str, photo: Photo | None
) -> None:
    """`/schedule <when>` (a message's text or a photo's caption), then the headline and text
    if it schedules at once."""
    first_line, newline, rest = text.partition("\n")
    when = first_line.partition(" ")[2].strip()
    if rest.strip():
        await _schedule_at_once(update, context, message, when, len(first_line + newline), photo)
        return
    draft = await _open_draft(update, context)
    if draft is None:
        await reply(update, context, "schedule-usage", zone=context.settings.timezone)
    elif when:
        await take_time(update, context, draft, when)
    elif draft.reschedules is not None:
        await _ask_again(update, context, draft.reschedules)
    else:
        await _ask_time(update, context, draft)


async def _schedule_at_once(
    update: Update,
    context: NewsContext,
    message: Message,
    when: str,
    offset: int,
    photo: Photo | None,
) -> None:
    """The lines after `/schedule <when>`: the headline (with its `#section`, as /post takes
    it), then the text (with its formatting)."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    if not when:
        await reply(update, context, "schedule-usage", zone=context.settings.timezone)
        return
    moment = scheduling.parse_moment(when, time.time(), context.settings.zone)
    if isinstance(moment, Problem):
        await report_scheduling(update, context, moment)
        return
    text = message.text or message.caption or ""
    headline, newline, _ = text[offset:].partition("\n")
    tagged = await sections.take_tag(context.storage, headline)
    if isinstance(tagged, sections.UnknownSection):
        language = await context.language(update)
        await context.bot.send_message(
            chat.id, unknown_section(tagged, context.translator, language, as_tags=True)
        )
        return
    outcome = await scheduling.schedule(
        context.storage,
        tagged.headline,
        message_html(message, start=offset + len(headline + newline)),
        user.id,
        publish_at=moment.publish_at,
        chat_id=chat.id,
        language=await context.language(update),
        origin=articles.message_origin(chat.id, message.message_id),
        photo=photo,
        section_id=tagged.section_id,
        breaking=moment.breaking,
    )
    await report_scheduling(update, context, outcome)


async def _ask_time(update: Update, context: NewsContext, draft: StoredDraft) -> None:
    """The draft waits for its time; ask for it (or say why it cannot be scheduled)."""
    problem = await scheduling.ask_time(context.storage, draft)
    if problem is not None:
        await reply(update, context, problem.key, **problem.arguments)
        return
    await reply(update, context, "schedule-ask-time", zone=context.settings.timezone)


async def _ask_again(update: Update, context: NewsContext, scheduled_id: int) -> None:
    """A rescheduling is open: it waits for the new time, nothing else."""
    await reply(
        update, context, "reschedule-expects-time", scheduled=scheduling.label(scheduled_id)
    )


async def _open_draft(update: Update, context: NewsContext) -> StoredDraft | None:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    return await context.storage.drafts.get(chat.id, user.id)


async def _open_rescheduling(update: Update, context: NewsContext) -> StoredDraft | None:
    """The editor's open draft in this chat, if it is a rescheduling."""
    draft = await _open_draft(update, context)
    return draft if draft is not None and draft.reschedules is not None else None


async def rescheduling_cancel(update: Update, context: NewsContext) -> None:
    """/cancel while a new time is awaited: the article keeps its time."""
    draft = await _open_rescheduling(update, context)
    if draft is None:
        return  # a draft's /cancel (handlers/post.py)
    scheduled = await scheduling.stop_rescheduling(context.storage, draft)
    assert scheduled is not None  # scheduled articles are never deleted
    await reply(
        update,
        context,
        "reschedule-kept",
        scheduled=scheduling.label(scheduled.id),
        when=_when(context, scheduled),
    )
    raise ApplicationHandlerStop


async def rescheduling_waits(update: Update, context: NewsContext) -> None:
    """/done or /publish while a new time is awaited: there is nothing else to do."""
    draft = await _open_rescheduling(update, context)
    if draft is None:
        return
    assert draft.reschedules is not None
    await _ask_again(update, context, draft.reschedules)
    raise ApplicationHandlerStop


@editor_only
async def schedule_button(update: Update, context: NewsContext) -> None:
    """Schedule under a draft's preview: the draft waits for its time; ask for it."""
    query = update.callback_query
    assert query is not None
    draft = await _open_draft(update, context)
    if draft is None or draft.reschedules is not None or draft.step not in ("preview", "schedule"):
        await alert(update, context, "post-draft-gone")  # the preview no longer shows the draft
        return
    await query.answer()
    await query.edit_message_reply_markup(None)  # one preview is decided once
    await _ask_time(update, context, draft)


@editor_only
async def scheduled_command(update: Update, context: NewsContext) -> None:
    """/scheduled: the articles waiting for their time, soonest first, each with its buttons."""
    chat = update.effective_chat
    assert chat is not None
    waiting = await context.storage.scheduled.count_waiting()
    if not waiting:
        await reply(update, context, "scheduled-empty")
        return
    language = await context.language(update)
    await reply(update, context, "scheduled-title", count=waiting, zone=context.settings.timezone)
    for scheduled in await context.storage.scheduled.upcoming(SCHEDULED_LISTED):
        await reply(
            update,
            context,
            "scheduled-entry-breaking" if scheduled.breaking else "scheduled-entry",
            scheduled=scheduling.label(scheduled.id),
            when=_when(context, scheduled),
            headline=scheduled.headline,
            reply_markup=scheduled_keyboard(context.translator, language, scheduled.id),
        )
    if waiting > SCHEDULED_LISTED:
        await reply(update, context, "scheduled-more", count=waiting - SCHEDULED_LISTED)


@editor_only
async def scheduled_button(update: Update, context: NewsContext) -> None:
    """Publish now / Reschedule / Cancel under an entry of /scheduled."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    query, button = pressed(update, ScheduledAction)
    number = button.scheduled_id
    if button.action == "publish":
        published = await scheduling.publish_now(context.storage, number, chat_id=chat.id)
        if isinstance(published, Problem):
            await alert(update, context, published.key, **published.arguments)
            return
        _announce(context, [published])
        await query.answer()
        await _edit_entry(
            update, context, "schedule-published", number, id=str(published.article.id)
        )
    elif button.action == "cancel":
        cancelled = await scheduling.cancel(context.storage, number)
        if isinstance(cancelled, Problem):
            await alert(update, context, cancelled.key, **cancelled.arguments)
            return
        await query.answer()
        await _edit_entry(
            update, context, "schedule-cancelled", number, headline=cancelled.headline
        )
    else:
        language = await context.language(update)
        waiting = await scheduling.start_rescheduling(
            context.storage, chat.id, user.id, language, number
        )
        if isinstance(waiting, Problem):
            await alert(update, context, waiting.key, **waiting.arguments)
            return
        await query.answer()
        await reply(
            update,
            context,
            "reschedule-ask",
            scheduled=scheduling.label(number),
            when=_when(context, waiting),
            zone=context.settings.timezone,
        )


async def _edit_entry(
    update: Update, context: NewsContext, key: str, number: int, **arguments: str
) -> None:
    """Replace the pressed entry of /scheduled (and its buttons) by what became of it."""
    query = update.callback_query
    assert query is not None
    language = await context.language(update)
    text = context.translator.html(language, key, scheduled=scheduling.label(number), **arguments)
    await edit_in_place(query, text)


@editor_only
async def unschedule_command(update: Update, context: NewsContext) -> None:
    """/unschedule <S-number>: cancel that scheduled article."""
    arguments = context.args or []
    if not arguments:
        await reply(update, context, "unschedule-usage")
        return
    number = scheduling.parse_label(arguments[0])
    if number is None:
        await reply(update, context, "schedule-bad-id", value=arguments[0][:64])
        return
    cancelled = await scheduling.cancel(context.storage, number)
    if isinstance(cancelled, Problem):
        await reply(update, context, cancelled.key, **cancelled.arguments)
        return
    await reply(
        update,
        context,
        "schedule-cancelled",
        scheduled=scheduling.label(number),
        headline=cancelled.headline,
    )


def _when(context: NewsContext, scheduled: ScheduledArticle) -> str:
    """A scheduled article's time as editors read it, in TIMEZONE."""
    return format_time(scheduled.publish_at, context.settings.zone)


async def publish_due_articles(context: NewsContext) -> None:
    """Publish every article whose time has come (or came while the bot was down), have them
    announced in a round now, and tell their editors."""
    _announce(context, await scheduling.publish_due(context.storage, time.time()))
    await _tell_editors(context)


def _announce(context: NewsContext, releases: list[Release]) -> None:
    """Have the articles just published announced now: a breaking one's own round was opened
    with it (as /breaking's is), the others go out in a digest round."""
    if any(release.scheduled.breaking for release in releases):
        context.services.delivery.request_breaking()
    if any(not release.scheduled.breaking for release in releases):
        context.services.delivery.request_round()


async def _tell_editors(context: NewsContext) -> None:
    """Tell editors that their scheduled articles went out, in their language; an editor who
    cannot be told (blocked the bot) is not tried again, a network failure is."""
    for scheduled in await scheduling.untold(context.storage):
        text = context.translator.html(
            scheduled.language,
            "schedule-published",
            scheduled=scheduling.label(scheduled.id),
            id=str(scheduled.article_id),
        )
        try:
            await context.bot.send_message(scheduled.chat_id, text)
        except (Forbidden, BadRequest) as error:  # the editor blocked the bot, or the chat is gone
            logger.warning("Cannot tell chat %s of %s: %s", scheduled.chat_id, scheduled.id, error)
        except NetworkError as error:  # retried already: the next run tries again
            logger.warning(
                "Could not tell chat %s of %s yet: %s", scheduled.chat_id, scheduled.id, error
            )
            return
        await scheduling.told(context.storage, scheduled.id)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /schedule, /scheduled, /unschedule, their buttons, the rescheduling's commands and
    the job that publishes scheduled articles."""
    new_messages = filters.UpdateType.MESSAGE
    editors = filters.User(user_id=settings_of(application).admin_ids) & new_messages
    application.add_handler(
        CommandHandler("cancel", rescheduling_cancel, filters=editors), group=_RESCHEDULING_GROUP
    )
    application.add_handler(
        CommandHandler(["done", "publish"], rescheduling_waits, filters=editors),
        group=_RESCHEDULING_GROUP,
    )
    application.add_handler(CommandHandler("schedule", schedule_command, filters=new_messages))
    application.add_handler(
        MessageHandler(
            new_messages & photos.PHOTO_MESSAGES & filters.CaptionRegex(scheduling.CAPTION),
            photo_schedule,
        )
    )
    application.add_handler(CommandHandler("scheduled", scheduled_command, filters=new_messages))
    application.add_handler(CommandHandler("unschedule", unschedule_command, filters=new_messages))
    application.add_handler(CallbackQueryHandler(schedule_button, pattern=ScheduleDraft.matches))
    application.add_handler(CallbackQueryHandler(scheduled_button, pattern=ScheduledAction.matches))
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    # First at once: articles whose time came while the bot was down go out on start.
    application.job_queue.run_repeating(
        publish_due_articles, interval=SCHEDULE_CHECK_INTERVAL, first=0, name="publish-scheduled"
    )
