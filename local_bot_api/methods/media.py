"""sendDocument and sendPhoto: files the bot uploads or sends again by file_id."""

from __future__ import annotations

import mimetypes
from typing import Any

import aiohttp

from local_bot_api.backend import Backend
from local_bot_api.errors import bad_request
from local_bot_api.files import StoredFile
from local_bot_api.images import image_size
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
from local_bot_api.params import Params, Upload

# Telegram fetches photos by URL up to 5 MB (TELEGRAM.md), and gives up on a slow server.
_FETCH_MAX_BYTES = 5 * 2**20
_FETCH_TIMEOUT = 10.0

# How Telegram names a file's type in "can't use file of type Document as Photo".
_KIND_NAMES = {"photo": "Photo", "document": "Document"}


def _media(backend: Backend, params: Params, field: str, folder: str) -> StoredFile:
    value = params.get(field)
    if isinstance(value, str) and value.startswith("attach://"):
        value = params.get(value[len("attach://") :])
    if isinstance(value, Upload):
        mime_type = value.content_type
        if not mime_type or mime_type == "application/octet-stream":
            mime_type = mimetypes.guess_type(value.filename)[0] or "application/octet-stream"
        # A photo upload must decode as an image; Telegram re-encodes it and keeps its size.
        size = image_size(value.content) if field == "photo" else None
        return backend.state.files.add(
            value.content,
            value.filename or field,
            mime_type,
            folder,
            keep=backend.record,
            size=size,
        )
    if isinstance(value, str) and value:
        stored = backend.state.files.get(value)
        if stored is not None:
            if stored.kind != field:  # file ids are typed: a document is not a photo
                raise bad_request(
                    f"can't use file of type {_KIND_NAMES[stored.kind]} as {_KIND_NAMES[field]}"
                )
            return stored
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")
    raise bad_request(f"there is no {field} in the request")


async def fetched_photo(backend: Backend, value: object, folder: str) -> StoredFile | None:
    """A photo sent by an http(s) URL (sendPhoto's `photo`, editMessageMedia's `media`), fetched
    as Telegram fetches it (issue 12: a feed's lead photo): stored like an upload, so the answer
    carries a new file_id; None for anything else. A URL that cannot be fetched, or that is no
    image, is refused as Telegram refuses it."""
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return None
    if backend.state.files.get(value) is not None:
        return None
    try:
        timeout = aiohttp.ClientTimeout(total=_FETCH_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(value) as got:
            if got.status != 200:
                raise bad_request("failed to get HTTP URL content")
            content = await got.content.read(_FETCH_MAX_BYTES + 1)
    except (aiohttp.ClientError, TimeoutError):
        raise bad_request("failed to get HTTP URL content") from None
    if len(content) > _FETCH_MAX_BYTES:
        raise bad_request("failed to get HTTP URL content")
    size = image_size(content)  # no image: refused as an upload would be
    name = value.rsplit("/", 1)[-1] or "photo"
    mime_type = mimetypes.guess_type(name)[0] or "image/jpeg"
    return backend.state.files.add(content, name, mime_type, folder, keep=backend.record, size=size)


def media_object(kind: str, stored: StoredFile) -> Any:
    if kind == "photo":
        return [stored.to_photo_size()]
    return stored.to_document()


def _send_media(kind: str, method_name: str, folder: str) -> None:
    async def send(backend: Backend, params: Params) -> Any:
        chat = backend.state.writable_chat(params.chat_ref())
        raw_caption, parse_mode, caption, entities = text_parameter(
            backend, params, "caption", "caption_entities", caption=True
        )
        markup = markup_parameter(backend, params)
        reply_to = reply_target(backend, chat, params)
        fetched = (
            await fetched_photo(backend, params.get("photo"), folder) if kind == "photo" else None
        )
        stored = fetched or _media(backend, params, kind, folder)
        check_thread(backend, chat, params)
        admit(backend, chat, params)
        message = new_message(backend, chat, params, reply_to)
        message[kind] = media_object(kind, stored)
        if caption:
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        inline = inline_markup(markup)
        if inline is not None:
            message["reply_markup"] = inline
        if not backend.record:
            backend.records.message_count += 1
            return message
        store_sent(
            backend,
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
                photo=stored.file_id if kind == "photo" else None,
                disable_notification=notification(params),
            ),
        )
        return message

    method(method_name)(send)


_send_media("document", "sendDocument", "documents")
_send_media("photo", "sendPhoto", "photos")
