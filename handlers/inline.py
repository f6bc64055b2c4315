"""Inline sharing (issue 13): `@bot words` in any chat lists matching articles (no words: the
newest), and a chosen result counts as a delivery of kind 'inline'.

Telegram sends inline queries only with inline mode on (@BotFather, /setinline), and chosen
results only with inline feedback on (/setinlinefeedback); see README, "Inline sharing".
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, ChosenInlineResultHandler, InlineQueryHandler

from bot.context import NewsContext
from bot.limits import INLINE_CACHE_SECONDS
from bot.news import sharing
from bot.views.inline import inline_results, next_offset, parse_offset, result_article

logger = logging.getLogger(__name__)
# How Telegram refuses an answer to a query the reader moved on from (typing on sends a new
# one) or that waited past its ~10 s: nobody would see the answer, so it is no error.
_TOO_OLD = "query is too old"


async def inline_query(update: Update, context: NewsContext) -> None:
    """`@bot words`: a page of the best matches (no words: of the newest), in the user's
    language."""
    query = update.inline_query
    assert query is not None
    page = await sharing.inline_page(context.storage, query.query, parse_offset(query.offset))
    results = inline_results(
        page.previews,
        translator=context.translator,
        language=await context.language(update),
        zone=context.settings.zone,
        bot_username=context.bot.username or "",
    )
    try:
        await query.answer(
            results,
            next_offset=next_offset(page.next_offset),
            cache_time=INLINE_CACHE_SECONDS,
            # Personal: the results' button is in the asking user's language, so one user's
            # cached answer must not be shown to another who reads the other language.
            is_personal=True,
        )
    except BadRequest as error:
        if _TOO_OLD not in error.message.lower():
            raise
        logger.info("Inline query %s was too old to answer", query.id)


async def chosen_result(update: Update, context: NewsContext) -> None:
    """A result was chosen and posted: one delivery of the article, counted once."""
    chosen = update.chosen_inline_result
    assert chosen is not None
    article_id = result_article(chosen.result_id)
    if article_id is None:  # not one of ours: nothing to count
        return
    user_id = chosen.from_user.id
    key = sharing.choice_key(chosen.result_id, user_id, chosen.query, chosen.inline_message_id)
    await sharing.count_choice(context.storage, article_id, user_id, key)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add inline queries and chosen inline results."""
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_handler(ChosenInlineResultHandler(chosen_result))
