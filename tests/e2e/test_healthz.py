"""`GET /healthz` of the running bot (issue 12): 200 while polling and delivery work, 503 with
the problem named once delivery stalls (the heartbeat's own checks), 200 again on recovery."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot import health, supervision
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    ClaimOutage,
    ask,
    bot_environment,
    eventually,
    make_settings,
    running_bot,
)
from tests.e2e.test_api import free_port
from tests.e2e.test_health import healthcheck


@pytest.fixture
async def watched(
    api: LocalBotApi, database: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """The bot with its HTTP server (no API token) and quick stall detection."""
    monkeypatch.setattr(health, "DELIVERY_STALL_AFTER", 0.3)
    monkeypatch.setattr(supervision, "RESTART_BACKOFF_FIRST", 0.05)
    port = free_port()
    async with (
        running_bot(make_settings(api, database, http_port=port)) as application,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as client,
    ):
        yield application, client


async def test_healthz_is_200_while_healthy_and_names_the_last_update(
    watched: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    _, client = watched
    answer = await client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["problems"] == []
    assert body["storage"] == "ok" and body["delivery"] == "ok"
    assert body["feeds"] == {"count": 0, "paused": 0, "failing": 0}
    assert body["last_update_received"] is None

    await ask(api, READER_ID, "/start")
    body = (await client.get("/healthz")).json()
    assert body["last_update_received"] is not None


async def test_healthz_is_503_while_delivery_stalls_and_200_again_after(
    watched: tuple[Any, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    application, client = watched
    outage = ClaimOutage(application, monkeypatch)

    await eventually(lambda: _is(_status(client), 503), "healthz turning 503")
    body = (await client.get("/healthz")).json()
    assert body["status"] == "stalled"
    assert any("delivery stalled" in problem for problem in body["problems"])
    assert body["delivery"].startswith("failing for")

    outage.end()
    await eventually(lambda: _is(_status(client), 200), "healthz 200 again")


async def _is(status: Any, wanted: int) -> bool:
    return bool(await status == wanted)


async def test_the_healthcheck_command_asks_healthz_when_the_server_is_on(
    watched: tuple[Any, httpx.AsyncClient],
    api: LocalBotApi,
    database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    application, client = watched
    # What the container's HEALTHCHECK has: the bot's environment, BOT_TOKEN not needed.
    env = bot_environment(api, database, HTTP_PORT=str(client.base_url.port))
    del env["BOT_TOKEN"]
    status, output = await healthcheck(env, tmp_path)
    assert status == 0, output
    assert f":{client.base_url.port}/healthz" in output

    ClaimOutage(application, monkeypatch)
    await eventually(lambda: _is(_status(client), 503), "healthz turning 503")
    status, output = await healthcheck(env, tmp_path)
    assert status == 1
    assert "answered 503" in output and "delivery stalled" in output, output


async def _status(client: httpx.AsyncClient) -> int:
    return (await client.get("/healthz")).status_code
