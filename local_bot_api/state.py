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
    content: bytes

    def to_file(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


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
    def __init__(self, bot: BotApiUser) -> None:
        self.bot = bot
        self.bot_dict = bot.to_dict()
        self.users: dict[int, BotApiUser] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
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
        current = self.users.get(user_id) or BotApiUser(user_id)
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

    def get_user(self, user_id: int) -> BotApiUser:
        user = self.users.get(user_id)
        return user if user is not None else self.user(user_id)

    def mention(self, user_id: int) -> JSONDict:
        user = self.users.get(user_id)
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

    def ensure_chat(self, chat_id: int) -> Chat:
        """The chat, created with defaults from the id's shape when injection first uses it."""
        chat = self.chats.get(chat_id)
        if chat is not None:
            return chat
        if chat_id > 0:
            return self.add_private_chat(chat_id)
        if chat_id <= SUPERGROUP_ID_BOUND:
            return self.add_group(chat_id, title=f"Supergroup {chat_id}", supergroup=True)
        return self.add_group(chat_id, title=f"Group {chat_id}")

    def find_chat(self, ref: int | str) -> Chat | None:
        if isinstance(ref, str):
            chat_id = self._usernames.get(ref.lstrip("@").lower())
            return None if chat_id is None else self.chats.get(chat_id)
        return self.chats.get(ref)

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
        return chat_dict(chat, self.users.get(chat.id) if chat.type == "private" else None)

    def migrate(self, chat_id: int, new_chat_id: int) -> Chat:
        old = self.chats.get(chat_id)
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
        chat.last_message_id += 1
        return chat.last_message_id

    def find_message(self, chat: Chat, message_id: int) -> JSONDict | None:
        sent = chat.bot_messages.get(message_id)
        if sent is not None:
            return sent.raw
        return chat.user_messages.get(message_id)

    # ----- files -------------------------------------------------------------------------

    def add_file(self, content: bytes, file_name: str, mime_type: str, folder: str) -> StoredFile:
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
            content=content,
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
