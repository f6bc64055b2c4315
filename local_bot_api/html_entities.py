"""Telegram's HTML parse mode: the tokenizer that turns markup into plain text and entities.

This follows TDLib's ``parse_html`` (which the Bot API server uses) rather than a browser-style
parser: every ``<`` must open or close a supported tag, only four named character references
exist, and error texts and byte offsets match what Telegram reports. Being as strict as Telegram,
not stricter and not more lenient, is the point: a bot that passes here must not fail there.
"""

from __future__ import annotations

import re

from local_bot_api.entity_builder import MentionResolver, OpenTag, close_entity, finish_entities
from local_bot_api.errors import HtmlParseError
from local_bot_api.models import JSONDict

# TDLib's is_space(); "\0" is in the set because TDLib scans a NUL-terminated buffer, and
# ``at()`` returns "\0" past the end, so end of text behaves exactly like it does there.
_SPACE = frozenset(" \t\r\n\v\0")
_ASCII_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SUPPORTED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
        "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_SPECIAL = re.compile(r"[<&]")
# Scanners for the runs TDLib walks byte by byte; regexes keep the hot path out of Python loops.
_TAG_NAME = re.compile(r"[^ \t\r\n\v\0>]*")
_ATTRIBUTE_NAME = re.compile(r"[^ \t\r\n\v\0=>]*")
_SPACES = re.compile(r"[ \t\r\n\v\0]*")
_NAME_TOKEN_RUN = re.compile(r"[A-Za-z0-9.\-]*")


def _run_end(pattern: re.Pattern[str], text: str, start: int) -> int:
    match = pattern.match(text, start)
    return match.end() if match is not None else start


def utf16_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _ascii_lower(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join(char.lower() if char.isascii() else char for char in text)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _decode_reference(text: str, pos: int) -> tuple[str | None, int]:
    """Decode the character reference at text[pos] == "&" like TDLib (";" is optional)."""
    length = len(text)
    end = pos + 1
    code = 0
    if end < length and text[end] == "#":
        end += 1
        if end < length and text[end] == "x":
            end += 1
            while end < length and text[end] in _HEX_DIGITS:
                code = code * 16 + int(text[end], 16)
                end += 1
                if code >= 0x10FFFF:
                    return None, pos
        else:
            while end < length and text[end] in _DIGITS:
                code = code * 10 + int(text[end])
                end += 1
                if code >= 0x10FFFF:
                    return None, pos
        if code == 0 or end - pos > 10:
            return None, pos
        char = chr(code)
    else:
        while end < length and text[end] in _ASCII_ALPHA:
            end += 1
        named = _NAMED_REFERENCES.get(text[pos + 1 : end])
        if named is None:
            return None, pos
        char = named
    if end < length and text[end] == ";":
        end += 1
    return char, end


def _decode_references(value: str) -> str:
    chars: list[str] = []
    index = 0
    while index < len(value):
        if value[index] == "&":
            char, end = _decode_reference(value, index)
            if char is not None:
                chars.append(char)
                index = end
                continue
        chars.append(value[index])
        index += 1
    return "".join(chars)


def parse_html(text: str, mention: MentionResolver | None = None) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML. Offsets/lengths are UTF-16 code units; raises HtmlParseError."""
    length = len(text)

    def at(index: int) -> str:
        return text[index] if index < length else "\0"

    pieces: list[str] = []
    utf16 = 0
    stack: list[OpenTag] = []
    entities: list[JSONDict] = []
    has_surrogates = False
    pos = 0
    while True:
        match = _SPECIAL.search(text, pos)
        if match is None:
            pieces.append(text[pos:])
            break
        start = match.start()
        if start > pos:
            run = text[pos:start]
            pieces.append(run)
            utf16 += utf16_len(run)
        if text[start] == "&":
            char, end = _decode_reference(text, start)
            if char is None:
                pieces.append("&")
                utf16 += 1
                pos = start + 1
            else:
                if "\ud800" <= char <= "\udfff":
                    has_surrogates = True
                pieces.append(char)
                utf16 += 2 if ord(char) > 0xFFFF else 1
                pos = end
            continue

        begin = start
        cursor = begin + 1
        if at(cursor) != "/":
            cursor = _run_end(_TAG_NAME, text, cursor)
            if cursor >= length:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            tag = _ascii_lower(text[begin + 1 : cursor])
            if tag not in _SUPPORTED_TAGS:
                raise HtmlParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            argument, expandable, cursor = _parse_attributes(text, tag, begin, cursor)
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(text, begin)}"
                )
            stack.append(OpenTag(tag, argument, utf16, len(pieces), expandable))
            pos = cursor + 1
            continue

        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
        cursor = _run_end(_TAG_NAME, text, cursor)
        end_name = _ascii_lower(text[begin + 2 : cursor])
        cursor = _run_end(_SPACES, text, cursor)
        if at(cursor) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
        open_tag = stack.pop()
        if end_name and end_name != open_tag.name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                f'expected "</{open_tag.name}>", found "</{end_name}>"'
            )
        if utf16 > open_tag.utf16_offset:
            close_entity(open_tag, utf16, pieces, entities, mention)
        pos = cursor + 1

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    if has_surrogates:
        raise HtmlParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    finish_entities(entities)
    return "".join(pieces), entities


def _parse_attributes(text: str, tag: str, begin: int, cursor: int) -> tuple[str, bool, int]:
    """Scan the attributes from text[cursor] up to the closing ">".

    Returns (argument, expandable, the position of that ">").
    """
    length = len(text)

    def at(index: int) -> str:
        return text[index] if index < length else "\0"

    argument = ""
    expandable = False
    while at(cursor) != ">":
        cursor = _run_end(_SPACES, text, cursor)
        if at(cursor) == ">":
            break
        name_start = cursor
        cursor = _run_end(_ATTRIBUTE_NAME, text, cursor)
        name = text[name_start:cursor]
        if not name:
            offset = _byte_offset(text, begin)
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {offset}')
        cursor = _run_end(_SPACES, text, cursor)
        if at(cursor) != "=":
            if cursor >= length:
                raise HtmlParseError(
                    f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            # A value-less attribute, like <blockquote expandable>.
            if tag == "blockquote" and name == "expandable":
                expandable = True
            continue
        cursor = _run_end(_SPACES, text, cursor + 1)
        if cursor >= length:
            raise HtmlParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        quote = text[cursor]
        if quote not in ("'", '"'):
            token_start = cursor
            cursor = _run_end(_NAME_TOKEN_RUN, text, cursor)
            value = _ascii_lower(text[token_start:cursor])
            if at(cursor) not in _SPACE and at(cursor) != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_start)}"
                )
        else:
            close = text.find(quote, cursor + 1)
            end = length if close < 0 else close
            value = text[cursor + 1 : end]
            if "&" in value:
                value = _decode_references(value)
            cursor = end if close < 0 else close + 1
        if cursor >= length:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
        elif tag == "blockquote" and name == "expandable":
            expandable = True
    return argument, expandable, cursor
