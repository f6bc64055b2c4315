"""Telegram's side of a webhook: while one is set, updates are POSTed to the bot's URL (with the
secret in `X-Telegram-Bot-Api-Secret-Token`) instead of waiting for getUpdates.

As Telegram does: an update stays pending until the webhook answers it with a 2xx; a failure is
kept as `last_error_message` (getWebhookInfo) and the update is tried again later; at most
`max_connections` requests are under way at once. One chat's updates go one at a time, in order
(a later update of a chat waits for the earlier one's answer), which Telegram is observed to do
and which the bot's per-chat ordering relies on only loosely.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

from local_bot_api.encoding import encode
from local_bot_api.errors import bad_request
from local_bot_api.models import JSONDict
from local_bot_api.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_PORTS = {443, 80, 88, 8443}
# Retrying a failed delivery: doubling from the first delay up to the last (Telegram's own
# delays are longer and unpublished; tests should not wait for them).
_RETRY_FIRST = 0.1
_RETRY_LAST = 2.0
_REQUEST_TIMEOUT = 10.0


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None
    _failures: int = field(default=0, repr=False)


def check_webhook(
    url: str, secret_token: str | None, max_connections: int, *, allow_http: bool
) -> None:
    """Refuse what Telegram refuses (HTTPS on ports 443, 80, 88, 8443; the secret's alphabet).
    `allow_http`: a test's plain http URL on any port (Telegram would refuse it)."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (allow_http and parts.scheme == "http"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if not parts.hostname:
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
    if not allow_http and (parts.port or 443) not in _PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    if secret_token is not None and not _SECRET.fullmatch(secret_token):
        raise bad_request("secret token contains unallowed characters")
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")


def _chat_of(update: JSONDict) -> object:
    """The chat an update belongs to (its sender's id when it has no chat): the ordering key."""
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        for holder in (value, value.get("message")):
            if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
                return holder["chat"].get("id")
        sender = value.get("from")
        if isinstance(sender, dict):
            return sender.get("id")
    return None


class WebhookDelivery:
    """Posts the queue's pending updates to the webhook until stopped."""

    def __init__(self, queue: UpdateQueue, config: WebhookConfig) -> None:
        self.config = config
        self._queue = queue
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int, object] = {}  # update_id: chat
        self._done = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="local-bot-api-webhook")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=_REQUEST_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session, asyncio.TaskGroup() as group:
            while True:
                busy = set(self._in_flight.values())
                for update_id, update in self._queue.deliverable():
                    if len(self._in_flight) >= self.config.max_connections:
                        break
                    chat = _chat_of(update)
                    if update_id in self._in_flight or (chat is not None and chat in busy):
                        continue
                    busy.add(chat)
                    self._in_flight[update_id] = chat
                    group.create_task(self._post(session, update_id, update))
                self._done.clear()
                changed = asyncio.ensure_future(self._queue.changed())
                done = asyncio.ensure_future(self._done.wait())
                try:
                    await asyncio.wait({changed, done}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    changed.cancel()
                    done.cancel()

    async def _post(self, session: aiohttp.ClientSession, update_id: int, update: JSONDict) -> None:
        headers = {"Content-Type": "application/json"}
        if self.config.secret_token is not None:
            headers[SECRET_HEADER] = self.config.secret_token
        try:
            error = await self._send(session, update, headers)
            if error is None:
                self._queue.remove(update_id)
                self.config._failures = 0
            else:
                self.config.last_error_date = int(time.time())
                self.config.last_error_message = error
                self.config._failures += 1
                delay = min(_RETRY_FIRST * 2 ** (self.config._failures - 1), _RETRY_LAST)
                await asyncio.sleep(delay)
        finally:
            del self._in_flight[update_id]
            self._done.set()

    async def _send(
        self, session: aiohttp.ClientSession, update: JSONDict, headers: dict[str, str]
    ) -> str | None:
        """None once the webhook accepted the update, else the error as getWebhookInfo says."""
        try:
            async with session.post(self.config.url, data=encode(update), headers=headers) as reply:
                await reply.read()
                if 200 <= reply.status < 300:
                    return None
                return f"Wrong response from the webhook: {reply.status} {reply.reason}"
        except (aiohttp.ClientError, TimeoutError) as error:
            return f"Connection failed: {type(error).__name__}"
