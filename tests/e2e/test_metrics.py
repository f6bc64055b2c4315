"""`GET /metrics` of the running bot (issue 12): Prometheus text counting what happened, in a
registry of the application's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    ask,
    make_settings,
    publish,
    running_bot,
    storage_of,
)
from tests.e2e.test_api import delivered, free_port


@pytest.fixture
async def measured(
    api: LocalBotApi, database: Path
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    port = free_port()
    async with (
        running_bot(make_settings(api, database, http_port=port)) as application,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT) as client,
    ):
        yield application, client


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics: (name, labels) -> value."""
    answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


async def test_metrics_count_an_alert_sent_a_reply_and_the_update_behind_it(
    measured: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    application, client = measured
    before = await scrape(client)
    assert ("newsbot_sent_total", (("kind", "alert"),)) not in before
    assert before[("newsbot_updates_processed_total", ())] == 0

    await storage_of(application).subscriptions.subscribe(READER_ID, "private", language="en")
    article_id = await publish(application, "Bridge reopens")
    await delivered(application, article_id)
    await ask(api, READER_ID, "/latest")

    after = await scrape(client)
    assert after[("newsbot_sent_total", (("kind", "alert"),))] == 1
    assert after[("newsbot_sent_total", (("kind", "reply"),))] >= 1
    assert after[("newsbot_reply_seconds_count", ())] >= 1
    assert after[("newsbot_updates_processed_total", ())] >= 1
    assert after[("newsbot_outbox_depth", ())] == 0
    assert after[("newsbot_last_round_duration_seconds", ())] >= 0


async def test_a_failed_alert_is_counted_by_its_reason(
    measured: tuple[Any, httpx.AsyncClient], api: LocalBotApi
) -> None:
    application, client = measured
    api.block(READER_ID)
    await storage_of(application).subscriptions.subscribe(READER_ID, "private", language="en")
    article_id = await publish(application, "Nobody hears")
    await delivered(application, article_id)
    after = await scrape(client)
    assert after[("newsbot_failed_total", (("kind", "alert"), ("reason", "forbidden")))] == 1
