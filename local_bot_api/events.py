"""What a listener hears: one small event per thing the server records, as it happens.

``LocalBotApi.add_listener(callback)`` registers a callback that gets each of these, called
synchronously on the server's event loop right after the record is made. Without listeners
nothing is built, so benchmarks pay one empty-list check per record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from local_bot_api.models import JSONDict, RequestRecord, SentMessage


@dataclass(frozen=True, slots=True)
class RequestEvent:
    """The bot made a Bot API call; ``record.time`` is the monotonic time it arrived."""

    record: RequestRecord


@dataclass(frozen=True, slots=True)
class MessageEvent:
    """The bot sent a message (``sent.edited`` False) or edited one (True); with records only."""

    sent: SentMessage


@dataclass(frozen=True, slots=True)
class UserMessageEvent:
    """A simulated user wrote (``send_text``, ``send_photo``, …) or edited (``edited``) a
    message; ``message`` is the Message the bot receives."""

    chat_id: int
    message: JSONDict
    edited: bool = False


@dataclass(frozen=True, slots=True)
class DeletionEvent:
    """The bot deleted a message (its own or a user's); with records only."""

    chat_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class CallbackAnswerEvent:
    """The bot answered a callback query: ``answer`` as ``callback_answers`` keeps it."""

    answer: JSONDict


ApiEvent = RequestEvent | MessageEvent | UserMessageEvent | DeletionEvent | CallbackAnswerEvent
Listener = Callable[[ApiEvent], None]
