"""/latest [section] [n] and its paging buttons: the newest headlines, newest first, of every
section or of one (issue 11; also a section's button in the readers' /sections)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.context import NewsContext
from bot.limits import LATEST_DEFAULT_COUNT, LATEST_MAX_COUNT
from bot.news import sections
from bot.news.arguments import Invalid
from bot.news.articles import Problem
from bot.views.articles import headline_page
from bot.views.callbacks import OlderHeadlines, SectionHeadlines, SectionLatest, pressed
from bot.views.keyboards import latest_keyboard
from bot.views.replies import alert, edit_in_place, reply, thread_of
from bot.views.sections import unknown_section
from storage import Section


async def _page(
    context: NewsContext,
    language: str,
    count: int,
    before_id: int | None,
    section: Section | None = None,
) -> tuple[str, InlineKeyboardMarkup] | None:
    """A /latest page (of `section`, if given) starting before `before_id` (None: the newest),
    or None if it is empty."""
    section_id = section.id if section else None
    found = await context.storage.articles.latest(count + 1, before_id, section_id=section_id)
    if not found:
        return None
    text, shown = headline_page(
        found[:count],
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
        section=section,
    )
    keyboard = latest_keyboard(
        shown,
        has_older=len(found) > len(shown),
        is_first_page=before_id is None,
        count=count,
        translator=context.translator,
        language=language,
        section_id=section_id,
    )
    return text, keyboard


async def _send_page(
    update: Update, context: NewsContext, count: int, section: Section | None
) -> None:
    """The newest page as a new message, or say there is nothing (in that section)."""
    chat = update.effective_chat
    assert chat is not None
    language = await context.language(update)
    page = await _page(context, language, count, None, section)
    if page is None:
        if section is None:
            await reply(update, context, "latest-empty")
        else:
            await reply(update, context, "latest-empty-section", section=section.name(language))
        return
    text, keyboard = page
    await context.bot.send_message(
        chat.id, text, reply_markup=keyboard, message_thread_id=thread_of(update)
    )


async def latest_command(update: Update, context: NewsContext) -> None:
    """/latest [section] [n]: the n newest headlines (of that section) with buttons to read
    them."""
    live = await context.storage.sections.live()
    parsed = sections.parse_latest(context.args or [], live)
    if isinstance(parsed, Invalid):
        await reply(update, context, "latest-bad-count", max=LATEST_MAX_COUNT)
        return
    if isinstance(parsed, sections.UnknownSection):
        chat = update.effective_chat
        assert chat is not None
        language = await context.language(update)
        text = unknown_section(parsed, context.translator, language, as_tags=False)
        await context.bot.send_message(chat.id, text, message_thread_id=thread_of(update))
        return
    if parsed.count.clamped:
        await reply(update, context, "latest-clamped", max=LATEST_MAX_COUNT)
    await _send_page(update, context, parsed.count.value, parsed.section)


async def older_button(update: Update, context: NewsContext) -> None:
    """ "Older" / "Newest": show another page by editing the list in place."""
    _, button = pressed(update, OlderHeadlines)
    await _turn_page(update, context, button.count, button.before_id, None)


async def section_older_button(update: Update, context: NewsContext) -> None:
    """ "Older" / "Newest" under `/latest <section>`: the same, within the section."""
    _, button = pressed(update, SectionHeadlines)
    section = await sections.live_section(context.storage, button.section_id)
    if isinstance(section, Problem):
        await alert(update, context, section.key, **section.arguments)
        return
    await _turn_page(update, context, button.count, button.before_id, section)


async def _turn_page(
    update: Update, context: NewsContext, count: int, before_id: int, section: Section | None
) -> None:
    query = update.callback_query
    assert query is not None
    language = await context.language(update)
    page = await _page(context, language, count, before_id or None, section)
    if page is None:
        await alert(update, context, "latest-no-more")
        return
    await query.answer()
    text, keyboard = page
    await edit_in_place(query, text, keyboard)


async def section_button(update: Update, context: NewsContext) -> None:
    """A section's button in the readers' /sections: its newest headlines, as /latest does."""
    query, button = pressed(update, SectionLatest)
    section = await sections.live_section(context.storage, button.section_id)
    if isinstance(section, Problem):
        await alert(update, context, section.key, **section.arguments)
        return
    await query.answer()
    await _send_page(update, context, LATEST_DEFAULT_COUNT, section)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /latest handlers."""
    application.add_handler(CommandHandler("latest", latest_command))
    application.add_handler(CallbackQueryHandler(older_button, pattern=OlderHeadlines.matches))
    application.add_handler(
        CallbackQueryHandler(section_older_button, pattern=SectionHeadlines.matches)
    )
    application.add_handler(CallbackQueryHandler(section_button, pattern=SectionLatest.matches))
