"""The local Bot API server's webhooks (issue 12), as Telegram behaves: setWebhook refuses what
Telegram refuses; while a webhook is set, updates are POSTed to it with the secret header,
kept and retried until it answers 2xx, one at a time per chat, and getUpdates answers 409;
deleteWebhook brings getUpdates back with whatever is still pending."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web

from local_bot_api import LocalBotApi
from local_bot_api.webhook import SECRET_HEADER

pytestmark = pytest.mark.timeout(30)

USER, OTHER = 1001, 1002
LIVENESS = 10.0


class Receiver:
    """A webhook on 127.0.0.1 that records what it is sent and answers with `status`."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.status = 200
        self.delay = 0.0
        self.concurrent = 0
        self.most_concurrent = 0
        self.per_chat: dict[int, int] = {}
        self.most_per_chat = 0
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        update = json.loads(await request.read())
        chat = update["message"]["chat"]["id"]
        self.concurrent += 1
        self.per_chat[chat] = self.per_chat.get(chat, 0) + 1
        self.most_concurrent = max(self.most_concurrent, self.concurrent)
        self.most_per_chat = max(self.most_per_chat, self.per_chat[chat])
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.concurrent -= 1
            self.per_chat[chat] -= 1
        if self.status == 200:
            self.received.append((update, request.headers.get(SECRET_HEADER)))
        return web.Response(status=self.status)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/hook"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        server.add_private_chat(USER, first_name="Ann")
        server.add_private_chat(OTHER, first_name="Ben")
        yield server


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    await hook.start()
    yield hook
    await hook.stop()


async def call(api: LocalBotApi, method: str, **params: Any) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        reply = await client.post(f"{api.base_url}{api.token}/{method}", json=params)
    return dict(reply.json())


async def until(condition: Any, what: str) -> None:
    for _ in range(int(LIVENESS / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not within {LIVENESS} s: {what}")


async def test_set_webhook_refuses_what_telegram_refuses(api: LocalBotApi) -> None:
    refused = await call(api, "setWebhook", url="http://127.0.0.1:8080/hook")
    assert refused["description"] == (
        "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    )
    port = await call(api, "setWebhook", url="https://example.org:8081/hook")
    assert "ports 80, 88, 443 or 8443" in port["description"]
    secret = await call(api, "setWebhook", url="https://example.org/hook", secret_token="a b")
    assert secret["description"] == "Bad Request: secret token contains unallowed characters"
    assert api.webhook_url is None


async def test_updates_go_to_the_webhook_with_the_secret_and_getupdates_conflicts(
    api: LocalBotApi, receiver: Receiver
) -> None:
    api.allow_http_webhooks()
    assert (await call(api, "setWebhook", url=receiver.url, secret_token="s3cret_-"))["ok"]
    api.send_text(USER, "hello")
    await until(lambda: receiver.received, "the update at the webhook")
    [(update, secret)] = receiver.received
    assert update["message"]["text"] == "hello" and secret == "s3cret_-"
    conflict = await call(api, "getUpdates")
    assert conflict["error_code"] == 409 and "webhook is active" in conflict["description"]
    info = await call(api, "getWebhookInfo")
    assert info["result"]["url"] == receiver.url and info["result"]["pending_update_count"] == 0
    # Back to polling: what arrives next waits for getUpdates.
    assert (await call(api, "deleteWebhook"))["ok"]
    api.send_text(USER, "polled")
    polled = await call(api, "getUpdates")
    assert [u["message"]["text"] for u in polled["result"]] == ["polled"]


async def test_a_failing_webhook_keeps_the_update_and_gets_it_again(
    api: LocalBotApi, receiver: Receiver
) -> None:
    api.allow_http_webhooks()
    receiver.status = 403
    await call(api, "setWebhook", url=receiver.url)
    api.send_text(USER, "keep me")

    async def failed() -> bool:
        info = (await call(api, "getWebhookInfo"))["result"]
        return bool(info.get("last_error_message")) and info["pending_update_count"] == 1

    for _ in range(int(LIVENESS / 0.05)):
        if await failed():
            break
        await asyncio.sleep(0.05)
    info = (await call(api, "getWebhookInfo"))["result"]
    assert info["last_error_message"] == "Wrong response from the webhook: 403 Forbidden"
    receiver.status = 200
    await until(lambda: receiver.received, "the update delivered on a later try")
    assert [u["message"]["text"] for u, _ in receiver.received] == ["keep me"]


async def test_one_chat_at_a_time_several_chats_at_once(
    api: LocalBotApi, receiver: Receiver
) -> None:
    api.allow_http_webhooks()
    receiver.delay = 0.05
    await call(api, "setWebhook", url=receiver.url, max_connections=10)
    for number in range(4):
        api.send_text(USER, f"ann {number}")
        api.send_text(OTHER, f"ben {number}")
    await until(lambda: len(receiver.received) == 8, "eight updates")
    texts = [u["message"]["text"] for u, _ in receiver.received]
    assert [t for t in texts if t.startswith("ann")] == [f"ann {n}" for n in range(4)]
    assert [t for t in texts if t.startswith("ben")] == [f"ben {n}" for n in range(4)]
    # Two chats were under way together, never two updates of one chat.
    assert receiver.most_concurrent == 2 and receiver.most_per_chat == 1
