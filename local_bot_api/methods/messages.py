"""Sending, editing and deleting the bot's messages, and answering callback queries."""

from __future__ import annotations

import mimetypes
import time
from typing import Any

from ..backend import Backend
from ..encoding import PartlyEncoded
from ..errors import MESSAGE_NOT_MODIFIED, QUERY_TOO_OLD, bad_request, too_many_requests
from ..models import JSONDict, SentMessage
from ..params import Params, Upload
from ..state import Chat, StoredFile
from ..validation import ValidationCache, prepare_text, validate_reply_markup
from .registry import method

CALLBACK_ANSWER_LIMIT = 200
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip


def _admit(b: Backend, chat: Chat, p: Params) -> None:
    if not b.flood.enabled:
        return
    retry_after = b.flood.admit(
        chat.id, chat.type != "private", p.flag("allow_paid_broadcast"), time.monotonic()
    )
    if retry_after is not None:
        raise too_many_requests(retry_after)


def _text(
    b: Backend, p: Params, field: str, entities_field: str, caption: bool = False
) -> tuple[str | None, str | None, str, list[JSONDict]]:
    """(raw text, parse_mode, plain text, entities) of a text or caption parameter."""
    raw = p.string(field)
    parse_mode = p.string("parse_mode") or None
    if b.cache is not None:
        text, entities, _ = b.cache.text(
            raw,
            parse_mode,
            p.get(entities_field),
            lambda: p.json(entities_field),
            caption=caption,
            mention=b.state.mention,
        )
    else:
        text, entities = prepare_text(
            raw, parse_mode, p.json(entities_field), caption=caption, mention=b.state.mention
        )
    return raw, parse_mode, text, entities


def _markup(b: Backend, p: Params) -> JSONDict | None:
    if b.cache is not None:
        return b.cache.markup(p.get("reply_markup"), lambda: p.json("reply_markup")).markup
    return validate_reply_markup(p.json("reply_markup"))


def _reply_target(b: Backend, chat: Chat, p: Params) -> JSONDict | None:
    parameters = p.json("reply_parameters")
    allow_missing = p.flag("allow_sending_without_reply")
    message_id: Any = None
    if isinstance(parameters, dict):
        message_id = parameters.get("message_id")
        allow_missing = bool(parameters.get("allow_sending_without_reply", allow_missing))
    elif p.has("reply_to_message_id"):
        message_id = p.integer("reply_to_message_id")
    if message_id is None:
        return None
    target = b.state.find_message(chat, int(message_id))
    if target is None and not b.record and b.state.issued(chat, int(message_id)):
        # Without records only the id is known: a stand-in with just the id.
        return {
            "message_id": int(message_id),
            "chat": b.state.chat_dict(chat),
            "date": int(time.time()),
        }
    if target is None:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    # Telegram does not nest replies: the replied-to message comes without its own reply.
    return {key: value for key, value in target.items() if key != "reply_to_message"}


def _new_message(b: Backend, chat: Chat, p: Params, reply_to: JSONDict | None) -> JSONDict:
    message: JSONDict = {"message_id": b.state.next_message_id(chat)}
    chat_object = b.state.chat_dict(chat)
    if chat.type == "channel":
        message["sender_chat"] = chat_object
    else:
        message["from"] = b.state.bot_dict
    message["chat"] = chat_object
    message["date"] = int(time.time())
    thread_id = p.integer("message_thread_id")
    if thread_id:
        message["message_thread_id"] = thread_id
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    if p.flag("protect_content"):
        message["has_protected_content"] = True
    return message


