"""Plain data records shared by the server and its users (tests, benchmarks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

JSONDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class BotApiUser:
    """A Telegram user as the fake server knows it."""

    id: int
    first_name: str = "Reader"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    def to_dict(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        if self.language_code is not None:
            data["language_code"] = self.language_code
        return data


@dataclass(slots=True)
class SentMessage:
    """One bot message as stored after a send or an edit.

    ``text`` is the plain text after entity parsing and whitespace trimming (what a reader sees);
    ``html`` is the ``text``/``caption`` parameter exactly as the bot sent it, whatever its
    parse mode. ``raw`` is the Message object returned to the bot; ``photo`` the file_id a
    sendPhoto sent; ``disable_notification`` the send's parameter as given (None: not given,
    Telegram's default, with sound); ``message_thread_id`` (from ``raw``) the forum topic.
    """

    chat_id: int
    message_id: int
    text: str
    html: str | None
    parse_mode: str | None
    entities: list[JSONDict]
    reply_markup: JSONDict | None
    method: str
    edited: bool
    date: int
    raw: JSONDict = field(default_factory=dict, repr=False, compare=False)
    # sendPhoto: the file_id of the photo sent (its text is the caption).
    photo: str | None = None
    disable_notification: bool | None = None

    @property
    def message_thread_id(self) -> int | None:
        """The forum topic the message is in (None: General, or not a forum)."""
        thread_id = self.raw.get("message_thread_id")
        return int(thread_id) if thread_id is not None else None

    @property
    def buttons(self) -> list[list[JSONDict]]:
        """Inline keyboard rows, or [] when the message has no inline keyboard."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard")
        return list(rows) if isinstance(rows, list) else []

    @property
    def button_texts(self) -> list[str]:
        return [str(button.get("text", "")) for row in self.buttons for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [
            str(button["callback_data"])
            for row in self.buttons
            for button in row
            if "callback_data" in button
        ]

    def to_dict(self) -> JSONDict:
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "text": self.text,
            "html": self.html,
            "parse_mode": self.parse_mode,
            "entities": self.entities,
            "reply_markup": self.reply_markup,
            "method": self.method,
            "edited": self.edited,
            "date": self.date,
            "raw": self.raw,
            "photo": self.photo,
            "disable_notification": self.disable_notification,
            "message_thread_id": self.message_thread_id,
        }


class RequestRecord(NamedTuple):
    """One Bot API call: kept as a tuple because every request appends one."""

    time: float
    method: str
    chat_id: int | str | None
    status: int
    description: str | None = None

    def to_dict(self) -> JSONDict:
        return self._asdict()
