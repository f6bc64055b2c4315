"""An editor's lead photo, from the message that brings it: for a new article's draft and for a
correction alike.

A photo is kept by its largest size. An image sent as a file (a document of a type sendPhoto
takes) is taken too, but Telegram's file ids are typed (a document's cannot be sent with
sendPhoto: "can't use file of type Document as Photo"), so it is downloaded once and uploaded as a
photo into the editor's chat, and that photo's file_id is kept: every later send reuses it,
nothing is uploaded again.
"""

from __future__ import annotations

import functools
import operator
from typing import Final

from telegram import Bot, InputFile, Message
from telegram.constants import FileSizeLimit
from telegram.error import BadRequest
from telegram.ext import filters

from bot.limits import PHOTO_FILE_TYPES
from bot.news.articles import Problem
from bot.telegram.photos import stored_photo
from bot.telegram.retries import download
from storage import Photo

# The messages `brings_photo` accepts, as a handler's filter.
PHOTO_MESSAGES: Final = filters.PHOTO | functools.reduce(
    operator.or_, (filters.Document.MimeType(kind) for kind in PHOTO_FILE_TYPES)
)


def brings_photo(message: Message) -> bool:
    """A photo, or an image file of a type sendPhoto takes."""
    document = message.document
    return bool(message.photo) or (document is not None and document.mime_type in PHOTO_FILE_TYPES)


async def take(bot: Bot, message: Message) -> Photo | Problem:
    """The message's photo as an article keeps it, or why it cannot be one (a file too large,
    or one Telegram cannot decode as an image)."""
    if message.photo:
        return stored_photo(message.photo[-1])
    document = message.document
    assert document is not None  # brings_photo(message)
    size = document.file_size or 0
    if size > FileSizeLimit.PHOTOSIZE_UPLOAD:  # refused before downloading anything
        return Problem(
            "post-photo-too-large",
            {"size": size // 1024, "max": FileSizeLimit.PHOTOSIZE_UPLOAD // 1024},
        )
    data = await download(await document.get_file())
    try:
        uploaded = await bot.send_photo(
            message.chat.id, InputFile(data, filename=document.file_name or "photo")
        )
    except BadRequest:  # not an image Telegram can decode, or of impossible dimensions
        return Problem("post-photo-invalid")
    return stored_photo(uploaded.photo[-1])