def _inline(markup: JSONDict | None) -> JSONDict | None:
    """The part of reply_markup that Telegram keeps on the message (inline keyboards only)."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def _store(b: Backend, chat: Chat, sent: SentMessage) -> None:
    chat.bot_messages[sent.message_id] = sent
    b.records.message(sent)


def _send_message_unrecorded(b: Backend, cache: ValidationCache, p: Params) -> PartlyEncoded:
    """sendMessage without records: the checks of send_message, in its order, with each
    distinct text and keyboard parsed and JSON-encoded once."""
    chat = b.state.writable_chat(p.chat_ref())
    text = cache.text(
        p.string("text"),
        p.string("parse_mode") or None,
        p.get("entities"),
        lambda: p.json("entities"),
        mention=b.state.mention,
    )
    markup = cache.markup(p.get("reply_markup"), lambda: p.json("reply_markup"))
    reply_to = _reply_target(b, chat, p)
    _admit(b, chat, p)
    message = _new_message(b, chat, p, reply_to)
    b.records.message_count += 1
    return PartlyEncoded(message, text.encoded + markup.encoded)


@method("sendMessage")
async def send_message(b: Backend, p: Params) -> Any:
    if b.cache is not None:
        return _send_message_unrecorded(b, b.cache, p)
    chat = b.state.writable_chat(p.chat_ref())
    raw_text, parse_mode, text, entities = _text(b, p, "text", "entities")
    markup = _markup(b, p)
    reply_to = _reply_target(b, chat, p)
    _admit(b, chat, p)
    message = _new_message(b, chat, p, reply_to)
    message["text"] = text
    if entities:
        message["entities"] = entities
    inline = _inline(markup)
    if inline is not None:
        message["reply_markup"] = inline
    _store(
        b,
        chat,
        SentMessage(
            chat.id,
            message["message_id"],
            text,
            raw_text,
            parse_mode,
            entities,
            markup,
            "sendMessage",
            False,
            message["date"],
            message,
        ),
    )
    return message


def _media(b: Backend, p: Params, field: str, folder: str) -> StoredFile:
    value = p.get(field)
    if isinstance(value, str) and value.startswith("attach://"):
        value = p.get(value[len("attach://") :])
    if isinstance(value, Upload):
        mime_type = value.content_type
        if not mime_type or mime_type == "application/octet-stream":
            mime_type = mimetypes.guess_type(value.filename)[0] or "application/octet-stream"
        return b.state.add_file(
            value.content, value.filename or field, mime_type, folder, keep=b.record
        )
    if isinstance(value, str) and value:
        stored = b.state.files.get(value)
        if stored is not None:
            return stored
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")
    raise bad_request(f"there is no {field} in the request")


def _media_object(kind: str, stored: StoredFile) -> Any:
    if kind == "photo":
        return [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 1280,
                "height": 720,
                "file_size": stored.size,
            }
        ]
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
        "file_size": stored.size,
    }


def _send_media(kind: str, method_name: str, folder: str) -> None:
    async def send(b: Backend, p: Params) -> Any:
        chat = b.state.writable_chat(p.chat_ref())
        raw_caption, parse_mode, caption, entities = _text(
            b, p, "caption", "caption_entities", caption=True
        )
        markup = _markup(b, p)
        reply_to = _reply_target(b, chat, p)
        stored = _media(b, p, kind, folder)
        _admit(b, chat, p)
        message = _new_message(b, chat, p, reply_to)
        message[kind] = _media_object(kind, stored)
        if caption:
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        inline = _inline(markup)
        if inline is not None:
            message["reply_markup"] = inline
        if not b.record:
            b.records.message_count += 1
            return message
        _store(
            b,
            chat,
            SentMessage(
                chat.id,
                message["message_id"],
                caption,
                raw_caption,
                parse_mode,
                entities,
                markup,
                method_name,
                False,
                message["date"],
                message,
            ),
        )
        return message

    method(method_name)(send)


_send_media("document", "sendDocument", "documents")
_send_media("photo", "sendPhoto", "photos")


def _editable(b: Backend, p: Params) -> tuple[Chat, SentMessage | int]:
    """The chat and the message to edit; without records only the message's id is known."""
    if p.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = b.state.writable_chat(p.chat_ref())
    message_id = p.required_int("message_id", "message identifier is not specified")
    if not b.record:
        if not b.state.issued(chat, message_id):
            raise bad_request("message to edit not found")
        return chat, message_id
    current = chat.bot_messages.get(message_id)
    if current is None:
        if message_id in chat.user_messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return chat, current


def _apply_edit(
    b: Backend,
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
) -> JSONDict:
    inline = _inline(markup)
    if isinstance(current, int):
        return _unrecorded_edit(b, chat, current, text_key, entities_key, text, entities, inline)
    if (
        current.text == text
        and current.entities == entities
        and _inline(current.reply_markup) == inline
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
    message["edit_date"] = int(time.time())
    _store(
        b,
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
        ),
    )
    return message


