"""Sending text: sendMessage (with its fast path without records) and sendChatAction."""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.encoding import PartlyEncoded
from local_bot_api.errors import bad_request
from local_bot_api.methods.message_parts import (
    admit,
    check_thread,
    inline_markup,
    markup_parameter,
    new_message,
    notification,
    reply_target,
    store_sent,
    text_parameter,
)
from local_bot_api.methods.registry import method
from local_bot_api.models import SentMessage
from local_bot_api.params import Params
from local_bot_api.validation import ValidationCache

CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip


def _send_message_unrecorded(
    backend: Backend, cache: ValidationCache, params: Params
) -> PartlyEncoded:
    """sendMessage without records: the checks of send_message, in its order, with each
    distinct text and keyboard parsed and JSON-encoded once."""
    chat = backend.state.writable_chat(params.chat_ref())
    text = cache.text(
        params.string("text"),
        params.string("parse_mode") or None,
        params.get("entities"),
        lambda: params.json("entities"),
        mention=backend.state.mention,
    )
    markup = cache.markup(params.get("reply_markup"), lambda: params.json("reply_markup"))
    reply_to = reply_target(backend, chat, params)
    check_thread(backend, chat, params)
    admit(backend, chat, params)
    message = new_message(backend, chat, params, reply_to)
    backend.records.message_count += 1
    return PartlyEncoded(message, text.encoded + markup.encoded)


@method("sendMessage")
async def send_message(backend: Backend, params: Params) -> Any:
    if backend.cache is not None:
        return _send_message_unrecorded(backend, backend.cache, params)
    chat = backend.state.writable_chat(params.chat_ref())
    raw_text, parse_mode, text, entities = text_parameter(backend, params, "text", "entities")
    markup = markup_parameter(backend, params)
    reply_to = reply_target(backend, chat, params)
    check_thread(backend, chat, params)
    admit(backend, chat, params)
    message = new_message(backend, chat, params, reply_to)
    message["text"] = text
    if entities:
        message["entities"] = entities
    inline = inline_markup(markup)
    if inline is not None:
        message["reply_markup"] = inline
    store_sent(
        backend,
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
            disable_notification=notification(params),
        ),
    )
    return message


@method("sendChatAction")
async def send_chat_action(backend: Backend, params: Params) -> Any:
    backend.state.writable_chat(params.chat_ref())
    if params.string("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True
