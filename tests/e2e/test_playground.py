"""The playground's server (issue 14) end to end: its HTTP API and event stream, with the real
bot behind it, talked to over HTTP on 127.0.0.1 as the page does.

One playground serves the whole module (start-up costs about a second); each test only adds
to its world, so they do not depend on each other's order.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from local_bot_api.images import png_bytes
from playground.playground import Playground, inline_chat_type
from playground.run import running_playground
from playground.world import (
    CHANNEL_ID,
    EDITOR_ID,
    EDITORS_ROOM_ID,
    FORUM_ID,
    NEWSROOM_ID,
    READER_ID,
    TOKEN,
)
from tests.e2e.harness import ROOT, TIMEOUT

pytestmark = pytest.mark.asyncio(loop_scope="module")
JSON = dict[str, Any]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def playground(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Playground]:
    database = tmp_path_factory.mktemp("playground") / "newsbot.sqlite3"
    async with running_playground(port=0, database_path=database) as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def http(playground: Playground) -> AsyncIterator[aiohttp.ClientSession]:
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(playground.url, timeout=timeout) as session:
        yield session


async def get(http: aiohttp.ClientSession, path: str, status: int = 200) -> Any:
    async with http.get(path) as response:
        body = await response.json()
        assert response.status == status, body
        return body["result"] if status == 200 else body


async def post(http: aiohttp.ClientSession, path: str, body: JSON, status: int = 200) -> Any:
    async with http.post(path, json=body) as response:
        answer = await response.json()
        assert response.status == status, answer
        return answer["result"] if status == 200 else answer


class Events:
    """The page's event stream. `next(name, matching)` returns the earliest such event not
    returned yet, read before or waited for (bounded): the bot's answer to a button and its
    edit may come in either order."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.seen: list[tuple[str, JSON]] = []
        self._returned: set[int] = set()

    async def _read(self) -> tuple[str, JSON]:
        name, data = "", ""
        while True:
            line = (await self._response.content.readline()).decode()
            if not line:
                raise ConnectionError("the event stream ended")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif not line and name:
                return name, json.loads(data)

    async def next(
        self, name: str, matching: Callable[[JSON], bool] = lambda _: True, timeout: float = TIMEOUT
    ) -> JSON:
        position = 0
        try:
            async with asyncio.timeout(timeout):
                while True:
                    while position < len(self.seen):
                        found, data = self.seen[position]
                        if position not in self._returned and found == name and matching(data):
                            self._returned.add(position)
                            return data
                        position += 1
                    self.seen.append(await self._read())
        except TimeoutError:
            kinds = [found for found, _ in self.seen if found != "call"]
            raise AssertionError(f"no such {name!r} event; came: {kinds}") from None


async def open_events(http: aiohttp.ClientSession) -> tuple[aiohttp.ClientResponse, Events]:
    response = await http.get("/api/events", timeout=aiohttp.ClientTimeout(total=None))
    assert response.headers["Content-Type"].startswith("text/event-stream")
    return response, Events(response)


def bot_says(chat_id: int, pattern: str) -> Callable[[JSON], bool]:
    """A `message` (or `edit`) event of the bot's in the chat whose text or caption matches."""

    def check(data: JSON) -> bool:
        message = data["message"]
        text = message.get("text") or message.get("caption") or ""
        return (
            data["chat_id"] == chat_id
            and message.get("from", {}).get("is_bot", True)
            and re.search(pattern, text) is not None
        )

    return check


async def test_state_lists_the_world(http: aiohttp.ClientSession) -> None:
    state = await get(http, "/api/state")
    assert state["bot"]["username"] == "newsbot_playground_bot"
    personas = {p["key"]: p for p in state["personas"]}
    assert personas["editor"] == {
        "key": "editor",
        "user_id": EDITOR_ID,
        "name": "Editor",
        "language": "en",
        "is_editor": True,
    }
    assert personas["reader"]["language"] == "ka" and not personas["reader"]["is_editor"]
    chats = {chat["id"]: chat for chat in state["chats"]}
    assert chats[EDITOR_ID]["visible_to"] == ["editor"]
    assert chats[CHANNEL_ID]["read_only"] and chats[CHANNEL_ID]["username"] == "newsbot_demo"
    assert [t["name"] for t in chats[FORUM_ID]["topics"]] == ["World", "Georgia"]
    assert chats[NEWSROOM_ID]["members"] == [
        {"user_id": EDITOR_ID, "status": "creator"},
        {"user_id": READER_ID, "status": "member"},
    ]
    assert chats[EDITORS_ROOM_ID]["type"] == "group"
    assert state["knobs"]["flood_limits"] is True
    # The page and its files, as they are in playground/static/.
    for path in ("/", "/static/app.js", "/static/style.css"):
        async with http.get(path) as response:
            assert response.status == 200, path