def _unrecorded_edit(
    b: Backend,
    chat: Chat,
    message_id: int,
    text_key: str,
    entities_key: str,
    text: str,
    entities: list[JSONDict],
    inline: JSONDict | None,
) -> JSONDict:
    """An edit without records: nothing to compare with, so the Message has what the edit set."""
    message: JSONDict = {"message_id": message_id}
    chat_object = b.state.chat_dict(chat)
    if chat.type == "channel":
        message["sender_chat"] = chat_object
    else:
        message["from"] = b.state.bot_dict
    message["chat"] = chat_object
    now = int(time.time())
    message["date"] = now
    if text:
        message[text_key] = text
    if entities:
        message[entities_key] = entities
    if inline is not None:
        message["reply_markup"] = inline
    message["edit_date"] = now
    b.records.message_count += 1
    return message


@method("editMessageText")
async def edit_message_text(b: Backend, p: Params) -> Any:
    chat, current = _editable(b, p)
    if not isinstance(current, int) and "text" not in current.raw:
        raise bad_request("there is no text in the message to edit")
    raw_text, parse_mode, text, entities = _text(b, p, "text", "entities")
    markup = _markup(b, p)
    return _apply_edit(
        b, chat, current, "editMessageText", "text", "entities",
        text, raw_text, parse_mode, entities, markup,
    )  # fmt: skip


@method("editMessageCaption")
async def edit_message_caption(b: Backend, p: Params) -> Any:
    chat, current = _editable(b, p)
    if not isinstance(current, int) and "text" in current.raw:
        raise bad_request("there is no caption in the message to edit")
    raw_caption, parse_mode, caption, entities = _text(
        b, p, "caption", "caption_entities", caption=True
    )
    markup = _markup(b, p)
    return _apply_edit(
        b, chat, current, "editMessageCaption", "caption", "caption_entities",
        caption, raw_caption, parse_mode, entities, markup,
    )  # fmt: skip


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(b: Backend, p: Params) -> Any:
    chat, current = _editable(b, p)
    markup = _markup(b, p)
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    if isinstance(current, int):
        inline = _inline(markup)
        return _unrecorded_edit(b, chat, current, "text", "entities", "", [], inline)
    is_text = "text" in current.raw
    return _apply_edit(
        b,
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


def _delete(b: Backend, chat: Chat, message_id: int) -> bool:
    if not b.record:
        # Nothing is kept to delete, and deleting twice cannot be told apart.
        return b.state.issued(chat, message_id)
    if chat.bot_messages.pop(message_id, None) is None and (
        chat.user_messages.pop(message_id, None) is None
    ):
        return False
    b.records.deletion(chat.id, message_id)
    return True


@method("deleteMessage")
async def delete_message(b: Backend, p: Params) -> Any:
    chat = b.state.chat_or_error(p.chat_ref())
    message_id = p.required_int("message_id", "message identifier is not specified")
    if not _delete(b, chat, message_id):
        raise bad_request("message to delete not found")
    return True


@method("deleteMessages")
async def delete_messages(b: Backend, p: Params) -> Any:
    chat = b.state.chat_or_error(p.chat_ref())
    message_ids = p.json("message_ids")
    if not isinstance(message_ids, list) or not 1 <= len(message_ids) <= 100:
        raise bad_request("message_ids must be a list of 1-100 message identifiers")
    for message_id in message_ids:
        _delete(b, chat, int(message_id))
    return True


@method("answerCallbackQuery")
async def answer_callback_query(b: Backend, p: Params) -> Any:
    query_id = p.string("callback_query_id")
    text = p.string("text")
    if text is not None and len(text) > CALLBACK_ANSWER_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")
    if not query_id or b.state.take_callback(query_id) is None:
        raise bad_request(QUERY_TOO_OLD)
    b.records.callback_answer(
        {
            "callback_query_id": query_id,
            "text": text,
            "show_alert": p.flag("show_alert"),
            "url": p.string("url"),
            "cache_time": p.integer("cache_time", 0),
        }
    )
    return True


@method("sendChatAction")
async def send_chat_action(b: Backend, p: Params) -> Any:
    b.state.writable_chat(p.chat_ref())
    if p.string("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True
