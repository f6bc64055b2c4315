"""/sections (issue 11): readers get the sections, a button each for its newest headlines
(handlers/latest.py answers those); editors manage them: Add, Rename, Move up / down and Remove
(after a confirmation), every change shown by editing the list in place. And the section buttons
under a draft's preview, which choose the section it is published in.

Add and Rename ask for the names in the editor's next message, `English | Georgian`. That wait
is stored (`bot.news.sections.ask_names`), not kept in memory, so a restart loses nothing; names
refused are explained and the bot keeps waiting; `/cancel` ends the wait, and so does any other
command (which is then handled as usual). An abandoned wait lapses after DRAFT_TIMEOUT.
"""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
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
from bot.limits import SECTION_NAME_MAX_LENGTH
from bot.news import sections
from bot.news.articles import Problem
from bot.views.callbacks import DraftSection, SectionAction, pressed
from bot.views.keyboards import (
    draft_keyboard,
    readers_sections_keyboard,
    section_removal_keyboard,
    sections_keyboard,
)
from bot.views.replies import alert, answer, edit_in_place, reply
from bot.views.sections import both_names, editors_sections, readers_sections

# The names Add or Rename asked for are the editor's next message, whatever else is open (a
# draft, a correction: the names were asked for last), so they are looked at before every other
# group, the readers' budget (-3) included: editors have none, and nobody else reaches this.
_NAMES_GROUP = -4


async def _show_management(update: Update, context: NewsContext) -> None:
    """Send the editors' /sections as a new message (in the forum topic it was asked in)."""
    language = await context.language(update)
    live = await context.storage.sections.live()
    await answer(
        update,
        context,
        editors_sections(live, context.translator, language),
        reply_markup=sections_keyboard(context.translator, language, live),
    )


async def _refresh_management(update: Update, context: NewsContext) -> None:
    """Edit the pressed /sections list into the sections as they are now."""
    query = update.callback_query
    assert query is not None
    language = await context.language(update)
    live = await context.storage.sections.live()
    await edit_in_place(
        query,
        editors_sections(live, context.translator, language),
        sections_keyboard(context.translator, language, live),
    )


async def sections_command(update: Update, context: NewsContext) -> None:
    """/sections: the management view for editors, the sections with their buttons for
    everyone else."""
    user = update.effective_user
    if context.settings.is_editor(user.id if user else None):
        await _show_management(update, context)
        return
    language = await context.language(update)
    live = await context.storage.sections.live()
    await answer(
        update,
        context,
        readers_sections(live, context.translator, language),
        reply_markup=readers_sections_keyboard(live, language) if live else None,
    )


@editor_only
async def section_button(update: Update, context: NewsContext) -> None:
    """Add, Rename, Move up / down, Remove and its confirmation, under the editors' list."""
    _, button = pressed(update, SectionAction)
    if button.action in ("add", "rename"):
        await _ask_names(update, context, button.section_id or None)
    elif button.action in ("up", "down"):
        moved = await sections.move(
            context.storage, button.section_id, -1 if button.action == "up" else 1
        )
        await _answer_and_refresh(update, context, moved)
    elif button.action == "remove":
        await _ask_removal(update, context, button.section_id)
    elif button.action == "confirm":
        removed = await sections.remove(context.storage, button.section_id)
        await _answer_and_refresh(
            update, context, removed if isinstance(removed, Problem) else None
        )
    else:  # keep
        await _answer_and_refresh(update, context, None)


async def _answer_and_refresh(
    update: Update, context: NewsContext, problem: Problem | None
) -> None:
    """Answer the button (with why nothing changed, if so) and show the list as it is now."""
    query = update.callback_query
    assert query is not None
    if problem is not None:
        await alert(update, context, problem.key, **problem.arguments)
    else:
        await query.answer()
    await _refresh_management(update, context)