async def test_editor_publishes_and_georgian_reader_reads_and_pages_older(
    http: aiohttp.ClientSession,
) -> None:
    response, events = await open_events(http)
    async with response:
        first = await events.next("state")
        assert events.seen[0][0] == "state" and first["bot"]["first_name"] == "newsbot"
        for headline in ("Harvest begins", "Port reopens"):
            sent = await post(
                http,
                "/api/send",
                {"persona": "editor", "chat_id": EDITOR_ID, "text": f"/post {headline}\nBody."},
            )
            assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 5}]
            mine = await events.next("message", lambda d, sent=sent: d["message"] == sent)
            assert mine["chat_id"] == EDITOR_ID
            await events.next("message", bot_says(EDITOR_ID, "Published"))
        await post(
            http, "/api/send", {"persona": "reader", "chat_id": READER_ID, "text": "/latest 1"}
        )
        listing = (await events.next("message", bot_says(READER_ID, "Port reopens")))["message"]
        assert "უახლესი ამბები" in listing["text"]  # Nino's client is Georgian
        buttons = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
        older = next(b["callback_data"] for b in buttons if b["callback_data"].startswith("l:"))
        press = {"persona": "reader", "chat_id": READER_ID, "message_id": listing["message_id"]}
        answer = await post(http, "/api/press", {**press, "callback_data": older})
        assert set(answer) == {"text", "show_alert", "url"}
        await events.next("callback_answer")
        edited = await events.next("edit", bot_says(READER_ID, "Harvest begins"))
        assert edited["message"]["message_id"] == listing["message_id"]
        await events.next("call", lambda d: d["method"] == "editMessageText" and d["status"] == 200)
        await events.next("rate", lambda d: d["sent"] >= 1)
    messages = await get(http, f"/api/messages?chat_id={READER_ID}")
    assert [m["message_id"] for m in messages] == sorted(m["message_id"] for m in messages)
    shown = next(m for m in messages if m["message_id"] == listing["message_id"])
    assert "Harvest begins" in shown["text"] and "edit_date" in shown
    assert messages[0]["text"] == "/latest 1" and messages[0]["from"]["id"] == READER_ID


async def test_command_menus_follow_persona_chat_and_language(http: aiohttp.ClientSession) -> None:
    def names(menu: list[JSON]) -> list[str]:
        return [entry["command"] for entry in menu]

    editor = await get(http, f"/api/commands?chat_id={EDITOR_ID}&persona=editor")
    reader = await get(http, f"/api/commands?chat_id={READER_ID}&persona=reader")
    assert "post" in names(editor) and "post" not in names(reader)
    assert "latest" in names(reader) and re.search("[ა-ჰ]", reader[0]["description"])
    in_group = f"/api/commands?chat_id={NEWSROOM_ID}&persona="
    assert "subscribe" in names(await get(http, in_group + "editor"))  # its creator: an admin
    assert "subscribe" not in names(await get(http, in_group + "reader"))
    assert await get(http, f"/api/commands?chat_id={CHANNEL_ID}&persona=editor") == []
    await get(http, f"/api/commands?chat_id={NEWSROOM_ID}&persona=nobody", status=404)


