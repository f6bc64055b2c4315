"""/subscribe, /unsubscribe and their buttons; the bot's own membership in chats.

In a forum supergroup each acts on the topic it is sent (or its button pressed) in: a topic
subscribes on its own, and the General topic stands for the chat itself. /settings, which
shows the same button, is handlers/settings.py.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler

from bot.access import may_manage_chat
from bot.context import NewsContext
from bot.news import subscriptions
from bot.news.subscriptions import Hold, Subscribe, needs_approval, topic_of
from bot.views.callbacks import ChangeSubscription, SubscriptionAction, pressed
from bot.views.formatting import interval_text
from bot.views.keyboards import review_keyboard, subscription_keyboard
from bot.views.replies import alert, edit_in_place, reply
from bot.views.reports import review_request_text

logger = logging.getLogger(__name__)


async def _apply(update: Update, context: NewsContext, action: SubscriptionAction) -> str:
    """Subscribe or unsubscribe the update's chat, or its forum topic; the catalog key of the
    outcome."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    topic = topic_of(update.effective_message)
    if action == "off":
        stopped = await subscriptions.unsubscribe(
            context.storage, chat.id, thread_id=topic.thread_id
        )
        return "unsubscribe-done" if stopped else "unsubscribe-not-subscribed"
    by_user, by_name = (user.id, user.full_name) if user else (None, None)
    language = await context.language(update)
    if needs_approval(
        chat.type,
        approval_required=context.settings.channels_need_approval,
        by_editor=context.settings.is_editor(by_user),
    ):
        held = await subscriptions.hold(
            context.storage, chat, by_user=by_user, by_name=by_name, language=language, topic=topic
        )
        if held:
            await _ask_editors(context, chat.id, topic.thread_id)
            return "subscribe-pending"
        subscription = await context.storage.subscriptions.get(chat.id, topic.thread_id)
        return "subscribe-already" if subscription and subscription.active else "subscribe-pending"
    started = await subscriptions.subscribe(
        context.storage, chat, by_user=by_user, by_name=by_name, language=language, topic=topic
    )
    return "subscribe-done" if started else "subscribe-already"


async def _ask_editors(context: NewsContext, chat_id: int, thread_id: int = 0) -> None:
    """Every editor, in their chosen language, gets the request (for the chat, or one forum
    topic of it) with Approve / Reject buttons.

    An editor who never started the bot cannot be written to: the others still are, and the
    request also stays in /channels.
    """
    subscription = await context.storage.subscriptions.get(chat_id, thread_id)
    if subscription is None or not subscription.pending:
        return
    for editor in sorted(context.settings.admin_ids):
        language = context.translator.resolve(await context.storage.chats.language(editor), None)
        text = review_request_text(subscription, translator=context.translator, language=language)
        keyboard = review_keyboard(context.translator, language, chat_id, thread_id)
        try:
            await context.bot.send_message(editor, text, reply_markup=keyboard)
        except (BadRequest, Forbidden) as error:
            logger.warning("Could not ask editor %s to approve chat %s: %s", editor, chat_id, error)


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


async def subscription_button(update: Update, context: NewsContext) -> None:
    """Subscribe / Unsubscribe button: as the command, shown in place with the opposite button."""
    query, button = pressed(update, ChangeSubscription)
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
        by_name=change.from_user.full_name,
        approval_required=context.settings.channels_need_approval,
        by_editor=context.settings.is_editor(change.from_user.id),
    )
    if isinstance(decision, Subscribe):
        logger.info("Subscribed channel %s (%s): the bot may post there", chat.id, chat.title)
    elif isinstance(decision, Hold):
        logger.info("Channel %s (%s) waits for an editor's approval", chat.id, chat.title)
        await _ask_editors(context, chat.id)
    elif decision is not None:
        logger.info("Stopped alerts to %s %s: %s", chat.type, chat.id, decision.reason)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the subscription commands, buttons and the bot's membership updates."""
    application.add_handler(CommandHandler("subscribe", subscribe_command))
    application.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    application.add_handler(
        CallbackQueryHandler(subscription_button, pattern=ChangeSubscription.matches)
    )
    application.add_handler(
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)
    )
