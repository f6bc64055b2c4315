"""/search <words>, plain text in a private chat, and the results' ‹ Newer / Older › buttons
(issue 13)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import NewsContext
from bot.news import search
from bot.views.callbacks import SearchPage, pressed
from bot.views.replies import alert, answer, edit_in_place, reply
from bot.views.search import results_keyboard, results_text


async def search_command(update: Update, context: NewsContext) -> None:
    """/search <words>: the best matching articles, five a page."""
    message = update.effective_message
    assert message is not None and message.text is not None
    words = message.text.partition(" ")[2].strip()
    if not words:  # /search alone: say how it is used
        await reply(update, context, "search-usage")
        return
    await _search(update, context, words)


async def search_text(update: Update, context: NewsContext) -> None:
    """Text that is not a command in a private chat (and not an editor's draft, correction or
    section names, which earlier handler groups took): search for it."""
    message = update.effective_message
    assert message is not None and message.text is not None
    await _search(update, context, message.text)


async def _search(update: Update, context: NewsContext, text: str) -> None:
    query = search.parse(text)
    if not isinstance(query, search.Query):
        await reply(update, context, query)
        return
    results = await search.search(context.storage, query)
    # Only results of more than one page need their query stored for the page buttons.
    query_id = await search.remember(context.storage, query) if results.pages > 1 else None
    text, keyboard = await _page(update, context, results, query, query_id)
    await answer(update, context, text, reply_markup=keyboard)


async def _page(
    update: Update,
    context: NewsContext,
    results: search.Results,
    query: search.Query,
    query_id: int | None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of results in the chat's language, with its buttons."""
    language = await context.language(update)
    text = results_text(
        results,
        query.text,
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
    )
    keyboard = results_keyboard(results, query_id, translator=context.translator, language=language)
    return text, keyboard


async def page_button(update: Update, context: NewsContext) -> None:
    """‹ Newer / Older ›: another page of the same search, by editing the results in place."""
    query, button = pressed(update, SearchPage)
    searched = await search.recall(context.storage, button.query_id)
    if searched is None:
        await alert(update, context, "search-expired")
        return
    results = await search.search(context.storage, searched, button.page)
    if not results.found:
        await alert(update, context, "search-no-more")
        return
    await query.answer()
    text, keyboard = await _page(update, context, results, searched, button.query_id)
    await edit_in_place(query, text, keyboard)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /search, searching a private chat's plain text, and the page buttons. Register
    after every feature that takes an editor's text (drafts, corrections, section names: their
    handlers come in earlier groups or first in this one)."""
    application.add_handler(CommandHandler("search", search_command))
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND,
            search_text,
        )
    )
    application.add_handler(CallbackQueryHandler(page_button, pattern=SearchPage.matches))
