"""Bot API request parameters, from any of the encodings Telegram accepts.

PTB sends application/x-www-form-urlencoded with complex values (reply_markup, entities, ...) as
JSON strings, and multipart/form-data when uploading; other clients send JSON bodies or query
strings. Values therefore arrive either as strings or already typed, and every accessor here
accepts both.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from local_bot_api.errors import bad_request


def parse_form_body(body: bytes) -> list[tuple[str, str]]:
    """``parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)``, in C mostly.

    What form encoders produce (ASCII, "%" only in escapes, "=" only between name and value) is
    decoded by binascii.a2b_qp with the escapes turned into quoted-printable ones; any other body
    goes to parse_qsl. parse_qsl was a third of the server's own work per sendMessage.
    """
    if not body.isascii() or b"\r" in body or b"\n" in body:
        return _parse_qsl(body)
    pairs: list[tuple[str, str]] = []
    for field in body.split(b"&"):
        if not field:
            continue
        name, _, value = field.partition(b"=")
        if b"=" in value:
            return _parse_qsl(body)
        decoded_name = _unquote_plus(name)
        decoded_value = _unquote_plus(value)
        if decoded_name is None or decoded_value is None:
            return _parse_qsl(body)
        pairs.append((decoded_name, decoded_value))
    return pairs


def _parse_qsl(body: bytes) -> list[tuple[str, str]]:
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def _unquote_plus(part: bytes) -> str | None:
    """The decoded part, or None if it has a "%" that does not start an escape."""
    part = part.replace(b"+", b" ")
    if b"%" in part:
        quoted = part.replace(b"%", b"=")
        part = binascii.a2b_qp(quoted)
        # Each escape shrinks by 2 bytes; a2b_qp shrinks anything else it sees after "=" by
        # less (or keeps it), and there are no line breaks (soft line breaks in QP).
        if len(part) != len(quoted) - 2 * quoted.count(b"="):
            return None
    return part.decode("utf-8", "replace")


@dataclass(slots=True)
class Upload:
    filename: str
    content_type: str
    content: bytes


class Params:
    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query) if request.query_string else {}
        if request.method != "POST" or not request.body_exists:
            return cls(values)
        content_type = request.content_type
        if content_type == "application/json":
            body = await request.read()
            if body:
                try:
                    decoded = json.loads(body)
                except ValueError:
                    raise bad_request("can't parse JSON body") from None
                if not isinstance(decoded, dict):
                    raise bad_request("JSON body must be an object")
                values.update(decoded)
        elif content_type == "multipart/form-data":
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    values[key] = Upload(value.filename, value.content_type, value.file.read())
                else:
                    values[key] = value
        else:
            # Form-urlencoded, or a body without a content type: parse_qsl is much cheaper
            # than aiohttp's post() on the sendMessage hot path.
            body = await request.read()
            if body:
                values.update(parse_form_body(body))
        return cls(values)

    def raw(self) -> dict[str, Any]:
        return self._values

    def has(self, name: str) -> bool:
        return self._values.get(name) is not None

    def get(self, name: str) -> Any:
        return self._values.get(name)

    def string(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, Upload):
            raise bad_request(f"parameter {name!r} must be a string")
        return str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self._values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def required_int(self, name: str, missing: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(missing)
        return value

    def number(self, name: str, default: float) -> float:
        value = self._values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self._values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def json(self, name: str) -> Any:
        value = self._values.get(name)
        if isinstance(value, str):
            if value == "":
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_ref(self, name: str = "chat_id") -> int | str | None:
        """A chat id as int, or "@username" as str."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.startswith("@"):
            return text
        try:
            return int(text)
        except ValueError:
            raise bad_request("chat not found") from None
