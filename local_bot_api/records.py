"""What the bot did (requests, messages, callback answers), and waiting for it to do something."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from local_bot_api.events import (
    ApiEvent,
    CallbackAnswerEvent,
    DeletionEvent,
    Listener,
    MessageEvent,
    RequestEvent,
    UserMessageEvent,
)
from local_bot_api.models import JSONDict, RequestRecord, SentMessage

_log = logging.getLogger(__name__)

T = TypeVar("T")
Check = Callable[[], Any]


class NotRecordedError(RuntimeError):
    """Asked for records from a server that keeps none (``record=False`` / ``--lean``)."""


class Recorder:
    """Records of what the bot did, plus request counters that are kept in every mode.

    With ``record=False`` nothing per request or per message is kept: ``sent``, ``requests``,
    ``errors`` and ``deleted`` stay empty (callback answers, one per injected button press, and
    inline answers, one per injected inline query, are still kept).
    """

    def __init__(self, record: bool = True) -> None:
        self.record = record
        self.request_count = 0
        self.error_count = 0
        self.message_count = 0  # what len(sent) would be
        self.sent: list[SentMessage] = []
        self.requests: list[RequestRecord] = []
        self.errors: list[RequestRecord] = []
        self.callback_answers: list[JSONDict] = []
        self.inline_answers: list[JSONDict] = []
        self.deleted: list[tuple[int, int]] = []
        # Waiters are re-checked after every change; a check returns None until satisfied.
        self._waiters: list[tuple[Check, asyncio.Future[Any]]] = []
        # Told of every record as it is made (local_bot_api/events.py); empty costs nothing.
        self.listeners: list[Listener] = []

    def notify(self, event: ApiEvent) -> None:
        """Hand ``event`` to every listener; one that fails is logged, never the request's
        problem."""
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:
                _log.exception("local Bot API listener %r failed on %r", listener, event)

    def require(self, what: str) -> None:
        """Raise NotRecordedError for a read of ``what`` when nothing is recorded."""
        if not self.record:
            raise NotRecordedError(
                f"{what} is not recorded: this server runs with record=False (--lean); "
                "read send_stats() instead"
            )

    def clear(self) -> None:
        self.request_count = 0
        self.error_count = 0
        self.message_count = 0
        self.sent.clear()
        self.requests.clear()
        self.errors.clear()
        self.callback_answers.clear()
        self.inline_answers.clear()
        self.deleted.clear()

    def request(
        self,
        time: float,
        method: str,
        chat_id: int | str | None,
        status: int,
        description: str | None = None,
    ) -> None:
        self.request_count += 1
        if status >= 400:
            self.error_count += 1
        if self.listeners:
            self.notify(RequestEvent(RequestRecord(time, method, chat_id, status, description)))
        if not self.record:
            return
        record = RequestRecord(time, method, chat_id, status, description)
        self.requests.append(record)
        if status >= 400:
            self.errors.append(record)

    def message(self, sent: SentMessage) -> None:
        self.message_count += 1
        self.sent.append(sent)
        self.changed()
        if self.listeners:
            self.notify(MessageEvent(sent))

    def user_message(self, chat_id: int, message: JSONDict, edited: bool = False) -> None:
        """A simulated user's message (kept in its chat by State): only listeners hear it."""
        if self.listeners:
            self.notify(UserMessageEvent(chat_id, message, edited))

    def deletion(self, chat_id: int, message_id: int) -> None:
        if self.record:
            self.deleted.append((chat_id, message_id))
            self.changed()
            if self.listeners:
                self.notify(DeletionEvent(chat_id, message_id))

    def callback_answer(self, answer: JSONDict) -> None:
        self.callback_answers.append(answer)
        self.changed()
        if self.listeners:
            self.notify(CallbackAnswerEvent(answer))

    def inline_answer(self, answer: JSONDict) -> None:
        self.inline_answers.append(answer)
        self.changed()

    def changed(self) -> None:
        if not self._waiters:
            return
        for check, future in list(self._waiters):
            if future.done():
                continue
            try:
                result = check()
            except Exception as exc:  # a test's predicate failing must reach the test
                future.set_exception(exc)
                continue
            if result is not None:
                future.set_result(result)

    async def wait(
        self, check: Callable[[], T | None], seconds: float, describe: Callable[[], str]
    ) -> T:
        result = check()
        if result is not None:
            return result
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        entry: tuple[Check, asyncio.Future[Any]] = (check, future)
        self._waiters.append(entry)
        try:
            async with asyncio.timeout(seconds):
                return await future
        except TimeoutError:
            raise TimeoutError(describe()) from None
        finally:
            self._waiters.remove(entry)

    def cursor_check(
        self, items: list[T], predicate: Callable[[T], bool], start: int = 0
    ) -> Callable[[], T | None]:
        """A check that scans each item of a growing list once (no rescans on every change)."""
        position = start

        def check() -> T | None:
            nonlocal position
            while position < len(items):
                item = items[position]
                position += 1
                if predicate(item):
                    return item
            return None

        return check
