"""Turning what an editor sends (formatted messages, uploaded files) into Telegram-safe HTML."""

from __future__ import annotations

from pathlib import PurePath

from telegram import Message, MessageEntity

from bot.limits import UPLOAD_EXTENSIONS, UPLOAD_MAX_BYTES
from bot.news.articles import Problem
from bot.telegram.html import markdown_to_html, plain_to_html, sanitize_html


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message_html(message: Message, start: int = 0) -> str:
    """The message's text from character `start` on, with the editor's formatting, as safe HTML."""
    text = message.text or message.caption or ""
    entities = message.entities if message.text else message.caption_entities
    shift = _utf16_length(text[:start])
    tail = text[start:]
    end = _utf16_length(tail)
    # Entities are in UTF-16 offsets; keep the parts inside the tail and move them to its start.
    kept = []
    for entity in entities:
        begin = max(entity.offset - shift, 0)
        finish = min(entity.offset + entity.length - shift, end)
        if finish > begin:
            kept.append(
                MessageEntity(
                    type=entity.type,
                    offset=begin,
                    length=finish - begin,
                    url=entity.url,
                    user=entity.user,
                    language=entity.language,
                    custom_emoji_id=entity.custom_emoji_id,
                )
            )
    tail_message = Message(
        message_id=message.message_id,
        date=message.date,
        chat=message.chat,
        text=tail,
        entities=kept,
    )
    return sanitize_html(tail_message.text_html)


def upload_too_large(size: int) -> Problem | None:
    """Refuse uploads over the size limit."""
    if size <= UPLOAD_MAX_BYTES:
        return None
    return Problem("post-file-too-large", {"size": size // 1024, "max": UPLOAD_MAX_BYTES // 1024})


def file_html(file_name: str | None, data: bytes) -> str | Problem:
    """An uploaded .txt, .md or .html file's content as safe HTML."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix not in UPLOAD_EXTENSIONS:
        return Problem("post-file-unsupported")
    too_large = upload_too_large(len(data))
    if too_large:
        return too_large
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Problem("post-file-not-utf8")
    if suffix in (".html", ".htm"):
        return sanitize_html(text)
    if suffix in (".md", ".markdown"):
        return markdown_to_html(text)
    return plain_to_html(text)
