"""The fake Telegram's world: users, chats (real and virtual), message ids and callback queries."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from local_bot_api.chats import (
    GENERAL_TOPIC_ID,
    SUPERGROUP_ID_BOUND,
    Chat,
    ForumTopic,
    PrivateChatBlock,
    default_title,
    type_for_id,
)
from local_bot_api.errors import ApiError, bad_request
from local_bot_api.files import FileStore
from local_bot_api.models import BotApiUser, JSONDict, SentMessage
from local_bot_api.objects import chat_dict

_UNSET: Any = object()


@dataclass(slots=True)
class PendingCallback:
    chat_id: int
    message_id: int
    user_id: int


@dataclass(slots=True)
class PendingInline:
    """An inline query the bot has not answered yet: who typed what."""

    user_id: int
    query: str


class State:
    """Users, chats, their message ids and callback queries, plus the bot's settings and files.

    Chats live in ``chats``, except *virtual* ones: private chats added in bulk
    (``add_private_chats``) and, with ``auto_chats``, every other numeric id. A virtual chat costs
    nothing until used; with ``record`` it is then added to ``chats`` like any other (it gets a
    history), without ``record`` only its last message id is kept (in ``_virtual_ids``) and each
    request works on a throw-away ``Chat(virtual=True)``. Anything that changes a chat (blocking,
    members, migration) turns it into a real one first.
    """

    def __init__(self, bot: BotApiUser, *, record: bool = True, auto_chats: bool = False) -> None:
        self.bot = bot
        self.bot_dict = bot.to_dict()
        # Without records the bot's messages and users' messages are not kept (ids still are).
        self.record = record
        # Unknown numeric chat ids are created on first use instead of "chat not found".
        self.auto_chats = auto_chats
        self.users: dict[int, BotApiUser] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self._blocks: list[PrivateChatBlock] = []  # newest last; a newer block wins
        self._virtual_ids: dict[int, int] = {}
        self._usernames: dict[str, int] = {}
        self._serial = itertools.count(1)
        self.files = FileStore(self.serial)
        self.callback_queries: dict[str, PendingCallback] = {}
        self.inline_queries: dict[str, PendingInline] = {}
        self.commands: dict[tuple[str, int | str | None, int | None, str], list[JSONDict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}

    def serial(self) -> int:
        return next(self._serial)

    # ----- users -------------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = _UNSET,
        username: str | None = _UNSET,
        language_code: str | None = _UNSET,
    ) -> BotApiUser:
        """Create or update a user; only the given fields change."""
        current = self.lookup_user(user_id) or BotApiUser(user_id)
        changes: dict[str, Any] = {}
        if first_name is not None:
            changes["first_name"] = first_name
        if last_name is not _UNSET:
            changes["last_name"] = last_name
        if username is not _UNSET:
            changes["username"] = username
        if language_code is not _UNSET:
            changes["language_code"] = language_code
        updated = replace(current, **changes) if changes else current
        self.users[user_id] = updated
        return updated

    def lookup_user(self, user_id: int) -> BotApiUser | None:
        """A known user, including the owners of virtual private chats (not stored)."""
        user = self.users.get(user_id)
        if user is not None:
            return user
        block = self._block_of(user_id)
        if block is not None:
            return block.user(user_id)
        if self.auto_chats and user_id > 0:
            return BotApiUser(user_id)
        return None

    def get_user(self, user_id: int) -> BotApiUser:
        user = self.lookup_user(user_id)
        return user if user is not None else self.user(user_id)

    def mention(self, user_id: int) -> JSONDict:
        user = self.lookup_user(user_id)
        return (user or BotApiUser(user_id, first_name="User")).to_dict()

    # ----- chats -------------------------------------------------------------------------

    def _register(self, chat: Chat) -> Chat:
        old = self.chats.get(chat.id)
        if old is not None:
            # Re-adding a chat redefines it but keeps its history.
            chat.last_message_id = old.last_message_id
            chat.bot_messages = old.bot_messages
            chat.user_messages = old.user_messages
            if chat.is_forum:
                chat.topics = old.topics
            if old.username:
                self._usernames.pop(old.username.lower(), None)
        else:
            # A virtual chat becoming real continues its message ids.
            chat.last_message_id = self._virtual_ids.pop(chat.id, chat.last_message_id)
        self.chats[chat.id] = chat
        if chat.username:
            self._usernames[chat.username.lower()] = chat.id
        return chat

    def add_private_chat(
        self,
        user_id: int,
        first_name: str = "Reader",
        language_code: str | None = "en",
        username: str | None = None,
        last_name: str | None = None,
    ) -> Chat:
        if user_id <= 0:
            raise ValueError("a private chat id is the user id, which is positive")
        self.user(
            user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        return self._register(Chat(user_id, "private"))

    def add_group(
        self,
        chat_id: int,
        title: str = "Group",
        supergroup: bool = False,
        admins: Iterable[int] = (),
        members: Iterable[int] = (),
        creator: int | None = None,
        username: str | None = None,
        forum: bool = False,
    ) -> Chat:
        if chat_id >= 0:
            raise ValueError("group ids are negative")
        if forum and not supergroup:
            raise ValueError("only a supergroup can be a forum")
        admin_ids = set(admins)
        chat = Chat(
            chat_id,
            "supergroup" if supergroup else "group",
            title=title,
            username=username,
            creator=creator,
            admins=admin_ids,
            members=set(members) | admin_ids | ({creator} if creator is not None else set()),
            bot_is_admin=self.bot.id in admin_ids,
            is_forum=forum,
        )
        for user_id in chat.members:
            self.get_user(user_id)
        registered = self._register(chat)
        if forum:
            # Message id 1 is the General topic's: created topics take the ids after it.
            registered.last_message_id = max(registered.last_message_id, GENERAL_TOPIC_ID)
        return registered

    def add_channel(
        self,
        chat_id: int,
        title: str = "Channel",
        username: str | None = None,
        bot_is_admin: bool = True,
        creator: int | None = None,
    ) -> Chat:
        if chat_id >= 0:
            raise ValueError("channel ids are negative")
        if username is not None:
            username = username.lstrip("@")
        if creator is not None:
            self.get_user(creator)
        return self._register(
            Chat(
                chat_id,
                "channel",
                title=title,
                username=username,
                bot_is_admin=bot_is_admin,
                creator=creator,
                members=set() if creator is None else {creator},
            )
        )

    def add_private_chats(
        self,
        first_id: int | None = None,
        count: int | None = None,
        language_code: str | None = "en",
        first_name: str = "Reader",
        user_ids: Iterable[int] | None = None,
    ) -> int:
        """Add private chats in O(1) memory: ids first_id … first_id+count-1, or ``user_ids``.

        Each chat behaves as if added by add_private_chat(id, first_name, language_code); chats
        and users defined before in the same ids are redefined (their history stays).
        """
        block = PrivateChatBlock.build(first_id, count, first_name, language_code, user_ids)
        self._blocks.append(block)
        redefined = [known for known in self.users if known in block and known != self.bot.id]
        for user_id in redefined:
            if user_id in self.chats:
                self.add_private_chat(user_id, first_name, language_code)
            else:
                self.user(
                    user_id,
                    first_name=first_name,
                    language_code=language_code,
                    username=None,
                    last_name=None,
                )
        return len(block)

    def _block_of(self, user_id: int) -> PrivateChatBlock | None:
        for block in reversed(self._blocks):
            if user_id in block:
                return block
        return None

    def _virtual_type(self, chat_id: int) -> str | None:
        if chat_id > 0 and self._blocks and self._block_of(chat_id) is not None:
            return "private"
        return type_for_id(chat_id) if self.auto_chats else None

    def _virtual_chat(self, chat_id: int) -> Chat | None:
        """A virtual chat for one request (added to ``chats`` when recording), or None."""
        chat_type = self._virtual_type(chat_id)
        if chat_type is None:
            return None
        if self.record:
            return self._create(chat_id)
        if chat_type == "private":
            return Chat(
                chat_id, "private", last_message_id=self._virtual_ids.get(chat_id, 0), virtual=True
            )
        return Chat(
            chat_id,
            chat_type,
            title=default_title(chat_id, chat_type),
            last_message_id=self._virtual_ids.get(chat_id, 0),
            virtual=True,
        )

    def _create(self, chat_id: int) -> Chat:
        """Add a chat the id's shape defines (a bulk block's user for a private one)."""
        chat_type = type_for_id(chat_id)
        if chat_type == "private":
            block = self._block_of(chat_id) if self._blocks else None
            if block is None:
                chat = self.add_private_chat(chat_id)
            else:
                user = self.users.get(chat_id) or block.user(chat_id)
                chat = self.add_private_chat(
                    chat_id, user.first_name, user.language_code, user.username, user.last_name
                )
        else:
            chat = self.add_group(
                chat_id,
                title=default_title(chat_id, chat_type),
                supergroup=chat_type == "supergroup",
            )
        return chat

    def ensure_chat(self, chat_id: int) -> Chat:
        """The chat, created with defaults from the id's shape when injection first uses it.

        Always a real chat (in ``chats``): the caller may change it.
        """
        chat = self.chats.get(chat_id)
        if chat is not None:
            return chat
        return self._create(chat_id)

    def activity_chat(self, chat_id: int) -> Chat:
        """The chat a simulated user acts in, created if unknown.

        Without records a virtual private chat stays virtual: user activity there changes
        nothing the server keeps. Groups become real (their members change).
        """
        chat = self.chats.get(chat_id)
        if chat is not None:
            return chat
        if not self.record and chat_id > 0:
            virtual = self._virtual_chat(chat_id)
            if virtual is not None:
                return virtual
        return self.ensure_chat(chat_id)

    def find_chat(self, ref: int | str) -> Chat | None:
        if isinstance(ref, str):
            chat_id = self._usernames.get(ref.lstrip("@").lower())
            return None if chat_id is None else self.chats.get(chat_id)
        chat = self.chats.get(ref)
        if chat is not None:
            return chat
        if self.auto_chats or self._blocks:
            return self._virtual_chat(ref)
        return None

    def chat_or_error(self, ref: int | str | None) -> Chat:
        if ref is None:
            raise bad_request("chat_id is empty")
        chat = self.find_chat(ref)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def writable_chat(self, ref: int | str | None) -> Chat:
        """The chat the bot wants to write to, or the error Telegram gives for it."""
        chat = self.chat_or_error(ref)
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.forbidden is not None:
            raise ApiError(403, chat.forbidden)
        if chat.type == "channel" and not chat.bot_is_admin:
            raise bad_request("need administrator rights in the channel chat")
        return chat

    def chat_dict(self, chat: Chat) -> JSONDict:
        return chat_dict(chat, self.lookup_user(chat.id) if chat.type == "private" else None)

    def real_chat(self, chat_id: int) -> Chat | None:
        """A chat in ``chats``, a virtual one turned real, or None."""
        chat = self.chats.get(chat_id)
        if chat is None and self._virtual_type(chat_id) is not None:
            chat = self._create(chat_id)
        return chat

    def migrate(self, chat_id: int, new_chat_id: int) -> Chat:
        old = self.real_chat(chat_id)
        if old is None or old.type != "group":
            raise ValueError(f"chat {chat_id} is not a known basic group")
        if new_chat_id > SUPERGROUP_ID_BOUND:
            raise ValueError("a supergroup id looks like -100xxxxxxxxxx")
        old.migrated_to = new_chat_id
        return self._register(
            Chat(
                new_chat_id,
                "supergroup",
                title=old.title,
                creator=old.creator,
                admins=set(old.admins),
                members=set(old.members),
                bot_is_admin=old.bot_is_admin,
            )
        )

    # ----- forum topics ------------------------------------------------------------------

    def create_topic(self, chat: Chat, name: str, icon_color: int, creator: JSONDict) -> ForumTopic:
        """A new topic of the forum `chat`: its id is that of the service message announcing
        it (`forum_topic_created`, from `creator`), which messages in the topic reply to."""
        if not chat.is_forum:
            raise ValueError(f"chat {chat.id} is not a forum")
        topic = ForumTopic(self.next_message_id(chat), name, icon_color)
        chat.topics[topic.message_thread_id] = topic
        if self.record:
            chat.user_messages[topic.message_thread_id] = self.topic_created_message(
                chat, topic, creator
            )
        return topic

    def topic_created_message(self, chat: Chat, topic: ForumTopic, creator: JSONDict) -> JSONDict:
        """The service message that created `topic` (a stand-in when it was not kept)."""
        kept = chat.user_messages.get(topic.message_thread_id)
        if kept is not None:
            return kept
        return {
            "message_id": topic.message_thread_id,
            "from": creator,
            "chat": self.chat_dict(chat),
            "date": int(time.time()),
            "message_thread_id": topic.message_thread_id,
            "is_topic_message": True,
            "forum_topic_created": {"name": topic.name, "icon_color": topic.icon_color},
        }

    def delete_topic(self, chat: Chat, thread_id: int) -> ForumTopic:
        """Delete a live topic (with its messages, as Telegram does); sends to it then get
        "message thread not found"."""
        topic = self.live_topic(chat, thread_id)
        del chat.topics[thread_id]
        for message_id, sent in list(chat.bot_messages.items()):
            if sent.raw.get("message_thread_id") == thread_id:
                del chat.bot_messages[message_id]
        for message_id, message in list(chat.user_messages.items()):
            if message.get("message_thread_id") == thread_id:
                del chat.user_messages[message_id]
        return topic

    def live_topic(self, chat: Chat, thread_id: int) -> ForumTopic:
        """The forum's topic `thread_id`, or the 400 Telegram gives for a deleted or unknown one
        (the General topic included: it is reached without a message_thread_id)."""
        topic = chat.topics.get(thread_id) if chat.is_forum else None
        if topic is None:
            raise bad_request("message thread not found")
        return topic

    # ----- messages ----------------------------------------------------------------------

    def next_message_id(self, chat: Chat) -> int:
        if chat.virtual:
            last = self._virtual_ids[chat.id] = self._virtual_ids.get(chat.id, 0) + 1
            chat.last_message_id = last
            return last
        chat.last_message_id += 1
        return chat.last_message_id

    def issued(self, chat: Chat, message_id: int) -> bool:
        """Whether the chat has had a message with this id (all a chat keeps without records)."""
        return 0 < message_id <= chat.last_message_id

    def bot_messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in the chat as they are now (edits applied, deletions gone)."""
        chat = self.chats.get(chat_id)
        return list(chat.bot_messages.values()) if chat is not None else []

    def find_message(self, chat: Chat, message_id: int) -> JSONDict | None:
        sent = chat.bot_messages.get(message_id)
        if sent is not None:
            return sent.raw
        return chat.user_messages.get(message_id)

    # ----- callback queries --------------------------------------------------------------

    def issue_callback(self, chat_id: int, message_id: int, user_id: int) -> str:
        query_id = str(4_000_000_000_000 + self.serial())
        self.callback_queries[query_id] = PendingCallback(chat_id, message_id, user_id)
        return query_id

    def take_callback(self, query_id: str) -> PendingCallback | None:
        return self.callback_queries.pop(query_id, None)

    # ----- inline queries ----------------------------------------------------------------

    def issue_inline(self, user_id: int, query: str) -> str:
        query_id = str(5_000_000_000_000 + self.serial())
        self.inline_queries[query_id] = PendingInline(user_id, query)
        return query_id

    def take_inline(self, query_id: str) -> PendingInline | None:
        """The unanswered query, now answered; None if unknown or answered already."""
        return self.inline_queries.pop(query_id, None)
