"""A Telegram message's text with the sender's formatting (its entities) as safe HTML.

The HTML is built here from the entities, not taken from python-telegram-bot's `text_html`:
that writes a `pre` language, a custom emoji id and a link's URL into the markup unescaped, so a
forwarded post's language of `x"></code></pre><a href="…">` became a real link. Here every
attribute goes through the same escaping as the sanitizer's own output, and the result is then
sanitized, which checks link schemes and lengths and code languages like any other input.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise

from telegram import Message, MessageEntity

from bot.telegram.html import sanitize_html
from bot.telegram.html._core import (
    BLOCKQUOTE,
    BOLD,
    CODE,
    EXPANDABLE_BLOCKQUOTE,
    ITALIC,
    PRE,
    SPOILER,
    STRIKE,
    UNDERLINE,
    Element,
    Run,
    link,
    pre_with_language,
    serialize,
)

_SIMPLE = {
    MessageEntity.BOLD: BOLD,
    MessageEntity.ITALIC: ITALIC,
    MessageEntity.UNDERLINE: UNDERLINE,
    MessageEntity.STRIKETHROUGH: STRIKE,
    MessageEntity.SPOILER: SPOILER,
    MessageEntity.CODE: CODE,
    MessageEntity.BLOCKQUOTE: BLOCKQUOTE,
    MessageEntity.EXPANDABLE_BLOCKQUOTE: EXPANDABLE_BLOCKQUOTE,
}


def _element(entity: MessageEntity) -> Element | None:
    """The formatting an entity stands for; None for what Telegram finds again by itself
    (mentions, hashtags, plain URLs…) and for custom emoji, which show as their emoji."""
    if entity.type in _SIMPLE:
        return _SIMPLE[entity.type]
    if entity.type == MessageEntity.PRE:
        return pre_with_language(entity.language) if entity.language else PRE
    if entity.type == MessageEntity.TEXT_LINK and entity.url:
        return link(entity.url)
    if entity.type == MessageEntity.TEXT_MENTION and entity.user:
        return link(f"tg://user?id={entity.user.id}")
    return None


def _utf16_starts(text: str) -> list[int]:
    """The UTF-16 offset of each character of text, and of its end."""
    starts = [0]
    for char in text:
        starts.append(starts[-1] + (2 if ord(char) > 0xFFFF else 1))
    return starts


def entity_runs(text: str, entities: Sequence[MessageEntity]) -> list[Run]:
    """Text as runs styled by its entities (UTF-16 offsets, as Telegram gives them)."""
    starts = _utf16_starts(text)
    spans: list[tuple[int, int, Element]] = []
    # Outer entities first (earlier, then longer), so a run's elements nest as the text did.
    for entity in sorted(entities, key=lambda e: (e.offset, -e.length)):
        element = _element(entity)
        # An offset inside a surrogate pair moves to the character's start (or end).
        begin = bisect_left(starts, entity.offset)
        end = bisect_left(starts, entity.offset + entity.length)
        if element is not None and end > begin:
            spans.append((begin, min(end, len(text)), element))
    cuts = sorted({0, len(text)} | {index for begin, end, _ in spans for index in (begin, end)})
    runs: list[Run] = []
    active: list[tuple[int, int, Element]] = []
    waiting = 0
    for begin, end in pairwise(cuts):
        # Spans are sorted by start, so the active ones stay in nesting order.
        while waiting < len(spans) and spans[waiting][0] <= begin:
            active.append(spans[waiting])
            waiting += 1
        active = [span for span in active if span[1] > begin]
        runs.append((text[begin:end], tuple(element for _, _, element in active)))
    return runs


def message_html(message: Message, start: int = 0) -> str:
    """The message's text from character `start` on, with the editor's formatting, as safe HTML."""
    text = message.text or message.caption or ""
    entities = message.entities if message.text else message.caption_entities
    runs = entity_runs(text, entities)
    tail: list[Run] = []
    offset = 0
    for part, style in runs:
        if offset + len(part) > start:
            tail.append((part[max(start - offset, 0) :], style))
        offset += len(part)
    return sanitize_html(serialize(tail))
