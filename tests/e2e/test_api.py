"""The publish API over the real HTTP server (issue 12), with the real bot behind it against the
local Bot API server: auth, validation, idempotency on external_id, corrections and withdrawals
reaching the copies already sent, breaking news, the OpenAPI document."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.context import services_of
from bot.limits import API_REQUEST_MAX_BYTES
from bot.news import scheduling, sections
from bot.news.articles import Problem
from local_bot_api import LocalBotApi
from local_bot_api.images import png_bytes
from tests.e2e.feed_server import Route, feed_server
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    ask,
    eventually,
    make_settings,
    rounds_finished_through,
    running_bot,
    storage_of,
)

API_TOKEN = "cms-secret-0123456789"
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


def free_port() -> int:
    """A port nothing listens on now (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def served(api: LocalBotApi, database: Path) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """The bot with its HTTP server and publish API on, and a client of that server."""
    port = free_port()
    settings = make_settings(api, database, http_port=port, api_token=API_TOKEN)
    async with (
        running_bot(settings) as application,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as client,
    ):
        yield application, client


async def post(client: httpx.AsyncClient, **article: Any) -> httpx.Response:
    """POST /api/articles with the token; `body` defaults to a short HTML text."""
    article.setdefault("body", "<p>Body.</p>")
    return await client.post("/api/articles", json=article, headers=AUTH)


async def delivered(application: Any, article_id: int) -> None:
    """A round through the article, finished (every alert sent)."""
    services_of(application).delivery.request_round()
    await eventually(
        lambda: rounds_finished_through(storage_of(application), article_id), "the round finished"
    )


async def test_the_api_refuses_requests_without_the_token_or_with_a_wrong_one(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    application, client = served
    article = {"headline": "Sneaky", "body": "x"}
    missing = await client.post("/api/articles", json=article)
    assert missing.status_code == 401 and missing.json()["error"] == "unauthorized"
    wrong = await client.post(
        "/api/articles", json=article, headers={"Authorization": "Bearer not-the-token"}
    )
    assert wrong.status_code == 403 and wrong.json()["error"] == "forbidden"
    basic = await client.get("/api/articles/1", headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401
    assert await storage_of(application).articles.latest(10) == []


async def test_post_publishes_sanitised_html_and_answers_the_deep_link_get_counts_views(
    served: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    _, client = served
    answer = await post(
        client,
        headline="Bridge reopens",
        body="<h2>Traffic</h2><p>Cars <b>return</b> <script>alert(1)</script>today.</p>",
    )
    assert answer.status_code == 201, answer.text
    created = answer.json()
    article_id = created["id"]
    assert created["link"] == f"https://t.me/newsbot_test_bot?start=read_{article_id}"
    assert "<script>" not in created["body_html"] and "<b>return</b>" in created["body_html"]

    [read] = await ask(api, READER_ID, f"/read_{article_id}")
    assert "Bridge reopens" in read.text and "Cars return" in read.text

    async def viewed_once() -> bool:
        shown = await client.get(f"/api/articles/{article_id}", headers=AUTH)
        assert shown.status_code == 200 and shown.json()["headline"] == "Bridge reopens"
        return bool(shown.json()["views"] == 1)

    await eventually(viewed_once, "the reading counted as a view")  # counted once it was sent
    assert (await client.get("/api/articles/999", headers=AUTH)).status_code == 404
    assert (await client.get("/api/articles/x1", headers=AUTH)).status_code == 404


async def test_markdown_and_text_bodies_are_converted_like_uploads(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    _, client = served
    markdown = await post(client, headline="Markdown", body="Some **bold** news", format="markdown")
    assert markdown.status_code == 201 and "<b>bold</b>" in markdown.json()["body_html"]
    text = await post(client, headline="Plain", body="a < b & c", format="text")
    assert text.status_code == 201 and "a &lt; b &amp; c" in text.json()["body_html"]


@pytest.mark.parametrize(
    ("article", "field"),
    [
        ({"body": "x"}, "headline"),
        ({"headline": "x" * 201, "body": "x"}, "headline"),
        ({"headline": "Two\nlines", "body": "x"}, "headline"),
        ({"headline": "Empty body", "body": "<p> </p>"}, "body"),
        ({"headline": "Bad format", "body": "x", "format": "pdf"}, "format"),
        ({"headline": "Typo", "body": "x", "breaking_news": True}, "breaking_news"),
        ({"headline": "No zone", "body": "x", "publish_at": "2030-01-01T09:00"}, "publish_at"),
        ({"headline": "Bad id", "body": "x", "external_id": "a/b"}, "external_id"),
        ({"headline": "Nowhere", "body": "x", "section": "Gardening"}, "section"),
        ({"headline": "Photo", "body": "x", "photo_url": "ftp://example.com/a.jpg"}, "photo_url"),
    ],
)
async def test_validation_errors_are_422_naming_the_field(
    served: tuple[Any, httpx.AsyncClient], article: dict[str, Any], field: str
) -> None:
    application, client = served
    answer = await client.post("/api/articles", json=article, headers=AUTH)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field and answer.json()["detail"]
    assert await storage_of(application).articles.latest(10) == []


async def test_a_body_that_is_not_json_or_too_large_is_refused(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    _, client = served
    garbled = await client.post("/api/articles", content=b"{not json", headers=AUTH)
    assert garbled.status_code == 422 and garbled.json()["field"] == "body"
    huge = await post(client, headline="Huge", body="x" * API_REQUEST_MAX_BYTES)
    assert huge.status_code == 413


async def test_a_section_is_named_in_either_language_or_by_id(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    application, client = served
    section_id = await _add_section(application, "Sport | სპორტი")
    by_name = await post(client, headline="Match won", section="სპორტი")
    assert by_name.status_code == 201 and by_name.json()["section"] == "Sport"
    by_id = await post(client, headline="Match lost", section=section_id)
    assert by_id.status_code == 201 and by_id.json()["section"] == "Sport"


async def _add_section(application: Any, names: str) -> int:
    section = await sections.add(storage_of(application), names)
    assert not isinstance(section, Problem)
    return section.id


async def test_posting_again_with_the_same_external_id_returns_the_same_article(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    application, client = served
    first = await post(client, headline="Budget passes", external_id="wp-42")
    assert first.status_code == 201
    again = await post(client, headline="Budget passes", external_id="wp-42")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = await post(client, headline="Budget fails", external_id="wp-42")
    assert other.status_code == 409 and other.json()["field"] == "external_id"
    assert len(await storage_of(application).articles.latest(10)) == 1

    by_external = await client.get("/api/articles/external/wp-42", headers=AUTH)
    assert by_external.status_code == 200
    assert by_external.json()["id"] == first.json()["id"]
    assert by_external.json()["external_id"] == "wp-42"
    missing = await client.get("/api/articles/external/wp-43", headers=AUTH)
    assert missing.status_code == 404


async def test_the_same_external_id_posted_at_once_publishes_one_article(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    application, client = served
    answers = await asyncio.gather(
        *(post(client, headline="Race", external_id="wp-race") for _ in range(5))
    )
    assert sorted(answer.status_code for answer in answers) == [200, 200, 200, 200, 201]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert len(await storage_of(application).articles.latest(10)) == 1


async def test_patch_corrects_and_delete_withdraws_the_copies_already_sent(
    served: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    application, client = served
    await storage_of(application).subscriptions.subscribe(READER_ID, "private", language="en")
    created = (await post(client, headline="Mayor resigns", external_id="wp-7")).json()
    await delivered(application, created["id"])
    [alert] = [m for m in api.messages(READER_ID) if "Mayor resigns" in m.text]
    shown = (await client.get("/api/articles/external/wp-7", headers=AUTH)).json()
    assert shown["deliveries"] == {"messages": 1, "chats": 1}

    patched = await client.patch(
        "/api/articles/external/wp-7", json={"headline": "Mayor stays"}, headers=AUTH
    )
    assert patched.status_code == 200 and patched.json()["headline"] == "Mayor stays"
    assert patched.json()["updated_at"] is not None
    edited = await api.wait_for(
        lambda m: m.message_id == alert.message_id and m.edited and "Mayor stays" in m.text,
        timeout=TIMEOUT,
    )
    assert edited.chat_id == READER_ID
    unchanged = await client.patch(
        f"/api/articles/{created['id']}", json={"headline": "Mayor stays"}, headers=AUTH
    )
    assert unchanged.status_code == 200
    empty = await client.patch(f"/api/articles/{created['id']}", json={}, headers=AUTH)
    assert empty.status_code == 422

    withdrawn = await client.delete(f"/api/articles/{created['id']}", headers=AUTH)
    assert withdrawn.status_code == 200 and withdrawn.json()["retracted_at"] is not None
    await eventually(lambda: (READER_ID, alert.message_id) in api.deleted, "the alert deleted")
    again = await client.delete("/api/articles/external/wp-7", headers=AUTH)
    assert again.status_code == 200
    refused = await client.patch(
        "/api/articles/external/wp-7", json={"headline": "Back"}, headers=AUTH
    )
    assert refused.status_code == 409


async def test_breaking_news_through_the_api_alerts_subscribers_at_once(
    served: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    application, client = served
    await storage_of(application).subscriptions.subscribe(READER_ID, "private", language="en")
    answer = await post(client, headline="Earthquake", breaking=True)
    assert answer.status_code == 201
    await api.wait_for(lambda m: m.chat_id == READER_ID and "Earthquake" in m.text, timeout=TIMEOUT)


async def test_a_lead_photo_by_url_goes_by_url_once_then_by_its_file_id(
    served: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    application, client = served
    await storage_of(application).subscriptions.subscribe(READER_ID, "private", language="en")
    async with feed_server() as site:
        site.routes["/img/bridge.png"] = Route(png_bytes(640, 480), content_type="image/png")
        answer = await post(
            client, headline="Bridge reopens", photo_url=site.url("/img/bridge.png")
        )
        assert answer.status_code == 201, answer.text
        article_id = answer.json()["id"]
        await delivered(application, article_id)
        [alert] = [m for m in api.messages(READER_ID) if "Bridge reopens" in m.text]
        assert alert.method == "sendPhoto" and alert.photo is not None
        replies = await ask(api, READER_ID, f"/read_{article_id}", count=2)
        assert replies[0].method == "sendPhoto" and replies[0].photo == alert.photo
        assert site.statuses("/img/bridge.png") == [200]  # fetched once, then by its file_id


async def test_patch_with_a_photo_url_swaps_the_photo_of_every_copy_and_null_removes_it(
    served: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    application, client = served
    await storage_of(application).subscriptions.subscribe(READER_ID, "private", language="en")
    async with feed_server() as site:
        for name, width in (("before", 640), ("after", 800)):
            site.routes[f"/img/{name}.png"] = Route(png_bytes(width, 480), content_type="image/png")
        created = await post(client, headline="Dam opens", photo_url=site.url("/img/before.png"))
        article_id = created.json()["id"]
        await delivered(application, article_id)
        [alert] = [m for m in api.messages(READER_ID) if "Dam opens" in m.text]
        assert alert.method == "sendPhoto"

        refused = await client.patch(
            f"/api/articles/{article_id}", json={"photo_url": "ftp://x/a.png"}, headers=AUTH
        )
        assert refused.status_code == 422 and refused.json()["field"] == "photo_url"
        patched = await client.patch(
            f"/api/articles/{article_id}",
            json={"photo_url": site.url("/img/after.png")},
            headers=AUTH,
        )
        assert patched.status_code == 200, patched.text
        swapped = await api.wait_for(
            lambda m: m.message_id == alert.message_id and m.method == "editMessageMedia",
            timeout=TIMEOUT,
        )
        assert swapped.chat_id == READER_ID and swapped.photo not in (None, alert.photo)
        replies = await ask(api, READER_ID, f"/read_{article_id}", count=2)
        assert replies[0].method == "sendPhoto" and replies[0].photo == swapped.photo
        assert site.statuses("/img/after.png") == [200]  # fetched once, then by its file_id

        removed = await client.patch(
            f"/api/articles/{article_id}", json={"photo_url": None}, headers=AUTH
        )
        assert removed.status_code == 200, removed.text
        replies = await ask(api, READER_ID, f"/read_{article_id}")
        assert [reply.method for reply in replies] == ["sendMessage"]


async def test_publish_at_ahead_schedules_the_article_known_by_its_external_id(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    application, client = served
    storage = storage_of(application)
    too_far = await post(
        client, headline="Next century", publish_at="2199-01-01T09:00:00+04:00", external_id="s-0"
    )
    assert too_far.status_code == 422 and too_far.json()["field"] == "publish_at"
    later = {"headline": "Later today", "publish_at": _hours_ahead(2), "external_id": "s-1"}
    first = await post(client, **later)
    assert first.status_code == 201 and first.json()["state"] == "waiting"
    repeat = await post(client, **later)
    assert repeat.status_code == 200
    assert repeat.json()["scheduled_id"] == first.json()["scheduled_id"]
    now_instead = await post(client, headline="Later today", external_id="s-1")
    assert now_instead.status_code == 200 and now_instead.json()["state"] == "waiting"
    assert await storage.articles.latest(10) == []

    waiting = await client.get("/api/articles/external/s-1", headers=AUTH)
    assert waiting.status_code == 200 and waiting.json()["state"] == "waiting"
    early = await client.patch(
        "/api/articles/external/s-1", json={"headline": "Soon"}, headers=AUTH
    )
    assert early.status_code == 409
    # Its time comes (Publish now, as editors press it): the external id names the article.
    release = await scheduling.publish_now(storage, first.json()["scheduled_id"], chat_id=0)
    assert not isinstance(release, Problem)
    published = await client.get("/api/articles/external/s-1", headers=AUTH)
    assert published.status_code == 200 and published.json()["id"] == release.article.id

    second = await post(client, headline="Tomorrow", publish_at=_hours_ahead(20), external_id="s-2")
    cancelled = await client.delete("/api/articles/external/s-2", headers=AUTH)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert (await storage.scheduled.get(second.json()["scheduled_id"])) is not None
    assert len(await storage.articles.latest(10)) == 1


def _hours_ahead(hours: int) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(microsecond=0).isoformat()


async def test_the_openapi_document_describes_the_models(
    served: tuple[Any, httpx.AsyncClient],
) -> None:
    _, client = served
    document = (await client.get("/api/openapi.json")).json()
    assert document["openapi"].startswith("3.")
    assert {"/api/articles", "/api/articles/{article_id}"} <= set(document["paths"])
    schema = document["components"]["schemas"]["NewArticle"]
    assert {"headline", "body", "external_id", "publish_at"} <= set(schema["properties"])


async def test_without_api_token_there_is_no_api_but_health_is_served(
    api: LocalBotApi, database: Path
) -> None:
    port = free_port()
    async with (
        running_bot(make_settings(api, database, http_port=port)),
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as client,
    ):
        assert (await client.post("/api/articles", json={}, headers=AUTH)).status_code == 404
        assert (await client.get("/healthz")).status_code == 200
