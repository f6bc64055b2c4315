"""/subscribe, /unsubscribe, /settings and their buttons; the bot's own membership in chats."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler

from bot.access import may_manage_chat
from bot.context import NewsContext
from bot.news import subscriptions
from bot.news.subscriptions import Subscribe
from bot.views.callbacks import ChangeSubscription, SubscriptionAction
from bot.views.formatting import interval_text
from bot.views.keyboards import subscription_keyboard
from bot.views.replies import alert, edit_in_place, reply
from bot.views.reports import settings_text

logger = logging.getLogger(__name__)


async def _apply(update: Update, context: NewsContext, action: SubscriptionAction) -> str:
    """Subscribe or unsubscribe the update's chat; the catalog key of the outcome."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if action == "off":
        stopped = await subscriptions.unsubscribe(context.storage, chat.id)
        return "unsubscribe-done" if stopped else "unsubscribe-not-subscribed"
    started = await subscriptions.subscribe(
        context.storage,
        chat,
        language=await context.language(update),
        by_user=user.id if user else None,
    )
    return "subscribe-done" if started else "subscribe-already"


async def _change(update: Update, context: NewsContext, action: SubscriptionAction) -> None:
    if not await may_manage_chat(update, context):
        await reply(update, context, "subscription-admins-only")
        return
    key = await _apply(update, context, action)
    language = await context.language(update)
    await reply(
        update,
        context,
        key,
        interval=interval_text(context.translator, language, context.settings.push_interval),
    )


async def subscribe_command(update: Update, context: NewsContext) -> None:
    """/subscribe: new headlines in this chat from now on (group administrators only)."""
    await _change(update, context, "on")


async def unsubscribe_command(update: Update, context: NewsContext) -> None:
    """/unsubscribe: no more headlines in this chat (group administrators only)."""
    await _change(update, context, "off")


async def settings_command(update: Update, context: NewsContext) -> None:
    """/settings: the chat's subscription and language, with the button that changes it."""
    chat = update.effective_chat
    assert chat is not None
    language = await context.language(update)
    subscription = await context.storage.subscriptions.get(chat.id)
    text = settings_text(
        subscription,
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
        push_interval=context.settings.push_interval,
    )
    keyboard = subscription_keyboard(
        context.translator,
        language,
        subscribed=subscription is not None and subscription.active,
    )
    await context.bot.send_message(chat.id, text, reply_markup=keyboard)


async def subscription_button(update: Update, context: NewsContext) -> None:
    """Subscribe / Unsubscribe button: as the command, shown in place with the opposite button."""
    query = update.callback_query
    assert query is not None
    button = ChangeSubscription.parse(query.data)
    assert button is not None  # the handler's pattern guarantees it
    action = button.action
    language = await context.language(update)
    if not await may_manage_chat(update, context):
        await alert(update, context, "subscription-admins-only")
        return
    key = await _apply(update, context, action)
    await query.answer()
    text = context.translator.html(
        language,
        key,
        interval=interval_text(context.translator, language, context.settings.push_interval),
    )
    keyboard = subscription_keyboard(context.translator, language, subscribed=action == "on")
    await edit_in_place(query, text, keyboard)


async def bot_membership_changed(update: Update, context: NewsContext) -> None:
    """The bot was added, promoted, demoted or removed: channels follow, groups may stop."""
    change = update.my_chat_member
    assert change is not None
    chat = change.chat
    decision = await subscriptions.follow_membership_change(
        context.storage,
        chat,
        old=change.old_chat_member,
        new=change.new_chat_member,
        by_user=change.from_user.id,
    )
    if isinstance(decision, Subscribe):
        logger.info("Subscribed channel %s (%s): the bot may post there", chat.id, chat.title)
    elif decision is not None:
        logger.info("Stopped alerts to %s %s: %s", chat.type, chat.id, decision.reason)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the subscription commands, buttons and the bot's membership updates."""
    application.add_handler(CommandHandler("subscribe", subscribe_command))
    application.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    application.add_handler(CommandHandler("settings", settings_command))
    application.add_handler(
        CallbackQueryHandler(subscription_button, pattern=ChangeSubscription.matches)
    )
    application.add_handler(
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)
    )
