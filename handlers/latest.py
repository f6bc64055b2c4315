"""/latest [n] and its paging buttons: the newest headlines, newest first."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.context import NewsContext
from bot.limits import LATEST_MAX_COUNT
from bot.news.arguments import Invalid, parse_latest_count
from bot.views.articles import headline_page
from bot.views.callbacks import OlderHeadlines
from bot.views.keyboards import latest_keyboard
from bot.views.replies import alert, edit_in_place, reply


async def _page(
    context: NewsContext, language: str, count: int, before_id: int | None
) -> tuple[str, InlineKeyboardMarkup] | None:
    """A /latest page starting before `before_id` (None: the newest), or None if it is empty."""
    found = await context.storage.articles.latest(count + 1, before_id)
    if not found:
        return None
    text, shown = headline_page(
        found[:count], translator=context.translator, language=language, zone=context.settings.zone
    )
    keyboard = latest_keyboard(
        shown,
        has_older=len(found) > len(shown),
        is_first_page=before_id is None,
        count=count,
        translator=context.translator,
        language=language,
    )
    return text, keyboard


async def latest_command(update: Update, context: NewsContext) -> None:
    """/latest [n]: the n newest headlines with buttons to read them."""
    parsed = parse_latest_count(context.args or [])
    if isinstance(parsed, Invalid):
        await reply(update, context, "latest-bad-count", max=LATEST_MAX_COUNT)
        return
    language = await context.language(update)
    if parsed.clamped:
        await reply(update, context, "latest-clamped", max=LATEST_MAX_COUNT)
    page = await _page(context, language, parsed.value, None)
    if page is None:
        await reply(update, context, "latest-empty")
        return
    text, keyboard = page
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_message(chat.id, text, reply_markup=keyboard)


async def older_button(update: Update, context: NewsContext) -> None:
    """ "Older" / "Newest": show another page by editing the list in place."""
    query = update.callback_query
    assert query is not None
    button = OlderHeadlines.parse(query.data)
    assert button is not None  # the handler's pattern guarantees it
    language = await context.language(update)
    page = await _page(context, language, button.count, button.before_id or None)
    if page is None:
        await alert(update, context, "latest-no-more")
        return
    await query.answer()
    text, keyboard = page
    await edit_in_place(query, text, keyboard)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the /latest handlers."""
    application.add_handler(CommandHandler("latest", latest_command))
    application.add_handler(CallbackQueryHandler(older_button, pattern=OlderHeadlines.matches))
