"""Each reader's budget of replies, checked before anything acts on an update.

A reader over their budget (bot/telegram/reply_budget.py) is told once to slow down, in their
language (a pop-up for a button), and then nothing until the budget has refilled; a button
press is still answered, silently, so the reader's client stops waiting. In a group each member
has their own budget, so one member spamming leaves the others theirs. Editors have no budget.
Only what can cause a reply is counted: messages in private chats, commands in groups (not
those addressed to another bot) and button presses. Edits stop in the next group
(handlers/edits.py) and cause nothing.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot.context import NewsContext, pacer_of
from bot.telegram.reply_budget import Admission, budget_key, charge_replies_to
from bot.views.replies import alert, reply

# Before edits (-2), the draft's input (-1) and every feature's handlers (0): a refused update
# must not reach any of them.
_THROTTLE_GROUP = -3
_COUNTED_MESSAGES = filters.UpdateType.MESSAGE & (filters.ChatType.PRIVATE | filters.COMMAND)


async def admit(update: Update, context: NewsContext) -> None:
    """Let the update through while its sender has budget; else warn once and stop it.

    What the update's handlers send is charged to the sender's budget: they run after this one
    in the same task, which is where the limiter reads the key set here.
    """
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    key = budget_key(chat.id, chat.type, user.id)
    charge_replies_to(key)  # editors' too: their replies are theirs, not the last reader's
    if context.settings.is_editor(user.id):
        return
    if _addressed_to_another_bot(update, context.bot.username):
        return
    admission = pacer_of(context.application).budget.admit(key)
    if admission is Admission.ADMITTED:
        return
    query = update.callback_query
    if admission is Admission.WARN:
        if query is not None:
            await alert(update, context, "throttle-slow-down")
        else:
            await reply(update, context, "throttle-slow-down")
    elif query is not None:
        await query.answer()  # every press must be answered, or the client shows it pending
    raise ApplicationHandlerStop


def _addressed_to_another_bot(update: Update, username: str | None) -> bool:
    """A group command such as /start@other_bot: not ours, it causes no reply."""
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return False
    addressee = message.text.split(maxsplit=1)[0].partition("@")[2]
    return bool(addressee) and addressee.lower() != (username or "").lower()


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Check the budget ahead of every other handler."""
    application.add_handler(MessageHandler(_COUNTED_MESSAGES, admit), group=_THROTTLE_GROUP)
    application.add_handler(CallbackQueryHandler(admit), group=_THROTTLE_GROUP)
