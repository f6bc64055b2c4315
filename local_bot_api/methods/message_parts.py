"""What sending and editing share: text, keyboard and reply parameters, new Messages, flood."""

from __future__ import annotations

import time
from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.chats import Chat
from local_bot_api.errors import bad_request, too_many_requests
from local_bot_api.models import JSONDict, SentMessage
from local_bot_api.params import Params
from local_bot_api.validation import prepare_text, validate_reply_markup


def admit(backend: Backend, chat: Chat, params: Params) -> None:
    """Count the send against the flood limits, or refuse it with 429."""
    if not backend.flood.enabled:
        return
    retry_after = backend.flood.admit(
        chat.id, chat.type != "private", params.flag("allow_paid_broadcast"), time.monotonic()
    )
    if retry_after is not None:
        raise too_many_requests(retry_after)


def text_parameter(
    backend: Backend, params: Params, field: str, entities_field: str, caption: bool = False
) -> tuple[str | None, str | None, str, list[JSONDict]]:
    """(raw text, parse_mode, plain text, entities) of a text or caption parameter."""
    raw = params.string(field)
    parse_mode = params.string("parse_mode") or None
    if backend.cache is not None:
        text, entities, _ = backend.cache.text(
            raw,
            parse_mode,
            params.get(entities_field),
            lambda: params.json(entities_field),
            caption=caption,
            mention=backend.state.mention,
        )
    else:
        text, entities = prepare_text(
            raw,
            parse_mode,
            params.json(entities_field),
            caption=caption,
            mention=backend.state.mention,
        )
    return raw, parse_mode, text, entities


def markup_parameter(backend: Backend, params: Params) -> JSONDict | None:
    if backend.cache is not None:
        return backend.cache.markup(
            params.get("reply_markup"), lambda: params.json("reply_markup")
        ).markup
    return validate_reply_markup(params.json("reply_markup"))


def reply_target(backend: Backend, chat: Chat, params: Params) -> JSONDict | None:
    """The reply_to_message of a send (reply_parameters or reply_to_message_id), if any."""
    parameters = params.json("reply_parameters")
    allow_missing = params.flag("allow_sending_without_reply")
    message_id: Any = None
    if isinstance(parameters, dict):
        message_id = parameters.get("message_id")
        allow_missing = bool(parameters.get("allow_sending_without_reply", allow_missing))
    elif params.has("reply_to_message_id"):
        message_id = params.integer("reply_to_message_id")
    if message_id is None:
        return None
    target = backend.state.find_message(chat, int(message_id))
    if target is None and not backend.record and backend.state.issued(chat, int(message_id)):
        # Without records only the id is known: a stand-in with just the id.
        return {
            "message_id": int(message_id),
            "chat": backend.state.chat_dict(chat),
            "date": int(time.time()),
        }
    if target is None:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    # Telegram does not nest replies: the replied-to message comes without its own reply.
    return {key: value for key, value in target.items() if key != "reply_to_message"}


def check_thread(backend: Backend, chat: Chat, params: Params) -> None:
    """A send into a forum's topic names a live one, or gets "message thread not found" (a
    deleted topic, or General's id); outside forums message_thread_id is taken as given."""
    thread_id = params.integer("message_thread_id")
    if thread_id and chat.is_forum:
        backend.state.live_topic(chat, thread_id)


def message_frame(backend: Backend, chat: Chat, message_id: int) -> JSONDict:
    """A bot's Message in `chat`, dated now: id, sender (in channels the channel), chat."""
    chat_object = backend.state.chat_dict(chat)
    sender = (
        {"sender_chat": chat_object} if chat.type == "channel" else {"from": backend.state.bot_dict}
    )
    return {"message_id": message_id, **sender, "chat": chat_object, "date": int(time.time())}


def new_message(
    backend: Backend, chat: Chat, params: Params, reply_to: JSONDict | None
) -> JSONDict:
    """A sent Message without its content: id, sender, chat, date and the send's options."""
    message = message_frame(backend, chat, backend.state.next_message_id(chat))
    thread_id = params.integer("message_thread_id")
    if thread_id:
        message["message_thread_id"] = thread_id
        if chat.is_forum:  # checked live by check_thread
            message["is_topic_message"] = True
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    if params.flag("protect_content"):
        message["has_protected_content"] = True
    return message


def notification(params: Params) -> bool | None:
    """The send's disable_notification as given, None when it was left out (recorded so tests
    can tell a silent send from one with sound, and an explicit false from none)."""
    return params.flag("disable_notification") if params.has("disable_notification") else None


def inline_markup(markup: JSONDict | None) -> JSONDict | None:
    """The part of reply_markup that Telegram keeps on the message (inline keyboards only)."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def store_sent(backend: Backend, chat: Chat, sent: SentMessage) -> None:
    chat.bot_messages[sent.message_id] = sent
    backend.records.message(sent)
