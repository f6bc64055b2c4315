"""/settings and its buttons, and the same settings of a channel or group through an editor's
`/channels <channel>` (a channel cannot be sent /settings): the sections a subscription
follows and its rhythm (issue 11): notifications, frequency (every round or a daily digest)
and quiet hours.

In a forum supergroup /settings acts on the topic it is sent (or its button pressed) in. Who
may press: in /settings, anyone in a private chat and administrators in groups (as for
Subscribe); under `/channels <channel>` editors only (each button names its chat).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Chat, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.access import editor_only, may_manage_chat
from bot.chat_lookup import find_subscription, parsed_reference
from bot.context import NewsContext
from bot.views.callbacks import (
    HERE,
    ChannelSection,
    ChooseDigest,
    ChooseNotifications,
    ChooseQuiet,
    FollowSection,
    TargetChat,
    pressed,
)
from bot.views.keyboards import SettingsMenu, channel_settings_keyboard, settings_keyboard
from bot.views.replies import alert, answer, edit_in_place, reply, thread_of
from bot.views.reports import channel_settings_text, settings_text
from storage import Subscription


@dataclass(frozen=True, slots=True)
class _Target:
    """Whose settings a button changes: the chat or topic it is in, or an editor's channel."""

    chat_id: int
    thread_id: int
    channel: bool


