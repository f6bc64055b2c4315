"""Editors' /retract (asks first, with a button) and /restore.

A withdrawal is propagated to every copy already sent (deleted where Telegram still allows it,
else replaced by the withdrawal notice; an alert listing other headlines drops the line), and the
delivery engine is woken to carry that out. /restore republishes the text without resending any
alert.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.access import editor_only
from bot.context import NewsContext
from bot.delivery.propagation import propagate
from bot.news import retractions
from bot.news.articles import Problem
from bot.news.retractions import Changed
from bot.views.callbacks import RetractionDecision, pressed
from bot.views.keyboards import retraction_keyboard
from bot.views.replies import article_id_argument, reply


async def _report(
    update: Update, context: NewsContext, outcome: Changed | Problem, key: str
) -> None:
    """Say it is done (and start updating the copies), or why not."""
    if isinstance(outcome, Problem):
        await reply(update, context, outcome.key, **outcome.arguments)
        return
    context.services.delivery.wake()  # the copies' updates are queued: start on them now
    await reply(update, context, key, id=str(outcome.article.id), messages=outcome.updating)


@editor_only
async def retract_command(update: Update, context: NewsContext) -> None:
    """/retract <id>: ask for confirmation, naming the article."""
    article_id = await article_id_argument(update, context, context.args or [], "retract-usage")
    if article_id is None:
        return
    article = await retractions.retractable(context.storage, article_id)
    if isinstance(article, Problem):
        await reply(update, context, article.key, **article.arguments)
        return
    language = await context.language(update)
    await reply(
        update,
        context,
        "retract-confirm",
        id=str(article.id),
        headline=article.headline,
        reply_markup=retraction_keyboard(context.translator, language, article.id),
    )


@editor_only
async def retraction_button(update: Update, context: NewsContext) -> None:
    """Withdraw / Keep it under /retract's question."""
    user = update.effective_user
    assert user is not None
    query, button = pressed(update, RetractionDecision)
    await query.answer()
    await query.edit_message_reply_markup(None)
    if button.action == "no":
        await reply(update, context, "retract-kept", id=str(button.article_id))
        return
    outcome = await retractions.retract(
        context.storage, button.article_id, user.id, propagate=propagate
    )
    await _report(update, context, outcome, "retract-done")


@editor_only
async def restore_command(update: Update, context: NewsContext) -> None:
    """/restore <id>: publish a withdrawn article again."""
    user = update.effective_user
    assert user is not None
    article_id = await article_id_argument(update, context, context.args or [], "restore-usage")
    if article_id is None:
        return
    outcome = await retractions.restore(context.storage, article_id, user.id, propagate=propagate)
    await _report(update, context, outcome, "restore-done")


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /retract, its confirmation button, and /restore."""
    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("retract", retract_command, filters=new_messages))
    application.add_handler(CommandHandler("restore", restore_command, filters=new_messages))
    application.add_handler(
        CallbackQueryHandler(retraction_button, pattern=RetractionDecision.matches)
    )
