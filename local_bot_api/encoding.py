"""JSON output: one compact encoder, and Bot API results whose tail is encoded once and reused."""

from __future__ import annotations

import json
from typing import Any

from local_bot_api.models import JSONDict

_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"))


def encode(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


def encode_member(key: str, value: Any) -> bytes:
    """``,"key":value``: a member to append to an encoded object."""
    return b',"' + key.encode("utf-8") + b'":' + encode(value)


class PartlyEncoded:
    """A JSON object as ``head`` (a dict) followed by ``tail``, members already encoded.

    A broadcast sends the same text and keyboard to every chat; encoding them once per distinct
    input and only the per-message head (id, chat, date) per message saves most of the encoding.
    Indexing reads the head.
    """

    __slots__ = ("head", "tail")

    def __init__(self, head: JSONDict, tail: bytes) -> None:
        self.head = head
        self.tail = tail

    def __getitem__(self, key: str) -> Any:
        return self.head[key]

    def encode(self) -> bytes:
        head = encode(self.head)
        if not self.tail:
            return head
        return head[:-1] + self.tail + b"}"

    def decode(self) -> JSONDict:
        """The whole object as a dict (for tests)."""
        result: JSONDict = json.loads(self.encode())
        return result