async def _settings_view(
    update: Update, context: NewsContext, menu: SettingsMenu | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """/settings of the update's chat (in a forum topic: of that topic): its subscription, the
    sections it follows, its rhythm and the chat's language; Subscribe or Unsubscribe, and
    once subscribed a toggle per live section and the rhythm's choices (`menu`: one of them
    opened)."""
    chat = update.effective_chat
    assert chat is not None
    language = await context.language(update)
    thread_id = thread_of(update) or 0
    storage = context.storage
    subscription = await storage.subscriptions.get(chat.id, thread_id)
    subscribed = subscription is not None and subscription.active
    live = await storage.sections.live() if subscribed else []
    followed = await storage.subscriptions.followed(chat.id, thread_id) if live else None
    text = settings_text(
        subscription,
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
        push_interval=context.settings.push_interval,
        sections=live,
        followed=followed,
    )
    keyboard = settings_keyboard(
        context.translator,
        language,
        subscription=subscription,
        sections=live,
        followed=followed,
        menu=menu,
    )
    return text, keyboard


async def channel_settings_view(
    context: NewsContext,
    subscription: Subscription,
    language: str,
    menu: SettingsMenu | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """The sections a channel or group follows and its rhythm, with their buttons."""
    storage = context.storage
    live = await storage.sections.live()
    followed = await storage.subscriptions.followed(subscription.chat_id)
    text = channel_settings_text(
        subscription,
        live,
        followed,
        translator=context.translator,
        language=language,
        zone=context.settings.zone,
    )
    keyboard = channel_settings_keyboard(
        context.translator, language, subscription, live, followed, menu
    )
    return text, keyboard


async def settings_command(update: Update, context: NewsContext) -> None:
    """/settings: the subscription of the chat (in a forum topic: of that topic), the sections
    it follows, its rhythm and the chat's language, with the buttons that change them."""
    text, keyboard = await _settings_view(update, context)
    await answer(update, context, text, reply_markup=keyboard)


async def _target(update: Update, context: NewsContext, chat: TargetChat) -> _Target | None:
    """Whose settings the pressed button changes, or None after telling the presser they may
    not: /settings' buttons act on their own chat or topic (group administrators only),
    `/channels <channel>`'s on that channel (editors only)."""
    if chat != HERE:
        user = update.effective_user
        if not context.settings.is_editor(user.id if user else None):
            await alert(update, context, "editor-only")
            return None
        return _Target(chat, 0, channel=True)
    here = update.effective_chat
    assert here is not None
    if not await may_manage_chat(update, context):
        await alert(update, context, "subscription-admins-only")
        return None
    return _Target(here.id, thread_of(update) or 0, channel=False)


async def _show(
    update: Update, context: NewsContext, target: _Target, menu: SettingsMenu | None = None
) -> None:
    """The settings as they are now, in place of the pressed button's message."""
    query = update.callback_query
    assert query is not None
    if not target.channel:
        await query.answer()
        text, keyboard = await _settings_view(update, context, menu)
        await edit_in_place(query, text, keyboard)
        return
    subscription = await context.storage.subscriptions.get(target.chat_id)
    if subscription is None or not subscription.active:
        await alert(update, context, "channel-sections-not-subscribed", chat=str(target.chat_id))
        return
    await query.answer()
    language = await context.language(update)
    text, keyboard = await channel_settings_view(context, subscription, language, menu)
    await edit_in_place(query, text, keyboard)


async def follow_section_button(update: Update, context: NewsContext) -> None:
    """A section's toggle (or "All sections") under /settings or `/channels <channel>`: the
    chat (or topic) follows it or stops following it, shown in place. Unfollowing the last one
    is allowed: the chat then gets no headlines until it follows one again (it says so)."""
    query = update.callback_query
    assert query is not None
    button = FollowSection.parse(query.data) or ChannelSection.parse(query.data)
    assert button is not None  # the handlers' patterns admit no other
    chat = TargetChat(button.chat_id) if isinstance(button, ChannelSection) else HERE
    target = await _target(update, context, chat)
    if target is None:
        return
    stored = context.storage.subscriptions
    if button.section_id == 0:
        await stored.follow_all(target.chat_id, target.thread_id)
    else:
        await stored.toggle_section(target.chat_id, target.thread_id, button.section_id)
    await _show(update, context, target)


async def notifications_button(update: Update, context: NewsContext) -> None:
    """With sound / Silent digests / Silent: how the chat (or topic) is notified from its next
    planned alert on, shown in place."""
    _, button = pressed(update, ChooseNotifications)
    target = await _target(update, context, button.chat)
    if target is None:
        return
    await context.storage.subscriptions.set_notifications(
        target.chat_id, target.thread_id, button.notifications
    )
    await _show(update, context, target)


async def digest_button(update: Update, context: NewsContext) -> None:
    """Frequency: "Daily digest…" opens the digest times; a time makes it one daily digest
    then, "Every round" an alert each round, from the next round on."""
    _, button = pressed(update, ChooseDigest)
    target = await _target(update, context, button.chat)
    if target is None:
        return
    if button.choice == "menu":
        await _show(update, context, target, "digest")
        return
    minute = button.minute if button.choice == "daily" else None
    await context.storage.subscriptions.set_digest(target.chat_id, target.thread_id, minute)
    await _show(update, context, target)


async def quiet_button(update: Update, context: NewsContext) -> None:
    """Quiet hours: "Quiet hours…" opens the choices; one of them sets them, "No quiet hours"
    removes them, from the next round on."""
    _, button = pressed(update, ChooseQuiet)
    target = await _target(update, context, button.chat)
    if target is None:
        return
    if button.choice == "menu":
        await _show(update, context, target, "quiet")
        return
    hours = (button.start, button.end) if button.choice == "on" else None
    await context.storage.subscriptions.set_quiet_hours(target.chat_id, target.thread_id, hours)
    await _show(update, context, target)


@editor_only
async def channel_settings_command(update: Update, context: NewsContext) -> None:
    """`/channels <channel>`: the sections the channel (or group) follows and its rhythm, with
    their buttons."""
    reference = await parsed_reference(update, context, "removechannel-usage")
    if reference is None:
        return
    found = await find_subscription(context, reference)
    subscription = None if found is None else await context.storage.subscriptions.get(found.chat_id)
    if subscription is None or not is_target(subscription):
        await reply(update, context, "channel-sections-not-subscribed", chat=str(reference))
        return
    language = await context.language(update)
    text, keyboard = await channel_settings_view(context, subscription, language)
    await answer(update, context, text, reply_markup=keyboard)


def is_target(subscription: Subscription | None) -> bool:
    """Whether `/channels <channel>` can show this subscription's settings: an active channel
    or group (a private chat has /settings)."""
    return subscription is not None and subscription.active and subscription.kind != Chat.PRIVATE


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add /settings and the buttons of every settings view."""
    application.add_handler(CommandHandler("settings", settings_command))
    # Before /channels' list (handlers/channels.py): with a chat named, its settings instead.
    application.add_handler(CommandHandler("channels", channel_settings_command, has_args=True))
    for button, callback in (
        (FollowSection, follow_section_button),
        (ChannelSection, follow_section_button),
        (ChooseNotifications, notifications_button),
        (ChooseDigest, digest_button),
        (ChooseQuiet, quiet_button),
    ):
        application.add_handler(CallbackQueryHandler(callback, pattern=button.matches))