async def _ask_names(update: Update, context: NewsContext, section_id: int | None) -> None:
    """Wait for the names of a new section (`section_id` None) or of that one, and ask."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    assert query is not None and chat is not None and user is not None
    asked = await sections.ask_names(context.storage, chat.id, user.id, section_id)
    if isinstance(asked, Problem):
        await alert(update, context, asked.key, **asked.arguments)
        return
    await query.answer()
    if asked is None:
        await reply(update, context, "section-ask-names", max=SECTION_NAME_MAX_LENGTH)
    else:
        await reply(
            update,
            context,
            "section-ask-rename",
            names=both_names(asked),
            max=SECTION_NAME_MAX_LENGTH,
        )


async def _ask_removal(update: Update, context: NewsContext, section_id: int) -> None:
    """Turn the list into the question whether to remove the section, with Remove / Keep."""
    query = update.callback_query
    assert query is not None
    section = await sections.live_section(context.storage, section_id)
    if isinstance(section, Problem):
        await _answer_and_refresh(update, context, section)
        return
    await query.answer()
    language = await context.language(update)
    await edit_in_place(
        query,
        context.translator.html(language, "section-remove-confirm", names=both_names(section)),
        section_removal_keyboard(context.translator, language, section.id),
    )


def _command(message: Message) -> str | None:
    """The command a message starts with (`cancel` for `/cancel@bot`), if it starts with one."""
    entity = message.entities[0] if message.entities else None
    if entity is None or entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
        return None
    assert message.text is not None
    return message.text[1 : entity.length].partition("@")[0].lower()


async def names_input(update: Update, context: NewsContext) -> None:
    """An editor's text while Add or Rename waits for the names: take them (or say why not,
    and keep waiting). /cancel ends the wait; any other command ends it and goes on."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message is not None and message.text is not None
    assert chat is not None and user is not None
    storage = context.storage
    prompt = await sections.waiting(
        storage, chat.id, user.id, max_age=context.settings.draft_timeout
    )
    if prompt is None:
        return  # nothing asked: the message is for the other handlers
    command = _command(message)
    if command is not None:
        await sections.stop_waiting(storage, chat.id, user.id)
        if command == "cancel":
            await reply(update, context, "section-names-cancelled")
            raise ApplicationHandlerStop
        return
    outcome = await sections.take_names(storage, prompt, message.text)
    if isinstance(outcome, Problem):
        await reply(update, context, outcome.key, **outcome.arguments)
    else:
        key = "section-added" if prompt.section_id is None else "section-renamed"
        await reply(update, context, key, names=both_names(outcome))
        await _show_management(update, context)
    raise ApplicationHandlerStop


@editor_only
async def draft_section_button(update: Update, context: NewsContext) -> None:
    """A section button under a draft's preview: the draft goes out in that section; the
    preview's buttons are edited in place to mark it ✓."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    query, button = pressed(update, DraftSection)
    draft = await context.storage.drafts.get(chat.id, user.id)
    already = draft is not None and draft.section_id == button.section_id
    chosen = await sections.choose_for_draft(context.storage, draft, button.section_id)
    if isinstance(chosen, Problem):
        await alert(update, context, chosen.key, **chosen.arguments)
        return
    await query.answer()
    if already:
        return  # the ✓ is there already
    assert draft is not None
    keyboard = draft_keyboard(
        context.translator,
        await context.language(update),
        has_photo=draft.photo is not None,
        sections=await context.storage.sections.live(),
        chosen=chosen.id,
    )
    await query.edit_message_reply_markup(keyboard)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /sections, its buttons, the wait for names and the preview's section buttons."""
    editors = filters.User(user_id=settings_of(application).admin_ids)
    application.add_handler(
        MessageHandler(editors & filters.UpdateType.MESSAGE & filters.TEXT, names_input),
        group=_NAMES_GROUP,
    )
    application.add_handler(
        CommandHandler("sections", sections_command, filters=filters.UpdateType.MESSAGE)
    )
    application.add_handler(CallbackQueryHandler(section_button, pattern=SectionAction.matches))
    application.add_handler(
        CallbackQueryHandler(draft_section_button, pattern=DraftSection.matches)
    )
