"""Checks Telegram applies to message text, captions, reply markup and bot commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from local_bot_api.encoding import encode_member
from local_bot_api.entity_builder import MentionResolver
from local_bot_api.errors import ApiError, HtmlParseError, bad_request
from local_bot_api.html_entities import parse_html, utf16_len
from local_bot_api.models import JSONDict

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_BUTTONS_PER_ROW = 8
MAX_COMMANDS = 100

# Python's whitespace plus the invisible characters Telegram also trims; an approximation of
# TDLib's strip_empty_characters, which is what turns "<b> </b>" into an empty message.
_STRIP = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202f\u205f"
    "\u2060\u3000\ufeff"
)
# A text of only these is empty: what TDLib's clean_input_string turns into spaces or removes
# (controls, U+2028-U+202E, three combining lines) and what its strip_empty_characters counts as
# empty; plus, stricter than TDLib, the other default-ignorable characters (word joiner,
# invisible operators, soft hyphen, variation selectors...), since whether Telegram's servers
# refuse a message of them is not documented.
_EMPTY = re.compile(
    "[\\s\x00-\x1f\x7f-\xa0\u030a\u0333\u033f\u180e\u200b-\u200f\u2028-\u202e\u2800\ufeff"
    "\ufffc\U000e0000-\U000e0fff\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a]*"
)
# Telegram's longest link URL (local server check: a longer one is refused here, loudly).
LINK_MAX_LENGTH = 2048
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
# The first of these present decides the button's kind, as in the Bot API server.
_BUTTON_KINDS = (
    "url",
    "login_url",
    "callback_data",
    "web_app",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def _strip(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    if not text or (text[0] not in _STRIP and text[-1] not in _STRIP):
        return text, entities
    stripped_left = text.lstrip(_STRIP)
    shift = utf16_len(text[: len(text) - len(stripped_left)])
    stripped = stripped_left.rstrip(_STRIP)
    total = utf16_len(stripped)
    kept: list[JSONDict] = []
    for entity in entities:
        start = max(0, entity["offset"] - shift)
        end = min(total, entity["offset"] + entity["length"] - shift)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def _explicit_entities(value: Any, text: str) -> list[JSONDict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise bad_request("can't parse entities: entities must be an Array")
    total = utf16_len(text)
    result: list[JSONDict] = []
    for entity in value:
        if (
            not isinstance(entity, dict)
            or not isinstance(entity.get("type"), str)
            or not isinstance(entity.get("offset"), int)
            or not isinstance(entity.get("length"), int)
        ):
            raise bad_request("can't parse entities: entity must have type, offset and length")
        if entity["offset"] < 0 or entity["length"] <= 0 or entity["offset"] >= total:
            continue  # Telegram silently drops entities outside the text.
        result.append(dict(entity))
    return result


def prepare_text(
    raw: Any,
    parse_mode: str | None,
    entities: Any,
    *,
    caption: bool = False,
    mention: MentionResolver | None = None,
) -> tuple[str, list[JSONDict]]:
    """Parse and validate a text or caption; returns (plain text, entities)."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raw = str(raw)
    mode = parse_mode.lower() if parse_mode else ""
    if mode == "html":
        try:
            text, parsed = parse_html(raw, mention)
        except HtmlParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode in ("markdownv2", "markdown"):
        raise bad_request(
            f"can't parse entities: parse_mode {parse_mode} is not supported by the local "
            "Bot API server (use HTML)"
        )
    elif mode:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    else:
        text, parsed = raw, _explicit_entities(entities, raw)
    text, parsed = _strip(text, parsed)
    for entity in parsed:
        if len(entity.get("url") or "") > LINK_MAX_LENGTH:
            raise bad_request(
                "can't parse entities: URL is too long (local server check: Telegram takes "
                f"links of up to {LINK_MAX_LENGTH} characters)"
            )
    if caption:
        if len(text) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
    else:
        if _EMPTY.fullmatch(text):
            raise bad_request("message text is empty")
        if len(text) > MESSAGE_LIMIT:
            raise bad_request("message is too long")
    return text, parsed


class PreparedText(NamedTuple):
    text: str
    entities: list[JSONDict]
    # The members a message gets for them: ,"text":…,"entities":… (or caption, caption_entities)
    encoded: bytes


class PreparedMarkup(NamedTuple):
    markup: JSONDict | None
    encoded: bytes  # ,"reply_markup":… when it is an inline keyboard, else b""


