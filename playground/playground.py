"""The running playground: the local server, the bot, the world, and what the page can do.

The HTTP routes (playground/routes.py) only parse requests and call these methods; a
PlaygroundError is what they answer with its status (400, 404, 408).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from bot.context import AnyApplication, services_of
from bot.news import subscriptions
from local_bot_api import ApiError, LocalBotApi
from local_bot_api.files import StoredFile
from playground.commands_menu import Viewer, resolve
from playground.events import ApiRelay, EventHub
from playground.views import JSON, Knobs, chat_view, state_view
from playground.world import FIRST_SUBSCRIBER_ID, Persona, World, WorldChat

# How long a button press waits for the bot's answerCallbackQuery.
PRESS_TIMEOUT = 5.0
# How long an inline query waits for the bot's answerInlineQuery (Telegram's clients give up
# after about as long).
INLINE_TIMEOUT = 5.0
# Telegram's limits for what a bot may download: documents 20 MB, photos 10 MB.
DOCUMENT_LIMIT = 20 * 1024 * 1024
PHOTO_LIMIT = 10 * 1024 * 1024
# Sends and edits: what the error-rate knob fails with 500s and 502s, as Telegram now and then.
FAILING_METHODS = (
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "editMessageText",
    "editMessageCaption",
    "editMessageMedia",
    "editMessageReplyMarkup",
)
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?")
_IMAGE_TYPES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
)


class PlaygroundError(Exception):
    """What the page asked for cannot be done; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass(frozen=True, slots=True)
class _SimulatedChat:
    """A simulated subscriber's private chat, as subscribing needs it."""

    id: int
    type: str = "private"
    title: str | None = None
    username: str | None = None