async def test_photo_and_document_uploads_reach_the_bot(http: aiohttp.ClientSession) -> None:
    response, events = await open_events(http)
    async with response:
        await events.next("state")
        photo = png_bytes(640, 360)
        sent = await post(
            http,
            "/api/photo",
            {
                "persona": "editor",
                "chat_id": EDITOR_ID,
                "caption": "/post Storm over Batumi\nWinds closed the port.",
                "content_base64": base64.b64encode(photo).decode(),
            },
        )
        await events.next("message", bot_says(EDITOR_ID, "Published"))
        async with http.get(f"/api/files/{sent['photo'][-1]['file_id']}") as served:
            assert served.content_type == "image/png" and await served.read() == photo
        await post(
            http,
            "/api/send",
            {"persona": "editor", "chat_id": EDITOR_ID, "text": "/post From a file"},
        )
        await events.next("message", bot_says(EDITOR_ID, "."))
        document = {
            "persona": "editor",
            "chat_id": EDITOR_ID,
            "file_name": "story.txt",
            "content_base64": base64.b64encode(b"Told in a file.").decode(),
        }
        sent = await post(http, "/api/document", document)
        assert sent["document"]["mime_type"] == "text/plain"
        await events.next("message", bot_says(EDITOR_ID, "Added"))
        await post(
            http, "/api/send", {"persona": "editor", "chat_id": EDITOR_ID, "text": "/publish"}
        )
        await events.next("message", bot_says(EDITOR_ID, "Published"))
    not_an_image = {
        **document,
        "caption": None,
        "content_base64": base64.b64encode(b"text").decode(),
    }
    del not_an_image["file_name"]
    await post(http, "/api/photo", not_an_image, status=400)
    await get(http, "/api/files/NOSUCHFILE", status=404)
    state = await get(http, "/api/state")
    forum = next(chat for chat in state["chats"] if chat["id"] == FORUM_ID)
    world = forum["topics"][0]["thread_id"]
    in_topic = {"persona": "reader", "chat_id": FORUM_ID, "thread_id": world}
    photo_body = {**in_topic, "content_base64": base64.b64encode(png_bytes(80, 60)).decode()}
    assert (await post(http, "/api/photo", photo_body))["message_thread_id"] == world
    file_body = {**in_topic, "file_name": "notes.md", "content_base64": "IyBIaQ=="}
    sent = await post(http, "/api/document", file_body)
    assert sent["message_thread_id"] == world and sent["document"]["mime_type"] == "text/markdown"


async def test_knobs_and_blocking_reach_the_local_server(
    http: aiohttp.ClientSession, playground: Playground
) -> None:
    knobs = await post(http, "/api/knobs", {"latency_ms": 20, "global_per_second": 40})
    assert knobs == {
        "latency_ms": 20,
        "error_rate": 0.0,
        "flood_limits": True,
        "global_per_second": 40,
    }
    assert playground.api.latency == 0.02
    await post(http, "/api/knobs", {"latency_ms": 9000}, status=400)
    await post(http, "/api/knobs", {"latency_ms": 0, "global_per_second": 30})
    response, events = await open_events(http)
    async with response:
        await events.next("state")
        # Every send fails as Telegram's servers now and then do, until the knob is turned back.
        await post(http, "/api/knobs", {"error_rate": 1})
        await post(http, "/api/send", {"persona": "editor", "chat_id": EDITOR_ID, "text": "/help"})
        await events.next("call", lambda d: d["method"] == "sendMessage" and d["status"] >= 500)
        assert (await post(http, "/api/knobs", {"error_rate": 0}))["error_rate"] == 0
        blocked = await post(http, "/api/block", {"persona": "reader", "blocked": True})
        assert blocked["blocked"] is True
        await events.next("chat", lambda d: d["chat"]["id"] == READER_ID and d["chat"]["blocked"])
        await post(http, "/api/send", {"persona": "reader", "chat_id": READER_ID, "text": "/help"})
        refused = await events.next(
            "call", lambda d: d["chat_id"] == READER_ID and d["method"] == "sendMessage"
        )
        assert refused["status"] == 403 and "blocked" in refused["description"]
        await post(http, "/api/block", {"persona": "reader", "blocked": False})
        await post(http, "/api/send", {"persona": "reader", "chat_id": READER_ID, "text": "/help"})
        await events.next("message", bot_says(READER_ID, "/latest"))


async def test_migrating_the_group_adds_the_supergroup(http: aiohttp.ClientSession) -> None:
    response, events = await open_events(http)
    async with response:
        await events.next("state")
        new = await post(http, "/api/migrate", {"chat_id": EDITORS_ROOM_ID})
        assert new["type"] == "supergroup" and new["title"] == "Editors' room"
        old = await events.next("chat", lambda d: d["chat"]["id"] == EDITORS_ROOM_ID)
        assert old["chat"]["migrated_to"] == new["id"]
        await events.next("chat", lambda d: d["chat"]["id"] == new["id"])
    chats = {chat["id"]: chat for chat in (await get(http, "/api/state"))["chats"]}
    assert chats[EDITORS_ROOM_ID]["migrated_to"] == new["id"] and new["id"] in chats
    again = await post(http, "/api/migrate", {"chat_id": EDITORS_ROOM_ID}, status=400)
    assert "migrated" in again["description"]
    await post(http, "/api/migrate", {"chat_id": NEWSROOM_ID}, status=400)
    await post(http, "/api/migrate", {"chat_id": -42}, status=404)
    await post(
        http,
        "/api/send",
        {"persona": "editor", "chat_id": EDITORS_ROOM_ID, "text": "hello"},
        status=400,
    )


