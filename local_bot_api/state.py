"""The fake Telegram's world: users, chats, the messages in them, files and callback queries."""

from __future__ import annotations

import itertools
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import ApiError, bad_request
from .models import BotApiUser, JSONDict, SentMessage
from .objects import chat_dict

# Telegram's convention: supergroup and channel ids are -100xxxxxxxxxx.
SUPERGROUP_ID_BOUND = -1_000_000_000_000
_UNSET: Any = object()


def type_for_id(chat_id: int) -> str:
    """The chat type an unknown id is created as: the shape of Telegram's ids."""
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= SUPERGROUP_ID_BOUND else "group"


def default_title(chat_id: int, chat_type: str) -> str:
    return f"{'Supergroup' if chat_type == 'supergroup' else 'Group'} {chat_id}"


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


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    content: bytes  # empty for the bot's uploads without records (only the size is kept)
    size: int

    def to_file(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


@dataclass(frozen=True, slots=True)
class PrivateChatBlock:
    """Private chats added in bulk: ids ``first <= id < stop``, or exactly ``ids``."""

    first: int
    stop: int
    ids: frozenset[int] | None
    first_name: str
    language_code: str | None

    def __contains__(self, user_id: int) -> bool:
        if self.ids is not None:
            return user_id in self.ids
        return self.first <= user_id < self.stop

    def user(self, user_id: int) -> BotApiUser:
        return BotApiUser(user_id, first_name=self.first_name, language_code=self.language_code)


@dataclass(slots=True)
class PendingCallback:
    chat_id: int
    message_id: int
    user_id: int


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


class State:
    """Users, chats and messages.

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
        self.files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, PendingCallback] = {}
        self.commands: dict[tuple[str, int | str | None, int | None, str], list[JSONDict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self._serial = itertools.count(1)

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
    ) -> Chat:
        if chat_id >= 0:
            raise ValueError("group ids are negative")
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
        )
        for user_id in chat.members:
            self.get_user(user_id)
        return self._register(chat)

    def add_channel(
        self,
        chat_id: int,
        title: str = "Channel",
        username: str | None = None,
        bot_is_admin: bool = True,
    ) -> Chat:
        if chat_id >= 0:
            raise ValueError("channel ids are negative")
        if username is not None:
            username = username.lstrip("@")
        return self._register(
            Chat(chat_id, "channel", title=title, username=username, bot_is_admin=bot_is_admin)
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
        if user_ids is not None:
            if first_id is not None or count is not None:
                raise ValueError("give either first_id and count or user_ids")
            ids = frozenset(int(user_id) for user_id in user_ids)
            if any(user_id <= 0 for user_id in ids):
                raise ValueError("a private chat id is the user id, which is positive")
            block = PrivateChatBlock(
                min(ids, default=1), max(ids, default=0) + 1, ids, first_name, language_code
            )
        else:
            if first_id is None or count is None:
                raise ValueError("first_id and count are required (or user_ids)")
            if first_id <= 0:
                raise ValueError("a private chat id is the user id, which is positive")
            if count < 0:
                raise ValueError("count must be >= 0")
            block = PrivateChatBlock(first_id, first_id + count, None, first_name, language_code)
        self._blocks.append(block)
        redefined = [uid for uid in self.users if uid in block and uid != self.bot.id]
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
        return len(block.ids) if block.ids is not None else block.stop - block.first

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

    def find_message(self, chat: Chat, message_id: int) -> JSONDict | None:
        sent = chat.bot_messages.get(message_id)
        if sent is not None:
            return sent.raw
        return chat.user_messages.get(message_id)

    # ----- files -------------------------------------------------------------------------

    def add_file(
        self, content: bytes, file_name: str, mime_type: str, folder: str, keep: bool = True
    ) -> StoredFile:
        """Store a file; with ``keep=False`` only its metadata (for uploads without records)."""
        number = self.serial()
        extension = ""
        if "." in file_name:
            extension = "." + file_name.rsplit(".", 1)[1]
        else:
            extension = mimetypes.guess_extension(mime_type) or ""
        stored = StoredFile(
            file_id=f"LOCAL{number:08d}{folder[:3].upper()}",
            file_unique_id=f"U{number:08d}",
            file_path=f"{folder}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
            content=content if keep else b"",
            size=len(content),
        )
        self.files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        return self._files_by_path.get(path)

    # ----- callback queries --------------------------------------------------------------

    def issue_callback(self, chat_id: int, message_id: int, user_id: int) -> str:
        query_id = str(4_000_000_000_000 + self.serial())
        self.callback_queries[query_id] = PendingCallback(chat_id, message_id, user_id)
        return query_id

    def take_callback(self, query_id: str) -> PendingCallback | None:
        return self.callback_queries.pop(query_id, None)
