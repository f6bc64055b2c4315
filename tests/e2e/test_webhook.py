"""Webhook mode over the real HTTP path (issue 12): with WEBHOOK_URL the bot sets a webhook with
a secret token and receives updates on its own HTTP server, which the local Bot API server POSTs
them to as Telegram does; the updates go through the same processing as polled ones. A request
without the right secret is refused. A generated secret is kept across restarts; going back to
polling deletes the webhook.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx

from bot.settings import Settings
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ask,
    edited_by_press,
    make_settings,
    publish,
    running_bot,
)

PATH = "/telegram/updates"


def free_port() -> int:
    """A port nobody listens on now (the bot's HTTP server takes it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(api: LocalBotApi, database: Path, **overrides: Any) -> Settings:
    port = free_port()
    return make_settings(
        api,
        database,
        http_port=port,
        webhook_url=f"http://127.0.0.1:{port}{PATH}",
        **overrides,
    )


async def test_updates_arrive_through_the_webhook_and_are_answered(
    api: LocalBotApi, database: Path
) -> None:
    api.allow_http_webhooks()
    settings = webhook_settings(api, database, webhook_secret="desk_secret-1")
    async with running_bot(settings) as app:
        assert api.webhook_url == settings.webhook_url
        assert api.webhook_secret == "desk_secret-1"
        for number in range(1, 4):
            await publish(app, f"Headline {number}")
        [latest] = await ask(api, READER_ID, "/latest")
        assert "Headline 3" in latest.text
        # Several updates of one chat at once: answered in order, as polled ones are.
        before = len(api.messages(READER_ID))
        for number in (3, 1, 2):
            api.send_command(READER_ID, f"/read {number}")
        answers = (await api.wait_for_messages(READER_ID, before + 3))[before:]
        firsts = [m.text.splitlines()[0] for m in answers]
        shown = [n for first in firsts for n in (1, 2, 3) if f"Headline {n}" in first]
        assert shown == [3, 1, 2], firsts
        # A button press comes the same way.
        [start] = await ask(api, EDITOR_ID, "/settings")
        pressed = await edited_by_press(api, EDITOR_ID, start, "sub:on")
        assert "Subscribed" in pressed.text, pressed.text


async def test_a_request_without_the_secret_is_refused(api: LocalBotApi, database: Path) -> None:
    api.allow_http_webhooks()
    settings = webhook_settings(api, database, webhook_secret="right")
    forged = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": READER_ID, "type": "private"},
            "from": {"id": READER_ID, "is_bot": False, "first_name": "Mallory"},
            "text": "/latest",
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
        },
    }
    async with running_bot(settings), httpx.AsyncClient() as client:
        url = settings.webhook_url or ""
        missing = await client.post(url, json=forged)
        wrong = await client.post(
            url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
        )
        garbage = await client.post(
            url, content=b"not json", headers={"X-Telegram-Bot-Api-Secret-Token": "right"}
        )
        assert (missing.status_code, wrong.status_code, garbage.status_code) == (403, 403, 400)
        [answer] = await ask(api, READER_ID, "/latest")  # the real path still works
    assert [m for m in api.messages(READER_ID) if m.message_id != answer.message_id] == []


async def test_a_generated_secret_is_kept_and_polling_deletes_the_webhook(
    api: LocalBotApi, database: Path
) -> None:
    api.allow_http_webhooks()
    async with running_bot(webhook_settings(api, database)):
        first = api.webhook_secret
    assert first is not None and len(first) >= 32
    async with running_bot(webhook_settings(api, database)):
        assert api.webhook_secret == first  # the same secret after a restart
    # The webhook stays set while the bot is down: Telegram keeps the updates meanwhile.
    assert api.webhook_url is not None
    api.send_command(READER_ID, "/start")
    async with running_bot(make_settings(api, database)):
        assert api.webhook_url is None
        await api.wait_for_messages(READER_ID, 1)  # the update of the downtime, polled
