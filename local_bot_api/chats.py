"""Chats: one chat's record, private chats added in bulk, and the rules chat ids and 403s follow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from local_bot_api.models import BotApiUser, JSONDict, SentMessage

# Telegram's convention: supergroup and channel ids are -100xxxxxxxxxx.
SUPERGROUP_ID_BOUND = -1_000_000_000_000


def type_for_id(chat_id: int) -> str:
    """The chat type an unknown id is created as: the shape of Telegram's ids."""
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= SUPERGROUP_ID_BOUND else "group"


def default_title(chat_id: int, chat_type: str) -> str:
    return f"{'Supergroup' if chat_type == 'supergroup' else 'Group'} {chat_id}"


# A forum's General topic: its messages carry no message_thread_id, and a send naming this id
# gets "message thread not found" as Telegram answers (General is reached by leaving it out).
GENERAL_TOPIC_ID = 1
# The colours Telegram allows for a topic's icon (RGB), the first being its default.
TOPIC_COLORS = (0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F)
DEFAULT_TOPIC_COLOR = TOPIC_COLORS[0]


@dataclass(frozen=True, slots=True)
class ForumTopic:
    """A topic of a forum supergroup; its id is the id of the service message that created it."""

    message_thread_id: int
    name: str
    icon_color: int

    def to_dict(self) -> JSONDict:
        return {
            "message_thread_id": self.message_thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }


@dataclass(slots=True)
class Chat:
    id: int
    type: str  # "private", "group", "supergroup" or "channel"
    title: str | None = None
    username: str | None = None
    creator: int | None = None
    admins: set[int] = field(default_factory=set)
    members: set[int] = field(default_factory=set)
    bot_is_admin: bool = False
    # The 403 description while the bot cannot write here (blocked, kicked, left).
    forbidden: str | None = None
    migrated_to: int | None = None
    # A forum supergroup (Telegram's topics): sends may name one of `topics` (live ones only:
    # a deleted topic is removed) by message_thread_id.
    is_forum: bool = False
    topics: dict[int, ForumTopic] = field(default_factory=dict)
    last_message_id: int = 0
    bot_messages: dict[int, SentMessage] = field(default_factory=dict)
    user_messages: dict[int, JSONDict] = field(default_factory=dict)
    # A stand-in built for one request for a chat that exists only virtually (bulk-added or
    # auto-created, without records): its message ids live in State, and changes to it are lost.
    virtual: bool = False

    def status_of(self, user_id: int) -> str:
        if self.type == "private":
            return "member" if user_id == self.id else "left"
        if user_id == self.creator:
            return "creator"
        if user_id in self.admins:
            return "administrator"
        if user_id in self.members:
            return "member"
        return "left"


@dataclass(frozen=True, slots=True)
class PrivateChatBlock:
    """Private chats added in bulk: ids ``first <= id < stop``, or exactly ``ids``."""

    first: int
    stop: int
    ids: frozenset[int] | None
    first_name: str
    language_code: str | None

    @classmethod
    def build(
        cls,
        first_id: int | None,
        count: int | None,
        first_name: str,
        language_code: str | None,
        user_ids: Iterable[int] | None,
    ) -> PrivateChatBlock:
        """The block of ids first_id … first_id+count-1, or of exactly ``user_ids``."""
        if user_ids is not None:
            if first_id is not None or count is not None:
                raise ValueError("give either first_id and count or user_ids")
            ids = frozenset(int(user_id) for user_id in user_ids)
            if any(user_id <= 0 for user_id in ids):
                raise ValueError("a private chat id is the user id, which is positive")
            return cls(min(ids, default=1), max(ids, default=0) + 1, ids, first_name, language_code)
        if first_id is None or count is None:
            raise ValueError("first_id and count are required (or user_ids)")
        if first_id <= 0:
            raise ValueError("a private chat id is the user id, which is positive")
        if count < 0:
            raise ValueError("count must be >= 0")
        return cls(first_id, first_id + count, None, first_name, language_code)

    def __len__(self) -> int:
        return len(self.ids) if self.ids is not None else self.stop - self.first

    def __contains__(self, user_id: int) -> bool:
        if self.ids is not None:
            return user_id in self.ids
        return self.first <= user_id < self.stop

    def user(self, user_id: int) -> BotApiUser:
        return BotApiUser(user_id, first_name=self.first_name, language_code=self.language_code)


def forbidden_text(chat: Chat, reason: str = "blocked") -> str:
    if reason.startswith("Forbidden:"):
        return reason
    if chat.type == "private":
        if reason == "deactivated":
            return "Forbidden: user is deactivated"
        return "Forbidden: bot was blocked by the user"
    if chat.type == "channel":
        return "Forbidden: bot is not a member of the channel chat"
    if reason == "left":
        return f"Forbidden: bot is not a member of the {chat.type} chat"
    return f"Forbidden: bot was kicked from the {chat.type} chat"
