"""Editing and deleting the bot's messages."""

from __future__ import annotations

import time
from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.chats import Chat
from local_bot_api.errors import MESSAGE_NOT_MODIFIED, bad_request
from local_bot_api.files import StoredFile
from local_bot_api.methods.media import fetched_photo, media_object
from local_bot_api.methods.message_parts import (
    admit,
    inline_markup,
    markup_parameter,
    message_frame,
    store_sent,
    text_parameter,
)
from local_bot_api.methods.registry import method
from local_bot_api.models import JSONDict, SentMessage
from local_bot_api.params import Params
from local_bot_api.validation import prepare_text

# Telegram lets a bot delete its messages only this long after they were sent (TELEGRAM.md).
DELETE_WINDOW = 48 * 3600


def _editable(backend: Backend, params: Params) -> tuple[Chat, SentMessage | int]:
    """The chat and the message to edit; without records only the message's id is known."""
    if params.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = backend.state.writable_chat(params.chat_ref())
    message_id = params.required_int("message_id", "message identifier is not specified")
    admit(backend, chat, params)  # edits count against the same flood limits as sends
    if not backend.record:
        if not backend.state.issued(chat, message_id):
            raise bad_request("message to edit not found")
        return chat, message_id
    current = chat.bot_messages.get(message_id)
    if current is None:
        if message_id in chat.user_messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return chat, current


def _apply_edit(
    backend: Backend,
    chat: Chat,
    current: SentMessage | int,
    method_name: str,
    text_key: str,
    entities_key: str,
    text: str,
    raw_text: str | None,
    parse_mode: str | None,
    entities: list[JSONDict],
    markup: JSONDict | None,
    photo: StoredFile | None = None,
) -> JSONDict:
    inline = inline_markup(markup)
    if isinstance(current, int):
        message = _unrecorded_edit(
            backend, chat, current, text_key, entities_key, text, entities, inline
        )
        if photo is not None:
            message["photo"] = media_object("photo", photo)
        return message
    if (
        current.text == text
        and current.entities == entities
        and inline_markup(current.reply_markup) == inline
        and (photo is None or photo.file_id == current.photo)
    ):
        raise bad_request(MESSAGE_NOT_MODIFIED)
    message = {
        key: value
        for key, value in current.raw.items()
        if key not in (entities_key, "reply_markup", text_key)
    }
    if text:
        message[text_key] = text
    if entities:
        message[entities_key] = entities
    if inline is not None:
        message["reply_markup"] = inline
    if photo is not None:
        message["photo"] = media_object("photo", photo)
    message["edit_date"] = int(time.time())
    store_sent(
        backend,
        chat,
        SentMessage(
            chat.id,
            current.message_id,
            text,
            raw_text,
            parse_mode,
            entities,
            markup,
            method_name,
            True,
            current.date,
            message,
            photo=current.photo if photo is None else photo.file_id,
        ),
    )
    return message


def _unrecorded_edit(
    backend: Backend,
    chat: Chat,
    message_id: int,
    text_key: str,
    entities_key: str,
    text: str,
    entities: list[JSONDict],
    inline: JSONDict | None,
) -> JSONDict:
    """An edit without records: nothing to compare with, so the Message has what the edit set."""
    message = message_frame(backend, chat, message_id)
    if text:
        message[text_key] = text
    if entities:
        message[entities_key] = entities
    if inline is not None:
        message["reply_markup"] = inline
    message["edit_date"] = message["date"]
    backend.records.message_count += 1
    return message


@method("editMessageText")
async def edit_message_text(backend: Backend, params: Params) -> Any:
    chat, current = _editable(backend, params)
    if not isinstance(current, int) and "text" not in current.raw:
        raise bad_request("there is no text in the message to edit")
    raw_text, parse_mode, text, entities = text_parameter(backend, params, "text", "entities")
    markup = markup_parameter(backend, params)
    return _apply_edit(
        backend, chat, current, "editMessageText", "text", "entities",
        text, raw_text, parse_mode, entities, markup,
    )  # fmt: skip