def _prepared_text(text: str, entities: list[JSONDict], caption: bool) -> PreparedText:
    encoded = b""
    if text:
        encoded = encode_member("caption" if caption else "text", text)
        if entities:
            encoded += encode_member("caption_entities" if caption else "entities", entities)
    return PreparedText(text, entities, encoded)


class ValidationCache:
    """prepare_text and validate_reply_markup results for inputs seen before.

    Keys are the parameters exactly as they arrived (strings; decoded JSON bodies are not cached),
    and only successes are kept, so a hit returns what the check would have returned. Results are
    shared between callers, who must not change them. A text whose parsing looked up a user
    (``tg://user?id=`` links) is not kept: its result depends on the users defined.
    """

    __slots__ = ("_markups", "_size", "_texts")

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._texts: dict[tuple[str, str | None, str | None, bool], PreparedText] = {}
        self._markups: dict[str, PreparedMarkup] = {}

    def text(
        self,
        raw: str | None,
        parse_mode: str | None,
        raw_entities: Any,
        entities: Callable[[], Any],
        *,
        caption: bool = False,
        mention: MentionResolver | None = None,
    ) -> PreparedText:
        """prepare_text(raw, parse_mode, entities(), …); ``raw_entities`` is the parameter."""
        if raw is None or not (raw_entities is None or isinstance(raw_entities, str)):
            text, parsed = prepare_text(
                raw, parse_mode, entities(), caption=caption, mention=mention
            )
            return _prepared_text(text, parsed, caption)
        key = (raw, parse_mode, raw_entities, caption)
        hit = self._texts.get(key)
        if hit is not None:
            return hit
        resolved = False

        def resolve(user_id: int) -> JSONDict:
            nonlocal resolved
            resolved = True
            assert mention is not None
            return mention(user_id)

        text, parsed = prepare_text(
            raw,
            parse_mode,
            entities(),
            caption=caption,
            mention=resolve if mention is not None else None,
        )
        result = _prepared_text(text, parsed, caption)
        if not resolved:
            if len(self._texts) >= self._size:
                self._texts.clear()
            self._texts[key] = result
        return result

    def markup(self, raw: Any, decoded: Callable[[], Any]) -> PreparedMarkup:
        """validate_reply_markup(decoded()); ``raw`` is the parameter as it arrived."""
        if isinstance(raw, str):
            hit = self._markups.get(raw)
            if hit is not None:
                return hit
        markup = validate_reply_markup(decoded())
        inline = markup is not None and "inline_keyboard" in markup
        result = PreparedMarkup(markup, encode_member("reply_markup", markup) if inline else b"")
        if isinstance(raw, str):
            if len(self._markups) >= self._size:
                self._markups.clear()
            self._markups[raw] = result
        return result


def validate_reply_markup(markup: Any) -> JSONDict | None:
    """Validate a reply_markup object (already decoded from JSON)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _validate_reply_keyboard(markup["keyboard"])
    elif not ("remove_keyboard" in markup or "force_reply" in markup):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    if sum(len(row) for row in rows) > MAX_BUTTONS or any(
        len(row) > MAX_BUTTONS_PER_ROW for row in rows
    ):
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            _validate_inline_button(button)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    kinds = [kind for kind in _BUTTON_KINDS if kind in button]
    if not kinds:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(kinds) > 1:
        # Telegram silently uses the first one; the Bot API says "exactly one", and a button
        # that does something other than intended is a bug worth surfacing in tests.
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be "
            f"used, got {', '.join(kinds)} (local server check)"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")


def _validate_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str):
                raise bad_request(
                    'can\'t parse keyboard button: Field "text" must be of type String'
                )


def validate_commands(commands: Any) -> list[JSONDict]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[JSONDict] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name = command.get("command")
        description = command.get("description")
        if not isinstance(name, str) or _COMMAND.fullmatch(name) is None:
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": name, "description": description})
    return result


def validate_scope(scope: Any) -> tuple[str, int | str | None, int | None]:
    """A BotCommandScope as a hashable (type, chat_id, user_id)."""
    if scope is None:
        return ("default", None, None)
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
        return (kind, None, None)
    if kind in ("chat", "chat_administrators", "chat_member"):
        chat_id = scope.get("chat_id")
        if not isinstance(chat_id, int | str):
            raise bad_request("chat_id is empty")
        user_id = scope.get("user_id")
        if kind == "chat_member" and not isinstance(user_id, int):
            raise bad_request("user_id is empty")
        return (kind, chat_id, user_id if isinstance(user_id, int) else None)
    raise ApiError(400, f"Bad Request: unsupported bot command scope type {kind!r}")
