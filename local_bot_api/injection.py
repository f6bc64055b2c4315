"""Turning simulated user activity into the Updates the bot will receive from getUpdates."""

from __future__ import annotations

import re
import time
from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.chats import Chat, forbidden_text
from local_bot_api.errors import ApiError
from local_bot_api.html_entities import utf16_len
from local_bot_api.images import image_size, png_bytes
from local_bot_api.models import BotApiUser, JSONDict
from local_bot_api.objects import member_dict
from local_bot_api.validation import prepare_text

UserRef = int | BotApiUser | None

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?")
# Telegram's limit on what a user types after the bot's name in inline mode.
INLINE_QUERY_LIMIT = 256
_INLINE_CHAT_TYPES = ("sender", "private", "group", "supergroup", "channel")


class Injector:
    """Simulated user activity: each call queues the Update Telegram would send the bot.

    LocalBotApi exposes these methods as its own; ``backend`` is the server they act on.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def _sender(self, chat: Chat, from_user: UserRef) -> BotApiUser:
        state = self.backend.state
        if isinstance(from_user, BotApiUser):
            state.users[from_user.id] = from_user
            user = from_user
        elif from_user is not None:
            user = state.get_user(from_user)
        elif chat.type == "private":
            user = state.get_user(chat.id)
        else:
            candidates = [chat.creator] if chat.creator is not None else []
            candidates += sorted(chat.admins - {self.backend.bot.id})
            candidates += sorted(chat.members - {self.backend.bot.id})
            if not candidates:
                raise ValueError(f"from_user is required for chat {chat.id} ({chat.type})")
            user = state.get_user(candidates[0])
        if chat.type in ("group", "supergroup"):
            chat.members.add(user.id)
        return user

    def _user_message(
        self, chat_id: int, from_user: UserRef, content: JSONDict, thread_id: int | None = None
    ) -> JSONDict:
        state = self.backend.state
        chat = state.activity_chat(chat_id)
        topic = None
        if thread_id is not None:  # a user can only write into a live topic
            try:
                topic = state.live_topic(chat, thread_id)
            except ApiError as error:
                raise ValueError(f"chat {chat_id}: {error.description}") from None
        message: JSONDict = {"message_id": state.next_message_id(chat)}
        chat_object = state.chat_dict(chat)
        if chat.type == "channel":
            message["sender_chat"] = chat_object
            kind = "channel_post"
        else:
            message["from"] = self._sender(chat, from_user).to_dict()
            kind = "message"
        if topic is not None:
            # As Telegram has it: in its topic, replying to the message that created it.
            message["message_thread_id"] = topic.message_thread_id
            message["is_topic_message"] = True
            message["reply_to_message"] = state.topic_created_message(chat, topic, message["from"])
        message["chat"] = chat_object
        message["date"] = int(time.time())
        message.update(content)
        if state.record:
            chat.user_messages[message["message_id"]] = message
        self.backend.records.user_message(chat.id, message)
        return self.backend.updates.push(kind, message)

    def service_message(self, chat_id: int, content: JSONDict) -> JSONDict:
        """A service message (``content`` like {"migrate_to_chat_id": …}) from a chat member."""
        chat = self.backend.state.chats[chat_id]
        sender = chat.creator if chat.creator is not None else min(chat.members, default=None)
        if sender is None:
            sender = self.backend.state.user(1).id
        return self._user_message(chat_id, sender, content)

    def send_text(
        self,
        chat_id: int,
        text: str,
        from_user: UserRef = None,
        entities: list[JSONDict] | None = None,
        *,
        thread_id: int | None = None,
    ) -> JSONDict:
        """A user writes ``text``; ``entities`` use UTF-16 offsets like the Bot API.
        ``thread_id``: in that topic of a forum (None: General, or not a forum)."""
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self._user_message(chat_id, from_user, content, thread_id)

    def send_command(
        self,
        chat_id: int,
        command: str,
        from_user: UserRef = None,
        *,
        thread_id: int | None = None,
    ) -> JSONDict:
        """Like send_text, with the bot_command entity Telegram adds for a leading /command."""
        match = _COMMAND.match(command)
        if match is None:
            raise ValueError(f"{command!r} does not start with a /command")
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
        return self.send_text(chat_id, command, from_user, [entity], thread_id=thread_id)

    def edit_text(
        self, chat_id: int, message_id: int, text: str, entities: list[JSONDict] | None = None
    ) -> JSONDict:
        """The author edits their earlier message ``message_id`` (from send_text, send_command
        or send_document) to ``text``: an ``edited_message`` (``edited_channel_post`` in a
        channel) with ``edit_date``, as Telegram sends. A leading /command gets its entity."""
        chat = self.backend.state.chats.get(chat_id)
        original = chat.user_messages.get(message_id) if chat is not None else None
        if chat is None or original is None:
            raise ValueError(f"no user message {message_id} in chat {chat_id} (record=True?)")
        if entities is None and (match := _COMMAND.match(text)) is not None:
            entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}]
        edited = {k: v for k, v in original.items() if k not in ("text", "entities", "caption")}
        edited["text"] = text
        if entities:
            edited["entities"] = entities
        edited["edit_date"] = int(time.time())
        chat.user_messages[message_id] = edited
        self.backend.records.user_message(chat_id, edited, edited=True)
        kind = "edited_channel_post" if chat.type == "channel" else "edited_message"
        return self.backend.updates.push(kind, edited)

    def send_document(
        self,
        chat_id: int,
        filename: str,
        content: bytes,
        mime_type: str = "text/plain",
        caption: str | None = None,
        from_user: UserRef = None,
        *,
        thread_id: int | None = None,
    ) -> JSONDict:
        """A user sends a file (``thread_id``: into that forum topic)."""
        stored = self.backend.state.files.add(content, filename, mime_type, "documents")
        document: JSONDict = {"document": stored.to_document()}
        if caption:
            document["caption"] = caption
        return self._user_message(chat_id, from_user, document, thread_id)

    def send_photo(
        self,
        chat_id: int,
        caption: str | None = None,
        entities: list[JSONDict] | None = None,
        from_user: UserRef = None,
        *,
        width: int = 1280,
        height: int = 720,
        content: bytes | None = None,
        thread_id: int | None = None,
    ) -> JSONDict:
        """A user sends a photo (``content``, or a PNG of ``width`` x ``height``) with an
        optional caption; a leading /command in it gets its ``bot_command`` entity, as
        Telegram adds one. The photo comes in two sizes, the largest last, each a stored file
        whose file_id sendPhoto accepts (and sendDocument refuses). ``thread_id``: into that
        forum topic."""
        data = png_bytes(width, height) if content is None else content
        width, height = image_size(data)
        scale = min(1.0, 320 / max(width, height))
        small = (max(1, round(width * scale)), max(1, round(height * scale)))
        sizes = []
        for size in (small, (width, height)):
            stored = self.backend.state.files.add(
                data, "photo.jpg", "image/jpeg", "photos", size=size
            )
            sizes.append(stored.to_photo_size())
        content_object: JSONDict = {"photo": sizes}
        if caption:
            content_object["caption"] = caption
            if entities is None and (match := _COMMAND.match(caption)) is not None:
                entities = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
                ]
            if entities:
                content_object["caption_entities"] = entities
        return self._user_message(chat_id, from_user, content_object, thread_id)

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        from_user: UserRef = None,
        *,
        check: bool = True,
    ) -> JSONDict:
        """A user presses an inline button of the bot's message ``message_id``.

        With ``check`` (the default) the message must currently show a button with this
        callback_data, as in a real client; pass ``check=False`` to simulate a stale keyboard.

        Without records (``record=False``) the message is not kept: only its id is checked, and
        the callback query carries a stand-in with the message's id, chat and date.
        """
        state = self.backend.state
        if not state.record:
            return self._unrecorded_press(chat_id, message_id, callback_data, from_user)
        chat = state.chats.get(chat_id)
        sent = chat.bot_messages.get(message_id) if chat is not None else None
        if chat is None or sent is None:
            raise ValueError(f"the bot has no message {message_id} in chat {chat_id}")
        if check and callback_data not in sent.callback_data:
            raise ValueError(
                f"message {message_id} in chat {chat_id} has no button with callback_data "
                f"{callback_data!r}; its buttons carry {sent.callback_data!r}"
            )
        return self._callback_query(chat, message_id, sent.raw, callback_data, from_user)

    def _unrecorded_press(
        self, chat_id: int, message_id: int, callback_data: str, from_user: UserRef
    ) -> JSONDict:
        state = self.backend.state
        chat = state.find_chat(chat_id)
        if chat is None or not state.issued(chat, message_id):
            raise ValueError(f"the bot has no message {message_id} in chat {chat_id}")
        if chat.virtual and chat.type != "private":
            chat = state.ensure_chat(chat_id)  # the presser joins the group's members
        chat_object = state.chat_dict(chat)
        stand_in: JSONDict = {"message_id": message_id}
        if chat.type == "channel":
            stand_in["sender_chat"] = chat_object
        else:
            stand_in["from"] = state.bot_dict
        stand_in["chat"] = chat_object
        stand_in["date"] = int(time.time())
        return self._callback_query(chat, message_id, stand_in, callback_data, from_user)

    def _callback_query(
        self,
        chat: Chat,
        message_id: int,
        message: JSONDict,
        callback_data: str,
        from_user: UserRef,
    ) -> JSONDict:
        state = self.backend.state
        user = self._sender(chat, from_user)
        query_id = state.issue_callback(chat.id, message_id, user.id)
        query: JSONDict = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message,
            "chat_instance": str(abs(chat.id) * 7919 % 10**12),
            "data": callback_data,
        }
        return self.backend.updates.push("callback_query", query)

    def inject_update(self, update: JSONDict) -> JSONDict:
        """Queue any update (the update_id is assigned here); returns it."""
        return self.backend.updates.push_raw(dict(update))

    def my_chat_member(
        self,
        chat_id: int,
        new_status: str = "administrator",
        old_status: str = "left",
        from_user: UserRef = None,
    ) -> JSONDict:
        """The bot's membership changes; the chat's state follows (e.g. "kicked" => 403s)."""
        state = self.backend.state
        chat = state.ensure_chat(chat_id)
        if from_user is None and chat.type == "channel" and chat.creator is None:
            raise ValueError("from_user is required for channels without a creator")
        user = self._sender(chat, from_user if from_user is not None else chat.creator)
        if new_status in ("kicked", "left"):
            chat.forbidden = forbidden_text(
                chat, "blocked" if chat.type == "private" else new_status
            )
            chat.bot_is_admin = False
        else:
            chat.forbidden = None
            chat.bot_is_admin = new_status in ("administrator", "creator")
        payload: dict[str, Any] = {
            "chat": state.chat_dict(chat),
            "from": user.to_dict(),
            "date": int(time.time()),
            "old_chat_member": member_dict(state.bot_dict, old_status, chat_type=chat.type),
            "new_chat_member": member_dict(state.bot_dict, new_status, chat_type=chat.type),
        }
        return self.backend.updates.push("my_chat_member", payload)

    def reaction_count(self, chat_id: int, message_id: int, totals: dict[str, int]) -> JSONDict:
        """Telegram reports the anonymous reaction totals of a message (issue 13): a
        ``message_reaction_count`` update, sent only where the bot is an administrator.
        ``totals``: an emoji, ``custom:<custom_emoji_id>`` or ``paid``, each with its count."""
        state = self.backend.state
        chat = state.chats.get(chat_id)
        if chat is None or not chat.bot_is_admin:
            raise ValueError(f"the bot is no administrator of chat {chat_id}: no reaction counts")
        reactions = []
        for key, total in totals.items():
            if key == "paid":
                kind: JSONDict = {"type": "paid"}
            elif key.startswith("custom:"):
                kind = {"type": "custom_emoji", "custom_emoji_id": key.removeprefix("custom:")}
            else:
                kind = {"type": "emoji", "emoji": key}
            reactions.append({"type": kind, "total_count": total})
        payload: JSONDict = {
            "chat": state.chat_dict(chat),
            "message_id": message_id,
            "date": int(time.time()),
            "reactions": reactions,
        }
        return self.backend.updates.push("message_reaction_count", payload)

    def inline_query(
        self, user_id: int, query: str, offset: str = "", chat_type: str | None = "private"
    ) -> JSONDict:
        """The user types ``@bot query`` (issue 13): an ``inline_query`` update, to be answered
        with answerInlineQuery; ``offset`` is the next_offset of an answer, for its next page.
        ``chat_type``: where the user types (None: a client that does not say)."""
        if len(query) > INLINE_QUERY_LIMIT:
            raise ValueError(f"an inline query has at most {INLINE_QUERY_LIMIT} characters")
        if chat_type is not None and chat_type not in _INLINE_CHAT_TYPES:
            raise ValueError(f"chat_type must be one of {_INLINE_CHAT_TYPES}")
        state = self.backend.state
        user = state.get_user(user_id)
        payload: JSONDict = {
            "id": state.issue_inline(user.id, query),
            "from": user.to_dict(),
            "query": query,
            "offset": offset,
        }
        if chat_type is not None:
            payload["chat_type"] = chat_type
        return self.backend.updates.push("inline_query", payload)

    def choose_inline_result(
        self,
        user_id: int,
        result_id: str,
        query: str,
        inline_message_id: str | None = None,
        *,
        check: bool = True,
    ) -> JSONDict:
        """The user picks result ``result_id`` of an answer to their ``query`` and it is
        posted: a ``chosen_inline_result`` update, which Telegram sends only with inline
        feedback on (@BotFather, /setinlinefeedback). ``inline_message_id`` names the posted
        message (Telegram gives one when the result has a keyboard). With ``check`` the bot
        must have offered this result to this user; ``check=False`` forges a choice."""
        if check and not any(
            answer["user_id"] == user_id
            and any(result.get("id") == result_id for result in answer["results"])
            for answer in self.backend.records.inline_answers
        ):
            raise ValueError(f"the bot offered no result {result_id!r} to user {user_id}")
        user = self.backend.state.get_user(user_id)
        payload: JSONDict = {"result_id": result_id, "from": user.to_dict(), "query": query}
        if inline_message_id is not None:
            payload["inline_message_id"] = inline_message_id
        return self.backend.updates.push("chosen_inline_result", payload)

    def post_inline_result(
        self,
        user_id: int,
        chat_id: int,
        answer_or_query_id: JSONDict | str,
        result_id: str,
        thread_id: int | None = None,
        *,
        feedback: bool = True,
    ) -> JSONDict:
        """The user picks result ``result_id`` of the bot's answer (an ``inline_answers``
        record, or the id of the query it answered) in ``chat_id``: the result is posted there
        as the user's message ``via_bot`` the bot, as Telegram's clients post it (its
        input_message_content parsed like sendMessage's text, or a cached photo with its
        caption; its inline keyboard kept). With ``feedback`` (inline feedback on in
        @BotFather) a ``chosen_inline_result`` follows, with an ``inline_message_id`` when the
        result has a keyboard. Returns the posted Message."""
        answer = self._inline_answer(answer_or_query_id)
        result = next((r for r in answer["results"] if r.get("id") == result_id), None)
        if result is None:
            raise ValueError(f"the bot's answer offered no result {result_id!r}")
        content = self._result_content(result)
        content["via_bot"] = self.backend.state.bot_dict
        markup = result.get("reply_markup")
        if markup is not None:
            content["reply_markup"] = markup
        update = self._user_message(chat_id, user_id, content, thread_id)
        if feedback:
            inline_message_id = None
            if markup is not None:  # Telegram names a posted result only when it can be edited
                inline_message_id = f"local-{self.backend.state.serial()}"
            self.choose_inline_result(
                user_id, result_id, answer["query"], inline_message_id, check=False
            )
        message = update.get("message") or update["channel_post"]
        assert isinstance(message, dict)
        return message

    def _inline_answer(self, answer_or_query_id: JSONDict | str) -> JSONDict:
        if isinstance(answer_or_query_id, dict):
            return answer_or_query_id
        found = (
            answer
            for answer in self.backend.records.inline_answers
            if answer["inline_query_id"] == answer_or_query_id
        )
        answer = next(found, None)
        if answer is None:
            raise ValueError(f"the bot has not answered inline query {answer_or_query_id!r}")
        return answer

    def _result_content(self, result: JSONDict) -> JSONDict:
        """What posting ``result`` shows: its input_message_content (text only here), else its
        cached photo with the caption; both parsed as sendMessage and sendPhoto parse them."""
        mention = self.backend.state.mention
        given = result.get("input_message_content")
        if isinstance(given, dict) and "message_text" in given:
            text, entities = prepare_text(
                given["message_text"],
                given.get("parse_mode"),
                given.get("entities"),
                mention=mention,
            )
            return {"text": text, "entities": entities} if entities else {"text": text}
        if given is not None:
            raise ValueError("only text input_message_content is posted by the local server")
        stored = self.backend.state.files.get(str(result.get("photo_file_id", "")))
        if result.get("type") != "photo" or stored is None:
            raise ValueError(f"result {result.get('id')!r} is no text and no cached photo")
        content: JSONDict = {"photo": [stored.to_photo_size()]}
        if "caption" in result:
            caption, entities = prepare_text(
                result["caption"],
                result.get("parse_mode"),
                result.get("caption_entities"),
                caption=True,
                mention=mention,
            )
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return content
