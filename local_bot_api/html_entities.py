"""Telegram's HTML parse mode: markup -> plain text + MessageEntity dicts.

This follows TDLib's ``parse_html`` (which the Bot API server uses) rather than a browser-style
parser: every ``<`` must open or close a supported tag, only four named character references
exist, and error texts and byte offsets match what Telegram reports. Being as strict as Telegram,
not stricter and not more lenient, is the point: a bot that passes here must not fail there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .models import JSONDict

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
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
# TDLib orders entities by offset, then longer first, then by this priority; PTB users compare
# entity lists, so the order is part of the observable behaviour.
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_SPECIAL = re.compile(r"[<&]")
# Scanners for the runs TDLib walks byte by byte; regexes keep the hot path out of Python loops.
_TAG_NAME = re.compile(r"[^ \t\r\n\v\0>]*")
_ATTRIBUTE_NAME = re.compile(r"[^ \t\r\n\v\0=>]*")
_SPACES = re.compile(r"[ \t\r\n\v\0]*")
_NAME_TOKEN_RUN = re.compile(r"[A-Za-z0-9.\-]*")
_WHITESPACE = re.compile(r"\s")
_USER_LINK = re.compile(r"tg:(?://)?user\?id=(\d{1,18})", re.IGNORECASE)
_HTTP_URL = re.compile(r"(?:([A-Za-z][A-Za-z0-9+.\-]*)://)?([^/?#]+)(.*)", re.DOTALL)
_HOST_CHARS = re.compile(r"[\w.\-~%!$&'()*+,;=:@\[\]]+")

MentionResolver = Callable[[int], JSONDict]


class HtmlParseError(ValueError):
    """The text after "can't parse entities: " in Telegram's 400 reply."""


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    piece_index: int
    expandable: bool


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
    return "".join(c.lower() if c.isascii() else c for c in text)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def normalize_link(url: str) -> str | None:
    """The URL Telegram stores for a text_link, or None when it drops the link silently."""
    if not url or _WHITESPACE.search(url):
        return None
    lowered = url.lower()
    if lowered.startswith(("tg:", "ton:")):
        return url
    match = _HTTP_URL.fullmatch(url)
    if match is None:
        return None
    scheme = (match.group(1) or "http").lower()
    if scheme not in ("http", "https"):
        return None
    authority, rest = match.group(2), match.group(3)
    host = authority.rpartition("@")[2].partition(":")[0]
    if not host or _HOST_CHARS.fullmatch(authority) is None:
        return None
    if not rest.startswith("/"):
        rest = "/" + rest
    return f"{scheme}://{authority}{rest}"


def _decode_reference(text: str, pos: int) -> tuple[str | None, int]:
    """Decode the character reference at text[pos] == "&" like TDLib (";" is optional)."""
    n = len(text)
    end = pos + 1
    code = 0
    if end < n and text[end] == "#":
        end += 1
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in _HEX_DIGITS:
                code = code * 16 + int(text[end], 16)
                end += 1
                if code >= 0x10FFFF:
                    return None, pos
        else:
            while end < n and text[end] in _DIGITS:
                code = code * 10 + int(text[end])
                end += 1
                if code >= 0x10FFFF:
                    return None, pos
        if code == 0 or end - pos > 10:
            return None, pos
        char = chr(code)
    else:
        while end < n and text[end] in _ASCII_ALPHA:
            end += 1
        named = _NAMED_REFERENCES.get(text[pos + 1 : end])
        if named is None:
            return None, pos
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def _decode_references(value: str) -> str:
    chars: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "&":
            char, end = _decode_reference(value, i)
            if char is not None:
                chars.append(char)
                i = end
                continue
        chars.append(value[i])
        i += 1
    return "".join(chars)


