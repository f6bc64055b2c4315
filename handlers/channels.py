"""Editors' /channels, /addchannel and /removechannel: which channels and groups get headlines;
`/channels <channel>`: the settings of a channel or group (handlers/settings.py: a channel
cannot be sent /settings)."""

from __future__ import annotations

from telegram import Chat, ChatMember, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.access import editor_only
from bot.chat_lookup import find_subscription, get_chat, parsed_reference
from bot.context import NewsContext
from bot.limits import CHANNELS_LIST_LIMIT, REVIEWS_LISTED
from bot.news import subscriptions
from bot.news.subscriptions import REASON_EDITOR, TARGET_KINDS, posting_problem
from bot.views.callbacks import ReviewChat, ReviewTopic
from bot.views.formatting import chat_reference, interval_text
from bot.views.keyboards import review_keyboard
from bot.views.replies import alert, edit_in_place, reply, thread_of
from bot.views.reports import (
    channel_list_messages,
    review_outcome_text,
    review_request_text,
)


async def _bot_member(context: NewsContext, chat_id: int) -> ChatMember | None:
    """The bot's own membership in the chat, or None if Telegram will not tell."""
    try:
        return await context.bot.get_chat_member(chat_id, context.bot.id)
    except (BadRequest, Forbidden):
        return None


@editor_only
async def channels_command(update: Update, context: NewsContext) -> None:
    """/channels: every channel and group with its state and who added it, those waiting for
    approval first, each of them again with its Approve / Reject buttons. With a channel or
    group named (`/channels @channel`): the sections it follows instead."""
    chat = update.effective_chat
    assert chat is not None
    targets = await context.storage.subscriptions.list(TARGET_KINDS, CHANNELS_LIST_LIMIT)
    counts = await context.storage.subscriptions.counts()
    total = sum(count for (kind, _), count in counts.items() if kind in TARGET_KINDS)
    language = await context.language(update)
    messages = channel_list_messages(
        targets, total=total, translator=context.translator, language=language
    )
    for text in messages:
        await context.bot.send_message(chat.id, text, message_thread_id=thread_of(update))
    waiting = [target for target in targets if target.pending][:REVIEWS_LISTED]
    for target in waiting:
        await context.bot.send_message(
            chat.id,
            review_request_text(target, translator=context.translator, language=language),
            reply_markup=review_keyboard(
                context.translator, language, target.chat_id, target.thread_id
            ),
            message_thread_id=thread_of(update),
        )


@editor_only
async def addchannel_command(update: Update, context: NewsContext) -> None:
    """/addchannel <@username or id>: check that the bot can post there, then subscribe it."""
    reference = await parsed_reference(update, context, "addchannel-usage")
    if reference is None:
        return
    target = await get_chat(context, reference)
    if target is None:
        await reply(update, context, "addchannel-not-found", chat=str(reference))
        return
    name = chat_reference(target.id, target.username)
    if target.type not in TARGET_KINDS:
        await reply(update, context, "chat-private-not-target", chat=name)
        return
    title = target.title or name
    problem = posting_problem(target.type, await _bot_member(context, target.id))
    if problem is not None:
        await reply(update, context, problem, title=title)
        return
    user = update.effective_user
    started = await subscriptions.subscribe(
        context.storage,
        target,
        by_user=user.id if user else None,
        by_name=user.full_name if user else None,
    )
    language = await context.language(update)
    await reply(
        update,
        context,
        "addchannel-done" if started else "addchannel-already",
        title=title,
        chat=name,
        interval=interval_text(context.translator, language, context.settings.push_interval),
    )


@editor_only
async def removechannel_command(update: Update, context: NewsContext) -> None:
    """/removechannel <@username or id>: stop headlines to a channel or group."""
    reference = await parsed_reference(update, context, "removechannel-usage")
    if reference is None:
        return
    subscription = await find_subscription(context, reference)
    if subscription is not None and subscription.kind == Chat.PRIVATE:
        await reply(update, context, "chat-private-not-target", chat=str(reference))
        return
    if subscription is None or not subscription.active:
        await reply(update, context, "removechannel-not-subscribed", chat=str(reference))
        return
    await subscriptions.unsubscribe(context.storage, subscription.chat_id, REASON_EDITOR)
    name = chat_reference(subscription.chat_id, subscription.username)
    await reply(update, context, "removechannel-done", title=subscription.title or name, chat=name)


@editor_only
async def review_button(update: Update, context: NewsContext) -> None:
    """Approve / Reject under a request: the first editor's decision holds, shown in place."""
    query = update.callback_query
    assert query is not None
    button = ReviewChat.parse(query.data) or ReviewTopic.parse(query.data)
    assert button is not None  # the handler's pattern guarantees it
    thread_id = button.thread_id if isinstance(button, ReviewTopic) else 0
    approved = button.decision == "ok"
    decide = subscriptions.approve if approved else subscriptions.reject
    subscription = await context.storage.subscriptions.get(button.chat_id, thread_id)
    if subscription is None or not await decide(context.storage, button.chat_id, thread_id):
        await alert(update, context, "review-not-pending")
        return
    await query.answer()
    text = review_outcome_text(
        subscription,
        approved=approved,
        translator=context.translator,
        language=await context.language(update),
    )
    await edit_in_place(query, text)


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the editors' channel management commands and the approval buttons."""
    application.add_handler(CommandHandler("channels", channels_command))
    application.add_handler(CallbackQueryHandler(review_button, pattern=ReviewChat.matches))
    application.add_handler(CallbackQueryHandler(review_button, pattern=ReviewTopic.matches))
    application.add_handler(CommandHandler("addchannel", addchannel_command))
    application.add_handler(CommandHandler("removechannel", removechannel_command))