async def test_subscribers_are_added_and_a_fresh_state_follows(http: aiohttp.ClientSession) -> None:
    response, events = await open_events(http)
    async with response:
        await events.next("state")
        assert await post(http, "/api/subscribers", {"count": 25}) == {"subscribers": 25}
        fresh = await events.next("state")
        assert fresh["subscribers"] == 25
    await post(http, "/api/subscribers", {"count": 0}, status=400)
    await post(http, "/api/subscribers", {"count": 10_001}, status=400)


async def test_bad_requests_say_why(http: aiohttp.ClientSession) -> None:
    async with http.post(
        "/api/send", data=b"{not json", headers={"Content-Type": "application/json"}
    ) as r:
        assert r.status == 400 and not (await r.json())["ok"]
    # A form another web site could post without asking: refused.
    async with http.post(
        "/api/send", data=b'{"persona": "editor"}', headers={"Content-Type": "text/plain"}
    ) as r:
        assert r.status == 400 and "application/json" in (await r.json())["description"]
    missing = await post(http, "/api/send", {"persona": "editor", "chat_id": EDITOR_ID}, status=400)
    assert "text" in missing["description"]
    await post(
        http, "/api/send", {"persona": "nobody", "chat_id": EDITOR_ID, "text": "hi"}, status=404
    )
    await post(http, "/api/send", {"persona": "editor", "chat_id": 77, "text": "hi"}, status=404)
    # Each persona sees only their own private chat; nobody writes in the channel.
    await post(
        http, "/api/send", {"persona": "reader", "chat_id": EDITOR_ID, "text": "hi"}, status=404
    )
    await post(
        http, "/api/send", {"persona": "editor", "chat_id": CHANNEL_ID, "text": "hi"}, status=400
    )
    await post(
        http,
        "/api/send",
        {"persona": "editor", "chat_id": FORUM_ID, "thread_id": 999, "text": "hi"},
        status=400,
    )
    await post(http, "/api/persona", {"persona": "reader", "language": "fr"}, status=400)
    await get(http, "/api/messages?chat_id=abc", status=400)
    await get(http, "/api/messages", status=400)
    await get(http, "/api/nothing", status=404)
    # A site whose name a DNS rebinding points at 127.0.0.1 is not this machine.
    async with http.get("/api/state", headers={"Host": "evil.example"}) as r:
        assert r.status == 400 and "127.0.0.1" in (await r.json())["description"]


async def test_persona_language_changes_what_the_bot_answers(http: aiohttp.ClientSession) -> None:
    response, events = await open_events(http)
    async with response:
        await events.next("state")
        persona = await post(http, "/api/persona", {"persona": "editor", "language": "ka"})
        assert persona["language"] == "ka"
        sent = await post(
            http, "/api/send", {"persona": "editor", "chat_id": EDITOR_ID, "text": "/latest"}
        )
        assert sent["from"]["language_code"] == "ka"
        await events.next("message", bot_says(EDITOR_ID, "[ა-ჰ]"))
        await post(http, "/api/persona", {"persona": "editor", "language": "en"})