def parse_html(text: str, mention: MentionResolver | None = None) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML. Offsets/lengths are UTF-16 code units; raises HtmlParseError."""
    n = len(text)

    def at(index: int) -> str:
        return text[index] if index < n else "\0"

    pieces: list[str] = []
    utf16 = 0
    stack: list[_OpenTag] = []
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
        i = begin + 1
        if at(i) != "/":
            i = _run_end(_TAG_NAME, text, i)
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            tag = _ascii_lower(text[begin + 1 : i])
            if tag not in _SUPPORTED_TAGS:
                raise HtmlParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            argument, expandable, i = _parse_attributes(text, tag, begin, i)
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(text, begin)}"
                )
            stack.append(_OpenTag(tag, argument, utf16, len(pieces), expandable))
            pos = i + 1
            continue

        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
        i = _run_end(_TAG_NAME, text, i)
        end_name = _ascii_lower(text[begin + 2 : i])
        i = _run_end(_SPACES, text, i)
        if at(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
        open_tag = stack.pop()
        if end_name and end_name != open_tag.name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                f'expected "</{open_tag.name}>", found "</{end_name}>"'
            )
        if utf16 > open_tag.utf16_offset:
            _close_entity(open_tag, utf16, pieces, entities, mention)
        pos = i + 1

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    if has_surrogates:
        raise HtmlParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        entity.pop("_language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))
    return "".join(pieces), entities


def _parse_attributes(text: str, tag: str, begin: int, i: int) -> tuple[str, bool, int]:
    """Scan attributes from text[i] up to the closing ">"; returns (argument, expandable, i)."""
    n = len(text)

    def at(index: int) -> str:
        return text[index] if index < n else "\0"

    argument = ""
    expandable = False
    while at(i) != ">":
        i = _run_end(_SPACES, text, i)
        if at(i) == ">":
            break
        name_start = i
        i = _run_end(_ATTRIBUTE_NAME, text, i)
        name = text[name_start:i]
        if not name:
            offset = _byte_offset(text, begin)
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {offset}')
        i = _run_end(_SPACES, text, i)
        if at(i) != "=":
            if i >= n:
                raise HtmlParseError(
                    f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            # A value-less attribute, like <blockquote expandable>.
            if tag == "blockquote" and name == "expandable":
                expandable = True
            continue
        i = _run_end(_SPACES, text, i + 1)
        if i >= n:
            raise HtmlParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        quote = text[i]
        if quote not in ("'", '"'):
            token_start = i
            i = _run_end(_NAME_TOKEN_RUN, text, i)
            value = _ascii_lower(text[token_start:i])
            if at(i) not in _SPACE and at(i) != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_start)}"
                )
        else:
            close = text.find(quote, i + 1)
            end = n if close < 0 else close
            value = text[i + 1 : end]
            if "&" in value:
                value = _decode_references(value)
            i = end if close < 0 else close + 1
        if i >= n:
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
    return argument, expandable, i


def _close_entity(
    tag: _OpenTag,
    utf16: int,
    pieces: list[str],
    entities: list[JSONDict],
    mention: MentionResolver | None,
) -> None:
    offset = tag.utf16_offset
    length = utf16 - offset
    name = tag.name
    simple = _SIMPLE_TYPES.get(name)
    if simple is not None:
        entities.append({"type": simple, "offset": offset, "length": length})
    elif name == "a":
        url = tag.argument or "".join(pieces[tag.piece_index :])
        user_match = _USER_LINK.fullmatch(url)
        if user_match is not None:
            user_id = int(user_match.group(1))
            user = (
                mention(user_id) if mention else {"id": user_id, "is_bot": False, "first_name": ""}
            )
            entities.append(
                {"type": "text_mention", "offset": offset, "length": length, "user": user}
            )
        else:
            link = normalize_link(url)
            if link is not None:
                entities.append(
                    {"type": "text_link", "offset": offset, "length": length, "url": link}
                )
    elif name == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("_language")
        ):
            # <pre><code class="language-x">…</code></pre> is one pre entity with a language.
            last["type"] = "pre"
            last["language"] = last.pop("_language")
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif name == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and "language" not in last
            and last["offset"] == offset
            and last["length"] == length
            and tag.argument
        ):
            last["language"] = tag.argument
        else:
            entity: JSONDict = {"type": "code", "offset": offset, "length": length}
            if tag.argument:
                entity["_language"] = tag.argument
            entities.append(entity)
    elif name == "tg-emoji":
        try:
            emoji_id = int(tag.argument)
        except ValueError:
            emoji_id = 0
        if emoji_id == 0 or not tag.argument.lstrip("-").isdigit():
            raise HtmlParseError("Invalid custom emoji identifier specified")
        entities.append(
            {
                "type": "custom_emoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": tag.argument,
            }
        )
    elif name == "blockquote":
        kind = "expandable_blockquote" if tag.expandable else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
