"""The delivery engine's own guarantees: a task that dies is restarted, and editors can see it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot import supervision
from bot.delivery import rounds
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    SUBSCRIBER_ID,
    ClaimOutage,
    ask,
    eventually,
    make_settings,
    publish,
    running_bot,
    services_of,
    storage_of,
)


async def test_a_feeder_killed_by_a_locked_database_restarts_and_stats_tell(
    supervised_app: Any, api: LocalBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = storage_of(supervised_app).outbox
    real_next_due_at = outbox.next_due_at
    failures = 0

    async def locked_twice() -> float | None:
        nonlocal failures
        if failures < 2:
            failures += 1
            raise sqlite3.OperationalError("database is locked")
        return await real_next_due_at()

    monkeypatch.setattr(outbox, "next_due_at", locked_twice)
    await storage_of(supervised_app).subscriptions.subscribe(SUBSCRIBER_ID, "private")
    await publish(supervised_app, "Still delivered")
    [alert] = await api.wait_for_messages(SUBSCRIBER_ID, 1, timeout=10)
    assert "Still delivered" in alert.text
    await eventually(lambda: failures == 2, "the feeder met the locked database twice")

    def feeder_restarted() -> bool:
        troubles = services_of(supervised_app).delivery.troubles()
        return [(t.kind, t.restarts) for t in troubles] == [("feeder", 2)]

    await eventually(feeder_restarted, "two restarts of the feeder are on record")
    await publish(supervised_app, "Delivered after the restarts")
    [_, later] = await api.wait_for_messages(SUBSCRIBER_ID, 2, timeout=10)
    assert "Delivered after the restarts" in later.text
    stats, _chart = await ask(api, EDITOR_ID, "/stats", count=2)
    assert "Delivery feeder restarted 2 times" in stats.text
    assert "database is locked" in stats.text


async def test_a_storage_failure_that_persists_shows_as_stalled_and_recovers_by_itself(
    supervised_app: Any, api: LocalBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    outage = ClaimOutage(supervised_app, monkeypatch)
    engine = services_of(supervised_app).delivery
    await eventually(lambda: engine.stalled_since() is not None, "delivery reported stalled")
    stats, _chart = await ask(api, EDITOR_ID, "/stats", count=2)
    assert "Delivery stalled since" in stats.text and "disk I/O error" in stats.text

    await storage_of(supervised_app).subscriptions.subscribe(SUBSCRIBER_ID, "private")
    await publish(supervised_app, "After the outage")
    outage.end()
    [alert] = await api.wait_for_messages(SUBSCRIBER_ID, 1, timeout=30)
    assert "After the outage" in alert.text
    await eventually(lambda: engine.stalled_since() is None, "delivery no longer stalled")
    stats, _chart = await ask(api, EDITOR_ID, "/stats", count=2)
    assert "stalled" not in stats.text


async def test_a_failed_round_is_planned_again_at_once_not_an_interval_later(
    api: LocalBotApi, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(supervision, "RESTART_BACKOFF_FIRST", 0.05)
    monkeypatch.setattr(rounds, "FIRST_ROUND_DELAY", 3600)  # no second chance by the clock
    api.add_private_chat(SUBSCRIBER_ID, first_name="Subscriber")
    settings = make_settings(api, database, push_interval=3600)
    async with running_bot(settings) as app:
        outbox = storage_of(app).outbox
        real_plan_round = outbox.plan_round
        failures = 0

        async def fails_once(*args: Any, **kwargs: Any) -> Any:
            nonlocal failures
            if failures == 0:
                failures += 1
                raise sqlite3.OperationalError("database is locked")
            return await real_plan_round(*args, **kwargs)

        monkeypatch.setattr(outbox, "plan_round", fails_once)
        await storage_of(app).subscriptions.subscribe(SUBSCRIBER_ID, "private")
        await publish(app, "Planned after a failure")
        services_of(app).delivery.request_round()
        [alert] = await api.wait_for_messages(SUBSCRIBER_ID, 1, timeout=10)
        assert "Planned after a failure" in alert.text and failures == 1
        await eventually(
            lambda: services_of(app).delivery.stalled_since() is None, "not stalled any more"
        )