@dataclass
class Playground:
    """One playground: `url` is the page's address once the web server listens."""

    api: LocalBotApi
    world: World
    hub: EventHub = field(init=False)
    relay: ApiRelay = field(init=False)
    knobs: Knobs = field(default_factory=Knobs)
    application: AnyApplication | None = None
    url: str = ""

    def __post_init__(self) -> None:
        self.hub = EventHub(self.state)
        self.relay = ApiRelay(self.hub, lambda chat_id: chat_id in self.world.chats)

    # ----- reading ---------------------------------------------------------------------------

    def state(self) -> JSON:
        bot = self.api.bot
        identity = {"id": bot.id, "username": bot.username, "first_name": bot.first_name}
        return state_view(self.world, identity, self.knobs)

    def persona(self, key: str) -> Persona:
        persona = self.world.persona(key)
        if persona is None:
            raise PlaygroundError(404, f"no persona {key!r}: {', '.join(self.world.personas)}")
        return persona

    def chat(self, chat_id: int) -> WorldChat:
        chat = self.world.chats.get(chat_id)
        if chat is None:
            raise PlaygroundError(404, f"no chat {chat_id}")
        return chat

    def messages(self, chat_id: int) -> list[JSON]:
        self.chat(chat_id)
        return self.api.history(chat_id)

    def commands(self, chat_id: int, persona_key: str) -> list[JSON]:
        chat, persona = self.chat(chat_id), self.persona(persona_key)
        viewer = Viewer(
            user_id=persona.user_id,
            chat_id=chat.id,
            chat_type=chat.type,
            language=persona.language,
            is_admin=chat.members.get(persona.user_id) in ("creator", "administrator"),
            chat_username=chat.username,
        )
        return resolve(self.api.commands_by_scope, viewer)

    def file(self, file_id: str) -> tuple[bytes, str]:
        """A stored file's bytes and content type (a photo's from its bytes: the local server
        labels users' photos JPEG whatever they are)."""
        stored: StoredFile | None = self.api.stored_file(file_id)
        if stored is None or (not stored.content and stored.size):
            raise PlaygroundError(404, f"no file {file_id!r}")
        content_type = stored.mime_type or "application/octet-stream"
        if stored.kind == "photo":
            found = (kind for magic, kind in _IMAGE_TYPES if stored.content.startswith(magic))
            content_type = next(found, content_type)
        return stored.content, content_type

    # ----- a persona acting ------------------------------------------------------------------

    def _viewer(self, persona_key: str, chat_id: int) -> tuple[Persona, WorldChat]:
        """The persona and a chat they see (404 for one they do not)."""
        persona, chat = self.persona(persona_key), self.chat(chat_id)
        if persona.key not in chat.visible_to:
            raise PlaygroundError(404, f"{persona.name} has no chat {chat_id}")
        return persona, chat

    def _writer(self, persona_key: str, chat_id: int) -> tuple[Persona, WorldChat]:
        """The persona and a chat they may write in (400 for a channel or an upgraded group)."""
        persona, chat = self._viewer(persona_key, chat_id)
        if not chat.can_write(persona):
            raise PlaygroundError(400, f"{persona.name} cannot write in {chat.title}")
        return persona, chat

    def send(self, persona_key: str, chat_id: int, text: str, thread_id: int | None) -> JSON:
        """The persona writes `text`; a leading /command gets its bot_command entity."""
        persona, chat = self._writer(persona_key, chat_id)
        try:
            if _COMMAND.match(text):
                update = self.api.send_command(
                    chat.id, text, from_user=persona.user_id, thread_id=thread_id
                )
            else:
                update = self.api.send_text(
                    chat.id, text, from_user=persona.user_id, thread_id=thread_id
                )
        except ValueError as error:
            raise PlaygroundError(400, str(error)) from None
        return _message_of(update)

    def send_photo(
        self,
        persona_key: str,
        chat_id: int,
        content: bytes,
        caption: str | None,
        thread_id: int | None,
    ) -> JSON:
        persona, chat = self._writer(persona_key, chat_id)
        if len(content) > PHOTO_LIMIT:
            raise PlaygroundError(400, f"a photo may have at most {PHOTO_LIMIT} bytes")
        try:
            update = self.api.send_photo(
                chat.id,
                caption=caption or None,
                from_user=persona.user_id,
                content=content,
                thread_id=thread_id,
            )
        except ApiError as error:
            raise PlaygroundError(400, f"not a photo Telegram takes: {error.description}") from None
        except ValueError as error:
            raise PlaygroundError(400, str(error)) from None
        return _message_of(update)

    def send_document(
        self,
        persona_key: str,
        chat_id: int,
        file_name: str,
        content: bytes,
        mime_type: str,
        caption: str | None,
        thread_id: int | None,
    ) -> JSON:
        persona, chat = self._writer(persona_key, chat_id)
        if len(content) > DOCUMENT_LIMIT:
            raise PlaygroundError(400, f"a document may have at most {DOCUMENT_LIMIT} bytes")
        try:
            update = self.api.send_document(
                chat.id,
                file_name,
                content,
                mime_type,
                caption=caption or None,
                from_user=persona.user_id,
                thread_id=thread_id,
            )
        except ValueError as error:
            raise PlaygroundError(400, str(error)) from None
        return _message_of(update)

    async def press(
        self, persona_key: str, chat_id: int, message_id: int, callback_data: str
    ) -> JSON:
        """The persona presses a button; the bot's answer to it (or 408)."""
        persona, chat = self._viewer(persona_key, chat_id)
        try:
            update = self.api.press_button(
                chat.id, message_id, callback_data, from_user=persona.user_id
            )
        except ValueError as error:
            raise PlaygroundError(400, str(error)) from None
        answer = await _answered(
            self.api.wait_for_callback_answer(update["callback_query"]["id"], PRESS_TIMEOUT),
            "the button",
        )
        return {key: answer.get(key) for key in ("text", "show_alert", "url")}

    async def inline(self, persona_key: str, chat_id: int, query: str, offset: str) -> JSON:
        """The persona types `@bot query` in the chat (in a channel too, as its admins can): the
        bot's results as it sent them (or 408)."""
        persona, chat = self._viewer(persona_key, chat_id)
        try:
            update = self.api.inline_query(
                persona.user_id, query, offset, chat_type=inline_chat_type(persona, chat)
            )
        except ValueError as error:
            raise PlaygroundError(400, str(error)) from None
        answer = await _answered(
            self.api.wait_for_inline_answer(update["inline_query"]["id"], INLINE_TIMEOUT),
            "the inline query",
        )
        return {"results": answer["results"], "next_offset": answer["next_offset"] or None}

    def choose_inline(
        self, persona_key: str, chat_id: int, query: str, result_id: str, thread_id: int | None
    ) -> JSON:
        """The persona picks a result the bot offered for `query`: it is posted in the chat as
        the persona's message via the bot, and the bot is told of the choice."""
        persona, chat = self._writer(persona_key, chat_id)
        answers = [
            answer
            for answer in reversed(self.api.inline_answers)
            if answer["user_id"] == persona.user_id and answer["query"] == query
        ]
        if not answers:
            raise PlaygroundError(400, f"the bot has answered no inline query {query!r}")
        found = (a for a in answers if any(r.get("id") == result_id for r in a["results"]))
        answer = next(found, None)
        if answer is None:
            raise PlaygroundError(400, f"the bot offered no result {result_id!r} for {query!r}")
        try:
            return self.api.post_inline_result(
                persona.user_id, chat.id, answer, result_id, thread_id=thread_id
            )
        except (ApiError, ValueError) as error:
            raise PlaygroundError(400, str(error)) from None

    def set_language(self, persona_key: str, language: str) -> JSON:
        """The persona's client language: the language_code of what it sends from now on."""
        persona = self.persona(persona_key)
        persona.language = language
        self.api.user(persona.user_id, language_code=language)
        self.hub.publish_state()
        return persona.to_dict()

    def block(self, persona_key: str, blocked: bool) -> JSON:
        """The persona blocks (or unblocks) the bot: Telegram tells the bot, sends get 403."""
        persona = self.persona(persona_key)
        chat = self.world.private_chat(persona)
        if blocked != chat.blocked:
            new, old = ("kicked", "member") if blocked else ("member", "kicked")
            self.api.my_chat_member(chat.id, new, old, from_user=persona.user_id)
            chat.blocked = blocked
            self.hub.publish("chat", {"chat": chat_view(chat)})
        return chat_view(chat)

    # ----- the operator ----------------------------------------------------------------------

    async def add_subscribers(self, count: int) -> int:
        """`count` more private chats, subscribed to alerts; the total."""
        if self.application is None:
            raise PlaygroundError(400, "the bot is not running")
        storage = services_of(self.application).storage
        # Their ids are taken before the first await: two requests at once never share one.
        first = FIRST_SUBSCRIBER_ID + self.world.subscribers
        self.world.subscribers += count
        self.api.add_private_chats(first, count)
        for chat_id in range(first, first + count):
            await subscriptions.subscribe(storage, _SimulatedChat(chat_id), by_user=None)
        self.hub.publish_state()
        return self.world.subscribers

    def set_knobs(self, changes: dict[str, Any]) -> JSON:
        """Apply the changed knobs to the local server; all knobs' values now."""
        knobs = self.knobs
        for name, value in changes.items():
            setattr(knobs, name, value)
        self.api.latency = knobs.latency_ms / 1000
        self.api.clear_faults()
        if knobs.error_rate > 0:
            self.api.fail_randomly(knobs.error_rate, FAILING_METHODS)
        self.api.flood_limits(knobs.flood_limits, global_per_second=knobs.global_per_second)
        self.hub.publish_state()
        return knobs.to_dict()

    def migrate(self, chat_id: int) -> JSON:
        """A basic group becomes a supergroup, as Telegram upgrades one; the new chat."""
        chat = self.chat(chat_id)
        if chat.type != "group":
            raise PlaygroundError(400, f"{chat.title} is a {chat.type}: only groups migrate")
        if chat.migrated_to is not None:
            raise PlaygroundError(400, f"{chat.title} has migrated to {chat.migrated_to} already")
        new_id = int(f"-100{abs(chat.id):010d}")
        new = WorldChat(new_id, "supergroup", chat.title, dict(chat.members), chat.visible_to)
        # Listed first: the service message announcing it in the new chat is the page's too.
        self.world.chats[new_id] = new
        try:
            self.api.migrate(chat.id, new_id, announce=True)
        except ValueError as error:
            del self.world.chats[new_id]
            raise PlaygroundError(400, str(error)) from None
        chat.migrated_to = new_id
        self.hub.publish("chat", {"chat": chat_view(chat)})
        self.hub.publish("chat", {"chat": chat_view(new)})
        return chat_view(new)


def inline_chat_type(persona: Persona, chat: WorldChat) -> str:
    """The chat_type Telegram gives an inline query typed in `chat`: "sender" in the persona's
    private chat with the bot, else the chat's type."""
    if chat.type == "private" and chat.id == persona.user_id:
        return "sender"
    return chat.type


def _message_of(update: JSON) -> JSON:
    message = update.get("message") or update.get("channel_post")
    assert isinstance(message, dict)
    return message


async def _answered(answer: Awaitable[JSON], what: str) -> JSON:
    """The bot's answer to what the persona did, or 408 when it does not come in time."""
    try:
        return await answer
    except TimeoutError:
        raise PlaygroundError(408, f"the bot did not answer {what} in time") from None
