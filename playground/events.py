"""Server-sent events: what the local server records, fanned out to every page connected.

Each page gets every event through its own bounded buffer; a page that falls behind loses the
oldest and is sent a fresh `state` instead, so it never shows a half-applied history.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from local_bot_api.events import (
    ApiEvent,
    CallbackAnswerEvent,
    DeletionEvent,
    MessageEvent,
    RequestEvent,
    UserMessageEvent,
)
from local_bot_api.stats import SEND_METHODS

JSON = dict[str, Any]
# Events kept for one page that has not read them yet; past this it gets a fresh `state`.
CLIENT_BUFFER = 2000
# A comment this often keeps proxies and browsers from closing an idle stream.
PING_INTERVAL = 15.0
RATE_INTERVAL = 1.0
# The bot sets its menus in a burst of calls: one `commands` event once they settle.
COMMANDS_SETTLE = 0.3
_COMMAND_METHODS = frozenset({"setMyCommands", "deleteMyCommands"})


def encode_event(name: str, data: JSON) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {name}\ndata: {payload}\n\n".encode()


class _Client:
    """One connected page: its pending events, and whether it must start again from `state`."""

    def __init__(self, limit: int) -> None:
        # Encoded events; None stands for a `state`, made when it is written (so it is fresh).
        self.pending: deque[bytes | None] = deque([None])  # the first event is always `state`
        self.limit = limit
        self.ready = asyncio.Event()

    def push(self, chunk: bytes | None) -> None:
        if chunk is None and self.pending and self.pending[-1] is None:
            return  # one fresh state is enough
        if len(self.pending) >= self.limit:
            self.pending.clear()
            self.pending.append(None)
        self.pending.append(chunk)
        self.ready.set()


class EventHub:
    """The pages connected to /api/events, and publishing to all of them."""

    def __init__(self, snapshot: Callable[[], JSON], buffer: int = CLIENT_BUFFER) -> None:
        self._snapshot = snapshot
        self._buffer = buffer
        self._clients: set[_Client] = set()
        self._closed = False

    @property
    def clients(self) -> int:
        return len(self._clients)

    def publish(self, name: str, data: JSON) -> None:
        if not self._clients:
            return
        chunk = encode_event(name, data)
        for client in self._clients:
            client.push(chunk)

    def publish_state(self) -> None:
        """A fresh `state` for everyone (after a change that touches everything)."""
        for client in self._clients:
            client.push(None)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self._closed = True
        for client in self._clients:
            client.ready.set()

    async def stream(self, request: web.Request) -> web.StreamResponse:
        """GET /api/events: `state` first, then every event as it happens."""
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream; charset=utf-8",
                "Cache-Control": "no-cache",
                "X-Accel-Buffering": "no",
            }
        )
        await response.prepare(request)
        client = _Client(self._buffer)
        self._clients.add(client)
        try:
            while not self._closed:
                while client.pending:
                    chunk = client.pending.popleft()
                    if chunk is None:
                        chunk = encode_event("state", self._snapshot())
                    await response.write(chunk)
                if self._closed:
                    break
                client.ready.clear()
                try:
                    async with asyncio.timeout(PING_INTERVAL):
                        await client.ready.wait()
                except TimeoutError:
                    await response.write(b": ping\n\n")
        except ConnectionResetError:
            pass  # the page went away
        finally:
            self._clients.discard(client)
        return response


class ApiRelay:
    """Turns the local server's events into the page's: messages, edits, deletions, answers,
    calls, the send rate and command changes."""

    def __init__(self, hub: EventHub, is_listed: Callable[[int], bool]) -> None:
        self._hub = hub
        self._is_listed = is_listed
        self._sent = 0
        self._refused = 0
        self._commands_pending = False
        self._ticker: asyncio.Task[None] | None = None

    def __call__(self, event: ApiEvent) -> None:
        hub = self._hub
        if isinstance(event, RequestEvent):
            self._call(event)
        elif isinstance(event, MessageEvent):
            if self._is_listed(event.sent.chat_id):
                name = "edit" if event.sent.edited else "message"
                hub.publish(name, {"chat_id": event.sent.chat_id, "message": event.sent.raw})
        elif isinstance(event, UserMessageEvent):
            if self._is_listed(event.chat_id):
                name = "edit" if event.edited else "message"
                hub.publish(name, {"chat_id": event.chat_id, "message": event.message})
        elif isinstance(event, DeletionEvent):
            if self._is_listed(event.chat_id):
                hub.publish("delete", {"chat_id": event.chat_id, "message_ids": [event.message_id]})
        elif isinstance(event, CallbackAnswerEvent):
            answer = event.answer
            hub.publish("callback_answer", {key: answer.get(key) for key in _ANSWER_FIELDS})

    def _call(self, event: RequestEvent) -> None:
        record = event.record
        if record.method.lower() in SEND_METHODS:
            if record.status == 200:
                self._sent += 1
            elif record.status == 429:
                self._refused += 1
        if record.method in _COMMAND_METHODS and record.status == 200:
            self._commands_changed()
        wall = time.time() - (time.monotonic() - record.time)
        self._hub.publish(
            "call",
            {
                "time": round(wall, 3),
                "method": record.method,
                "chat_id": record.chat_id,
                "status": record.status,
                "description": record.description,
            },
        )

    def _commands_changed(self) -> None:
        # A menu is set per scope and language, a dozen calls in a row: one event for them.
        if self._commands_pending:
            return
        self._commands_pending = True

        def announce() -> None:
            self._commands_pending = False
            self._hub.publish("commands", {})

        asyncio.get_running_loop().call_later(COMMANDS_SETTLE, announce)

    def start(self) -> None:
        self._ticker = asyncio.create_task(self._tick(), name="playground-rate")

    async def stop(self) -> None:
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    async def _tick(self) -> None:
        """Once a second while there is traffic (and once after, down to zero): `rate`."""
        busy = False
        while True:
            await asyncio.sleep(RATE_INTERVAL)
            sent, refused, self._sent, self._refused = self._sent, self._refused, 0, 0
            if sent or refused or busy:
                self._hub.publish(
                    "rate", {"time": round(time.time(), 3), "sent": sent, "refused": refused}
                )
            busy = bool(sent or refused)


_ANSWER_FIELDS = ("callback_query_id", "text", "show_alert", "url")
