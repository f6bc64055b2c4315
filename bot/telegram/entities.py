"""A Telegram message's text with the sender's formatting (its entities) as safe HTML."""

from __future__ import annotations

from telegram import Message, MessageEntity

from bot.telegram.html import sanitize_html


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
