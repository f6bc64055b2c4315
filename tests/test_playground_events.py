"""The playground's event fan-out: every page gets every event, `state` first, and a page that
falls behind gets a fresh `state` instead of the events it lost."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from local_bot_api.events import CallbackAnswerEvent, RequestEvent
from local_bot_api.models import RequestRecord
from playground import events
from playground.events import ApiRelay, EventHub, encode_event


def test_an_event_is_sse_text_with_its_name_and_json_data() -> None:
    assert encode_event("delete", {"chat_id": 1, "message_ids": [2]}) == (
        b'event: delete\ndata: {"chat_id":1,"message_ids":[2]}\n\n'
    )


@pytest.fixture
async def hub_server() -> AsyncIterator[tuple[EventHub, str]]:
    snapshots = iter(range(1, 1000))
    hub = EventHub(lambda: {"snapshot": next(snapshots)}, buffer=3)
    app = web.Application()
    app.router.add_get("/events", hub.stream)
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield hub, f"http://127.0.0.1:{runner.addresses[0][1]}/events"
    finally:
        hub.close()
        await runner.cleanup()


async def read_events(response: aiohttp.ClientResponse, count: int) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    name = ""
    async with asyncio.timeout(5):
        while len(found) < count:
            line = (await response.content.readline()).decode().rstrip("\n")
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                found.append((name, json.loads(line.removeprefix("data: "))))
    return found


async def test_state_comes_first_then_events_and_a_slow_page_starts_again(
    hub_server: tuple[EventHub, str],
) -> None:
    hub, url = hub_server
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        [first] = await read_events(response, 1)
        assert first == ("state", {"snapshot": 1})
        hub.publish("message", {"n": 1})
        assert await read_events(response, 1) == [("message", {"n": 1})]
        # Five events at once overflow a buffer of three: the oldest go, a fresh state leads.
        for n in range(2, 7):
            hub.publish("message", {"n": n})
        events = await read_events(response, 3)
        assert events[0][0] == "state"
        assert events[1:] == [("message", {"n": 5}), ("message", {"n": 6})]


def test_the_relay_turns_calls_and_answers_into_page_events() -> None:
    published: list[tuple[str, dict[str, Any]]] = []
    hub = EventHub(dict)
    hub.publish = lambda name, data: published.append((name, data))  # type: ignore[method-assign]
    relay = ApiRelay(hub, lambda chat_id: True)
    relay(RequestEvent(RequestRecord(0.0, "sendMessage", 5, 403, "Forbidden: bot was blocked")))
    relay(CallbackAnswerEvent({"callback_query_id": "9", "text": "Hi", "show_alert": False}))
    [(call, data), (answer, answered)] = published
    assert call == "call" and data["status"] == 403 and data["chat_id"] == 5
    assert answer == "callback_answer"
    assert answered == {"callback_query_id": "9", "text": "Hi", "show_alert": False, "url": None}


async def test_menu_changes_in_a_burst_make_one_commands_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(events, "COMMANDS_SETTLE", 0.01)
    published: list[str] = []
    hub = EventHub(dict)
    hub.publish = lambda name, data: published.append(name)  # type: ignore[method-assign]
    relay = ApiRelay(hub, lambda chat_id: True)
    for _ in range(3):
        relay(RequestEvent(RequestRecord(0.0, "setMyCommands", None, 200)))
    await asyncio.sleep(0.05)
    assert published == ["call", "call", "call", "commands"]


async def test_an_idle_stream_gets_ping_comments(
    hub_server: tuple[EventHub, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events, "PING_INTERVAL", 0.05)
    _, url = hub_server
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        await read_events(response, 1)
        async with asyncio.timeout(5):
            while (await response.content.readline()) != b": ping\n":
                pass