@method("editMessageCaption")
async def edit_message_caption(backend: Backend, params: Params) -> Any:
    chat, current = _editable(backend, params)
    if not isinstance(current, int) and "text" in current.raw:
        raise bad_request("there is no caption in the message to edit")
    raw_caption, parse_mode, caption, entities = text_parameter(
        backend, params, "caption", "caption_entities", caption=True
    )
    markup = markup_parameter(backend, params)
    return _apply_edit(
        backend, chat, current, "editMessageCaption", "caption", "caption_entities",
        caption, raw_caption, parse_mode, entities, markup,
    )  # fmt: skip


@method("editMessageMedia")
async def edit_message_media(backend: Backend, params: Params) -> Any:
    """A photo message's photo swapped (with its caption): only photos, as newsbot sends."""
    chat, current = _editable(backend, params)
    if not isinstance(current, int) and "text" in current.raw:
        raise bad_request("there is no media in the message to edit")
    media = params.json("media")
    if not isinstance(media, dict) or not media.get("type"):
        raise bad_request("can't parse InputMedia: media not found")
    if media["type"] != "photo":
        raise bad_request(f"unsupported media type {media['type']!r} in this local server")
    stored = await fetched_photo(backend, media.get("media"), "photos")
    stored = stored or backend.state.files.get(str(media.get("media", "")))
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != "photo":
        raise bad_request("can't use file of type Document as Photo")
    raw_caption = media.get("caption")
    parse_mode = media.get("parse_mode") or None
    caption, entities = prepare_text(
        raw_caption or "",
        parse_mode,
        media.get("caption_entities"),
        caption=True,
        mention=backend.state.mention,
    )
    markup = markup_parameter(backend, params)
    return _apply_edit(
        backend, chat, current, "editMessageMedia", "caption", "caption_entities",
        caption, raw_caption, parse_mode, entities, markup, stored,
    )  # fmt: skip


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(backend: Backend, params: Params) -> Any:
    chat, current = _editable(backend, params)
    markup = markup_parameter(backend, params)
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    if isinstance(current, int):
        inline = inline_markup(markup)
        return _unrecorded_edit(backend, chat, current, "text", "entities", "", [], inline)
    is_text = "text" in current.raw
    return _apply_edit(
        backend,
        chat,
        current,
        "editMessageReplyMarkup",
        "text" if is_text else "caption",
        "entities" if is_text else "caption_entities",
        current.text,
        current.html,
        current.parse_mode,
        current.entities,
        markup,
    )


def _delete(backend: Backend, chat: Chat, message_id: int) -> bool:
    if not backend.record:
        # Nothing is kept to delete, and deleting twice cannot be told apart.
        return backend.state.issued(chat, message_id)
    sent = chat.bot_messages.get(message_id)
    if sent is not None and sent.date < time.time() - DELETE_WINDOW:
        raise bad_request("message can't be deleted for everyone")
    if chat.bot_messages.pop(message_id, None) is None and (
        chat.user_messages.pop(message_id, None) is None
    ):
        return False
    backend.records.deletion(chat.id, message_id)
    return True


@method("deleteMessage")
async def delete_message(backend: Backend, params: Params) -> Any:
    chat = backend.state.chat_or_error(params.chat_ref())
    message_id = params.required_int("message_id", "message identifier is not specified")
    if not _delete(backend, chat, message_id):
        raise bad_request("message to delete not found")
    return True


@method("deleteMessages")
async def delete_messages(backend: Backend, params: Params) -> Any:
    chat = backend.state.chat_or_error(params.chat_ref())
    message_ids = params.json("message_ids")
    if not isinstance(message_ids, list) or not 1 <= len(message_ids) <= 100:
        raise bad_request("message_ids must be a list of 1-100 message identifiers")
    for message_id in message_ids:
        _delete(backend, chat, int(message_id))
    return True