async def test_cli_prints_the_address_ignores_a_real_token_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    """`python -m bot playground --port 0`: a token and Bot API URL in the environment (a real
    bot's .env, say) are not used: the bot still talks to the local server only; an empty
    database starts with the demo articles."""
    environment = {
        **os.environ,
        "BOT_TOKEN": "999999:REAL-TOKEN-MUST-NOT-BE-USED",
        "BOT_API_BASE_URL": "http://127.0.0.1:9/bot",
        "DATABASE_PATH": str(tmp_path / "kept.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "playground", "--port", "0"),
        cwd=tmp_path,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        # The address is printed once everything listens.
        line = await asyncio.wait_for(process.stdout.readline(), TIMEOUT)
        address = line.decode().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", address), address
        async with aiohttp.ClientSession(address) as session:
            state = await get(session, "/api/state")
            assert state["bot"]["username"] == "newsbot_playground_bot"
            async with session.get("/") as page:
                assert page.status == 200 and "<html" in (await page.text()).lower()
            # An empty database got the demo articles: the sample page's newest headline leads.
            response, events = await open_events(session)
            async with response:
                latest = {"persona": "reader", "chat_id": READER_ID, "text": "/latest"}
                await post(session, "/api/send", latest)
                await events.next("message", bot_says(READER_ID, "მარკო რუბიო"))
        process.send_signal(signal.SIGTERM)
        _, errors = await asyncio.wait_for(process.communicate(), TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await asyncio.wait_for(process.wait(), TIMEOUT)
    log = errors.decode()
    assert process.returncode == 0, log
    assert "newsbot started as @newsbot_playground_bot" in log
    assert "REAL-TOKEN" not in log and TOKEN not in log
    assert (tmp_path / "kept.sqlite3").exists()


async def test_inline_sharing_posts_the_article_as_the_persona_via_the_bot(
    http: aiohttp.ClientSession,
) -> None:
    """Nino types `@bot word` in the group, picks the article: her message via the bot, with the
    deep-link button, appears in the group, and the article counts one more view."""
    response, events = await open_events(http)
    async with response:
        await events.next("state")
        editor = {"persona": "editor", "chat_id": EDITOR_ID}
        await post(http, "/api/send", {**editor, "text": "/post Kvevri harvest\nClay jars fill."})
        published = await events.next("message", bot_says(EDITOR_ID, r"article \d+"))
        found = re.search(r"article (\d+)", published["message"]["text"])
        assert found is not None
        article = found.group(1)

        async def inline_views() -> int:
            """The article's 👁 views as /stats <id> shows the editor."""
            await post(http, "/api/send", {**editor, "text": f"/stats {article}"})
            stats = await events.next("message", bot_says(EDITOR_ID, r"👁 \d+ views"))
            views = re.search(r"👁 (\d+) views", stats["message"]["text"])
            assert views is not None and "shared inline" in stats["message"]["text"]
            return int(views.group(1))

        before = await inline_views()
        in_group = {"persona": "reader", "chat_id": NEWSROOM_ID}
        answer = await post(http, "/api/inline", {**in_group, "query": "kvevri"})
        assert set(answer) == {"results", "next_offset"} and answer["next_offset"] is None
        result = next(r for r in answer["results"] if r["id"] == article)
        assert result["title"] == "Kvevri harvest"
        choice = {**in_group, "query": "kvevri", "result_id": article}
        posted = await post(http, "/api/inline/choose", choice)
        assert posted["from"]["id"] == READER_ID
        assert posted["via_bot"]["username"] == "newsbot_playground_bot"
        assert (
            posted["text"].startswith("Kvevri harvest") and posted["entities"][0]["type"] == "bold"
        )
        [[button]] = posted["reply_markup"]["inline_keyboard"]
        assert button["url"] == f"https://t.me/newsbot_playground_bot?start=read_{article}"
        await events.next("message", lambda d: d == {"chat_id": NEWSROOM_ID, "message": posted})
        # Nino's updates run in order: once the bot answers her /help, her choice is counted.
        reader = {"persona": "reader", "chat_id": READER_ID}
        await post(http, "/api/send", {**reader, "text": "/help"})
        await events.next("message", bot_says(READER_ID, "/latest"))
        assert await inline_views() == before + 1
    assert posted in await get(http, f"/api/messages?chat_id={NEWSROOM_ID}")
    refused = {
        "offered no result": {**choice, "result_id": "999999"},
        "answered no inline query": {**choice, "query": "never typed"},
        "cannot write": {**choice, "persona": "editor", "chat_id": CHANNEL_ID},  # read-only
    }
    for why, body in refused.items():
        failed = await post(http, "/api/inline/choose", body, status=400)
        assert why in failed["description"]


async def test_inline_queries_say_where_they_are_typed(playground: Playground) -> None:
    """As Telegram's chat_type: "sender" in the persona's own chat with the bot."""
    world = playground.world
    reader, editor = world.personas["reader"], world.personas["editor"]
    assert inline_chat_type(reader, world.chats[READER_ID]) == "sender"
    assert inline_chat_type(editor, world.chats[READER_ID]) == "private"
    assert inline_chat_type(reader, world.chats[NEWSROOM_ID]) == "supergroup"
    assert inline_chat_type(editor, world.chats[CHANNEL_ID]) == "channel"
    assert inline_chat_type(editor, world.chats[EDITORS_ROOM_ID]) == "group"
