"""A scheduled article published as breaking news at its time (issue 11): `/schedule <when>
breaking`, in one message or for the draft being written; /scheduled marks it; at its time it
becomes an immediate breaking alert, with sound, never repeated in the next digest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import handlers.scheduling
from bot.context import services_of
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ask,
    eventually,
    make_settings,
    publish,
    running_bot,
    storage_of,
)
from tests.e2e.test_breaking import alerts_about, assert_breaking, catalog
from tests.e2e.test_scheduling import local_time, make_due, publication_notice, scheduled_id

EDITORS_ONLY = "only the news desk’s editors"


@pytest.fixture
async def app(
    api: LocalBotApi, database: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Any]:
    """The bot looking for due articles every 0.2 s, with a long PUSH_INTERVAL: an alert soon
    after the publication comes from the publication itself, not from a timed round."""
    monkeypatch.setattr(handlers.scheduling, "SCHEDULE_CHECK_INTERVAL", 0.2)
    async with running_bot(make_settings(api, database, push_interval=300)) as application:
        yield application


async def test_a_scheduled_breaking_article_becomes_a_breaking_alert_not_repeated_in_a_digest(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    await storage.subscriptions.subscribe(READER_ID, "private", language="en")
    when = local_time(3600)
    [done] = await ask(api, EDITOR_ID, f"/schedule {when} breaking\nStorm warning\nWinds of 150.")
    assert "Scheduled as" in done.text and "breaking" in done.text
    number = scheduled_id(done)
    # The draft being written, the same way.
    await ask(api, EDITOR_ID, "/post Calm later")
    await ask(api, EDITOR_ID, "Nothing to fear.")
    [plain] = await ask(api, EDITOR_ID, f"/schedule {local_time(7200)}")
    assert "Scheduled as" in plain.text and "breaking" not in plain.text
    _, first, second = await ask(api, EDITOR_ID, "/scheduled", count=3)
    assert scheduled_id(first) == number and "Storm warning" in first.text
    assert "🔴" in first.text and "breaking" in first.text  # marked beside its time
    assert "breaking" not in second.text

    await make_due(storage, number)
    article_id = await publication_notice(api, number)
    await eventually(lambda: bool(alerts_about(api, READER_ID, "Storm warning")), "the alert")
    [alert] = alerts_about(api, READER_ID, "Storm warning")
    assert_breaking(alert)

    normal = await publish(app, "Schools reopen")
    services_of(app).delivery.request_round()
    await eventually(lambda: bool(alerts_about(api, READER_ID, "Schools reopen")), "the digest")
    [digest] = alerts_about(api, READER_ID, "Schools reopen")
    assert digest.text.startswith(catalog("alert-title")) and "Storm" not in digest.text
    assert len(alerts_about(api, READER_ID, "Storm warning")) == 1
    assert normal > article_id


async def test_a_draft_waiting_for_its_time_takes_a_breaking_time_too(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    await ask(api, EDITOR_ID, "/post Polls close")
    await ask(api, EDITOR_ID, "Counting starts.")
    [asks] = await ask(api, EDITOR_ID, "/schedule")
    assert "breaking" in asks.text  # the prompt says how
    [done] = await ask(api, EDITOR_ID, f"{local_time(3600)} breaking")
    scheduled = await storage.scheduled.get(scheduled_id(done))
    assert scheduled is not None and scheduled.breaking


async def test_readers_cannot_schedule_breaking_news(app: Any, api: LocalBotApi) -> None:
    [refusal] = await ask(api, READER_ID, f"/schedule {local_time(3600)} breaking\nHacked\nText.")
    assert EDITORS_ONLY in refusal.text
    assert await storage_of(app).scheduled.count_waiting() == 0
