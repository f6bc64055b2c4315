"""/start (with `read_<id>` deep links and a Subscribe / Unsubscribe button) and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import NewsContext
from bot.news.arguments import parse_article_id
from bot.views.commands import greeting_commands, help_text
from bot.views.keyboards import DEEP_LINK_READ
from bot.views.replies import answer, reply, send_article, subscription_buttons


async def start_command(update: Update, context: NewsContext) -> None:
    """/start: greet (with the subscription button), or open a `read_<id>` deep link's article."""
    payload = (context.args or [""])[0]
    if payload.startswith(DEEP_LINK_READ):
        article_id = parse_article_id([payload.removeprefix(DEEP_LINK_READ)])
        if isinstance(article_id, int):
            await send_article(update, context, article_id)
        else:
            await reply(update, context, "read-bad-id", value=payload[:64])
        return
    user = update.effective_user
    language = await context.language(update)
    greeting = context.translator.html(
        language,
        "start-greeting",
        name=user.first_name if user else "",
        desk=context.bot.first_name,
    )
    await answer(
        update,
        context,
        f"{greeting}\n\n{greeting_commands(context.translator, language)}",
        reply_markup=await subscription_buttons(update, context),
    )


async def help_command(update: Update, context: NewsContext) -> None:
    """/help: the commands, with the editors' ones for editors."""
    user = update.effective_user
    text = help_text(
        context.translator,
        await context.language(update),
        is_editor=context.settings.is_editor(user.id if user else None),
        bot_username=context.bot.username,
    )
    await answer(update, context, text)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /start and /help."""
    application.add_handler(CommandHandler("start", start_command))
    application.add_handler(CommandHandler("help", help_command))
