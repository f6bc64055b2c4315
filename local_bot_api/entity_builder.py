"""MessageEntity building for parse_html: what each closed tag becomes, and TDLib's entity order."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from local_bot_api.errors import HtmlParseError
from local_bot_api.models import JSONDict

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
_WHITESPACE = re.compile(r"\s")
_USER_LINK = re.compile(r"tg:(?://)?user\?id=(\d{1,18})", re.IGNORECASE)
_HTTP_URL = re.compile(r"(?:([A-Za-z][A-Za-z0-9+.\-]*)://)?([^/?#]+)(.*)", re.DOTALL)
_HOST_CHARS = re.compile(r"[\w.\-~%!$&'()*+,;=:@\[\]]+")

MentionResolver = Callable[[int], JSONDict]


@dataclass(slots=True)
class OpenTag:
    name: str
    argument: str
    utf16_offset: int
    piece_index: int
    expandable: bool


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


def close_entity(
    tag: OpenTag,
    utf16: int,
    pieces: list[str],
    entities: list[JSONDict],
    mention: MentionResolver | None,
) -> None:
    """Append the entity of ``tag``, closed at UTF-16 offset ``utf16``, to ``entities``.

    ``pieces`` is the plain text so far; a link without href uses its own text as the URL.
    """
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


def finish_entities(entities: list[JSONDict]) -> None:
    """Drop the markers close_entity left and sort the entities in TDLib's order, in place."""
    for entity in entities:
        entity.pop("_language", None)
    entities.sort(
        key=lambda entity: (entity["offset"], -entity["length"], _PRIORITY.get(entity["type"], 50))
    )
