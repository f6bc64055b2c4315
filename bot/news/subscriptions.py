"""Subscription rules: who may subscribe a chat, and what the bot's own membership means for it.

The rules are pure functions of Telegram's chat-member objects (handlers ask Telegram, these
decide); the functions at the end are the only way handlers change a subscription. In a forum
supergroup each topic is a subscription of its own (`topic_of` tells which a message is in);
the bot's membership is the chat's, so it starts or stops every topic at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol

from telegram import Chat, ChatMember, ChatMemberAdministrator, ChatMemberRestricted, Message
from telegram.constants import ChatMemberStatus

from storage import Storage
from storage.subscriptions import PENDING

# What `subscriptions.inactive_reason` says when the bot's membership ended a subscription.
REASON_REMOVED: Final = "bot removed"
REASON_DEMOTED: Final = "bot demoted"
REASON_CANNOT_POST: Final = "bot cannot post"
REASON_BLOCKED: Final = "bot blocked by the user"
REASON_EDITOR: Final = "removed by an editor"
REASON_UNSUBSCRIBED: Final = "unsubscribed"
REASON_PENDING: Final = PENDING
"""Waiting for an editor's approval (CHANNELS_NEED_APPROVAL): inactive until approved."""
REASON_REJECTED: Final = "rejected by an editor"

TARGET_KINDS: Final = (Chat.CHANNEL, Chat.GROUP, Chat.SUPERGROUP)
"""The chat kinds editors manage with /channels, /addchannel and /removechannel."""

_GONE: Final = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
_ADMINS: Final = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


@dataclass(frozen=True, slots=True)
class Subscribe:
    """The chat should get headlines now."""


@dataclass(frozen=True, slots=True)
class Hold:
    """The chat waits for an editor's approval before it gets headlines: editors must be asked."""


@dataclass(frozen=True, slots=True)
class Stop:
    """The chat can no longer get headlines; `reason` is stored with the subscription."""

    reason: str


@dataclass(frozen=True, slots=True)
class Topic:
    """Where in its chat a message is: a forum topic's `thread_id` (0: the chat itself, which
    in a forum is the General topic), and the topic's `name` when the message shows it."""

    thread_id: int = 0
    name: str | None = None


def topic_of(message: Message | None) -> Topic:
    """The forum topic a message was sent in, whose subscription it speaks for.

    Only a topic message counts (`is_topic_message`): in other chats `message_thread_id` is a
    thread of replies, not a place of its own. A message in a topic replies to the service
    message that created it, unless it replies to another one: only then is the name known.
    """
    if message is None or not message.is_topic_message or not message.message_thread_id:
        return Topic()
    created = message.reply_to_message.forum_topic_created if message.reply_to_message else None
    return Topic(message.message_thread_id, created.name if created else None)


def is_administrator(member: ChatMember) -> bool:
    """Whether a user may manage the chat (subscribe it, change its language)."""
    return member.status in _ADMINS


def posting_problem(chat_type: str, bot_member: ChatMember | None) -> str | None:
    """Why the bot cannot post in a channel or group, as a catalog key; None if it can.

    `bot_member` is the bot's own ChatMember, or None when Telegram would not tell.
    """
    status = bot_member.status if bot_member is not None else ChatMemberStatus.LEFT
    if chat_type == Chat.CHANNEL:
        if isinstance(bot_member, ChatMemberAdministrator):
            return None if bot_member.can_post_messages else "addchannel-cannot-post"
        return None if status == ChatMemberStatus.OWNER else "addchannel-not-admin"
    if isinstance(bot_member, ChatMemberRestricted):
        if not bot_member.is_member:
            return "addchannel-not-member"
        return None if bot_member.can_send_messages else "addchannel-group-cannot-post"
    return "addchannel-not-member" if status in _GONE else None


def needs_approval(chat_type: str, *, approval_required: bool, by_editor: bool) -> bool:
    """Whether a chat someone asks headlines for waits for an editor's approval first.

    With CHANNELS_NEED_APPROVAL, every chat editors manage (channels and groups alike: a group
    reaches as many strangers as a channel) that is not added by an editor waits; private chats
    never do.
    """
    return approval_required and chat_type in TARGET_KINDS and not by_editor


