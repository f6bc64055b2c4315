"""The playground's world: the bot, two personas, their chats, and the bot's settings.

Everything here is fixed and made in code: the page reads it from /api/state. The bot's
settings never come from the environment or a .env file, so a real token there cannot make the
playground talk to Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from bot.settings import Settings
from local_bot_api import LocalBotApi

# Not a secret: the local server accepts only this token, and it never leaves 127.0.0.1.
TOKEN = "7000000001:playground-local-token"
BOT_USERNAME = "newsbot_playground_bot"
BOT_FIRST_NAME = "newsbot"
# An alert arrives soon after publishing (the bot's default is five minutes).
PUSH_INTERVAL = 10.0

EDITOR_ID = 1001
READER_ID = 1002
NEWSROOM_ID = -1001000000001
CHANNEL_ID = -1001000000002
FORUM_ID = -1001000000003
# A basic group, so that migrating to a supergroup can be tried; it becomes MIGRATED_ID.
EDITORS_ROOM_ID = -1000001
MIGRATED_ID = -1001000000004
FORUM_TOPICS = ("World", "Georgia")
# Simulated subscribers' private chats take ids from here on (far from the personas').
FIRST_SUBSCRIBER_ID = 5_000_000_001

Status = Literal["creator", "administrator", "member"]
PERSONA_KEYS = ("editor", "reader")


@dataclass(slots=True)
class Persona:
    """A person using the playground: a Telegram user with a private chat with the bot."""

    key: str
    user_id: int
    name: str
    language: str
    is_editor: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "user_id": self.user_id,
            "name": self.name,
            "language": self.language,
            "is_editor": self.is_editor,
        }


@dataclass(slots=True)
class Topic:
    thread_id: int
    name: str


@dataclass(slots=True)
class WorldChat:
    """A chat as the page lists it; the local server holds its messages."""

    id: int
    type: Literal["private", "group", "supergroup", "channel"]
    title: str
    members: dict[int, Status]
    visible_to: tuple[str, ...]
    username: str | None = None
    is_forum: bool = False
    topics: list[Topic] = field(default_factory=list)
    read_only: bool = False
    blocked: bool = False
    migrated_to: int | None = None

    def can_write(self, persona: Persona) -> bool:
        return persona.key in self.visible_to and not self.read_only and self.migrated_to is None


@dataclass(slots=True)
class World:
    """The personas and chats the playground set up, kept as the playground changes them."""

    personas: dict[str, Persona]
    chats: dict[int, WorldChat]
    subscribers: int = 0

    def persona(self, key: str) -> Persona | None:
        return self.personas.get(key)

    def private_chat(self, persona: Persona) -> WorldChat:
        return self.chats[persona.user_id]


def build_world(api: LocalBotApi) -> World:
    """Create the personas, their chats and the forum's topics on the local server."""
    editor = Persona("editor", EDITOR_ID, "Editor", "en", is_editor=True)
    reader = Persona("reader", READER_ID, "Nino", "ka", is_editor=False)
    chats: list[WorldChat] = []
    for persona in (editor, reader):
        api.add_private_chat(persona.user_id, persona.name, persona.language)
        members: dict[int, Status] = {persona.user_id: "member"}
        chats.append(WorldChat(persona.user_id, "private", persona.name, members, (persona.key,)))
    chats.append(_group(api, NEWSROOM_ID, "Newsroom", supergroup=True))
    api.add_channel(CHANNEL_ID, "newsbot demo", "newsbot_demo", creator=EDITOR_ID)
    chats.append(
        WorldChat(
            CHANNEL_ID,
            "channel",
            "newsbot demo",
            {EDITOR_ID: "creator"},
            PERSONA_KEYS,
            username="newsbot_demo",
            read_only=True,  # personas read the channel; only the bot posts there
        )
    )
    forum = _group(api, FORUM_ID, "Readers' forum", supergroup=True, forum=True)
    for name in FORUM_TOPICS:
        forum.topics.append(Topic(api.create_topic(FORUM_ID, name)["message_thread_id"], name))
    chats.append(forum)
    chats.append(_group(api, EDITORS_ROOM_ID, "Editors' room"))
    return World({p.key: p for p in (editor, reader)}, {chat.id: chat for chat in chats})


def _group(
    api: LocalBotApi, chat_id: int, title: str, *, supergroup: bool = False, forum: bool = False
) -> WorldChat:
    """A group the editor created, the reader is in, and the bot administers."""
    api.add_group(
        chat_id,
        title,
        supergroup=supergroup,
        admins=[api.bot.id],
        members=[READER_ID],
        creator=EDITOR_ID,
        forum=forum,
    )
    members: dict[int, Status] = {EDITOR_ID: "creator", READER_ID: "member"}
    kind: Literal["group", "supergroup"] = "supergroup" if supergroup else "group"
    return WorldChat(chat_id, kind, title, members, PERSONA_KEYS, is_forum=forum)


class PlaygroundSettings(Settings):
    """The bot's settings, from the values given in code only: no environment, no .env."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def bot_settings(api: LocalBotApi, database_path: Path) -> Settings:
    """Settings for the bot behind the playground: the local server always, one editor."""
    return PlaygroundSettings(
        bot_token=SecretStr(TOKEN),
        admin_ids=frozenset({EDITOR_ID}),
        database_path=database_path,
        bot_api_base_url=api.base_url,
        bot_api_file_url=api.base_file_url,
        push_interval=PUSH_INTERVAL,
        default_language="en",
    )
