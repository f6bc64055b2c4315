"""/start (with `read_<id>` deep links and a Subscribe / Unsubscribe button) and /help."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import NewsContext
from bot.limits import LATEST_MAX_COUNT
from handlers.common import reply
from handlers.read import send_article
from handlers.subscriptions import subscription_buttons

_DEEP_LINK_READ = re.compile(r"^read_(\d{1,19})$")


async def start_command(update: Update, context: NewsContext) -> None:
    """/start: greet (with the subscription button), or open a `read_<id>` deep link's article."""
    payload = (context.args or [""])[0]
    match = _DEEP_LINK_READ.match(payload)
    if match:
        await send_article(update, context, int(match.group(1)))
        return
    user = update.effective_user
    await reply(
        update,
        context,
        "start-greeting",
        reply_markup=await subscription_buttons(update, context),
        name=user.first_name if user else "",
        desk=context.bot.first_name,
    )


async def help_command(update: Update, context: NewsContext) -> None:
    """/help: the commands, with the editors' ones for editors."""
    language = await context.language(update)
    text = context.translator.html(language, "help-text", max=LATEST_MAX_COUNT)
    user = update.effective_user
    if context.settings.is_editor(user.id if user else None):
        text += "\n\n" + context.translator.html(language, "help-editor-text")
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_message(chat.id, text)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /start and /help."""
    application.add_handler(CommandHandler("start", start_command))
    application.add_handler(CommandHandler("help", help_command))