def after_membership_change(
    chat_type: str, old: ChatMember, new: ChatMember
) -> Subscribe | Stop | None:
    """What a change of the bot's membership (a `my_chat_member` update) means for the chat.

    Channels follow the bot's right to post: subscribed when it gains it, stopped when it loses
    it (other rights changing leave an editor's /removechannel alone). Groups subscribe only
    through an administrator's /subscribe, but stop when the bot leaves. A private chat stops
    when the user blocks the bot.
    """
    status = new.status
    if chat_type == Chat.CHANNEL:
        if posting_problem(chat_type, new) is None:
            return None if posting_problem(chat_type, old) is None else Subscribe()
        if status in _GONE:
            return Stop(REASON_REMOVED)
        return Stop(REASON_CANNOT_POST if status in _ADMINS else REASON_DEMOTED)
    if chat_type in (Chat.GROUP, Chat.SUPERGROUP):
        problem = posting_problem(chat_type, new)
        if problem == "addchannel-not-member":
            return Stop(REASON_REMOVED)
        return Stop(REASON_CANNOT_POST) if problem else None
    if chat_type == Chat.PRIVATE and status in _GONE:
        return Stop(REASON_BLOCKED)
    return None


class NamedChat(Protocol):
    """What subscribing needs of a chat (Telegram's Chat and ChatFullInfo both have it)."""

    @property
    def id(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def username(self) -> str | None: ...


async def subscribe(
    storage: Storage,
    chat: NamedChat,
    *,
    by_user: int | None,
    by_name: str | None = None,
    language: str | None = None,
    topic: Topic = Topic(),
) -> bool:
    """Start alerts for a chat (or its forum topic) from the newest article on; False if it
    already had them.

    A private chat's username is the reader's own: only groups' and channels' public ones are
    kept (editors name chats by them).
    """
    return await storage.subscriptions.subscribe(
        chat.id,
        chat.type,
        thread_id=topic.thread_id,
        topic=topic.name,
        title=chat.title,
        username=None if chat.type == Chat.PRIVATE else chat.username,
        language=language,
        subscribed_by=by_user,
        subscribed_by_name=by_name,
    )


async def hold(
    storage: Storage,
    chat: NamedChat,
    *,
    by_user: int | None,
    by_name: str | None = None,
    language: str | None = None,
    topic: Topic = Topic(),
) -> bool:
    """Keep a channel or group (or a forum's topic) waiting for an editor's approval; True if
    editors must be asked (False: it gets headlines already, or waits already)."""
    return await storage.subscriptions.hold(
        chat.id,
        chat.type,
        thread_id=topic.thread_id,
        topic=topic.name,
        title=chat.title,
        username=chat.username,
        language=language,
        subscribed_by=by_user,
        subscribed_by_name=by_name,
    )


async def approve(storage: Storage, chat_id: int, thread_id: int = 0) -> bool:
    """An editor approved a waiting chat (or topic): alerts from the newest article on; False
    if it was not waiting (approved or rejected already, or the bot was removed meanwhile)."""
    return await storage.subscriptions.approve(chat_id, thread_id)


async def reject(storage: Storage, chat_id: int, thread_id: int = 0) -> bool:
    """An editor rejected a waiting chat (or topic): it gets no alerts; False if it was not
    waiting."""
    return await storage.subscriptions.reject(chat_id, REASON_REJECTED, thread_id)


async def unsubscribe(
    storage: Storage,
    chat_id: int,
    reason: str = REASON_UNSUBSCRIBED,
    *,
    thread_id: int | None = None,
) -> bool:
    """Stop alerts for one topic of a chat (`thread_id`, 0 the chat itself), or for the chat
    and all its topics (None: the bot removed, an editor's /removechannel); their unsent ones
    fail. False if none had any."""
    return await storage.subscriptions.deactivate(chat_id, reason, thread_id)


async def follow_membership_change(
    storage: Storage,
    chat: NamedChat,
    *,
    old: ChatMember,
    new: ChatMember,
    by_user: int,
    by_name: str | None = None,
    approval_required: bool = False,
    by_editor: bool = False,
) -> Subscribe | Hold | Stop | None:
    """Apply what a change of the bot's membership means for the chat, if it changed anything.

    A chat that should subscribe waits instead (Hold) when it needs an editor's approval.
    """
    decision = after_membership_change(chat.type, old, new)
    if isinstance(decision, Subscribe):
        if needs_approval(chat.type, approval_required=approval_required, by_editor=by_editor):
            held = await hold(storage, chat, by_user=by_user, by_name=by_name)
            return Hold() if held else None
        subscribed = await subscribe(storage, chat, by_user=by_user, by_name=by_name)
        return decision if subscribed else None
    if isinstance(decision, Stop):
        return decision if await unsubscribe(storage, chat.id, decision.reason) else None
    return None
