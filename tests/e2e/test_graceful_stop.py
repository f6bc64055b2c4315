"""SIGTERM mid-round (a deploy): sends on their way finish and are recorded, the rest waits, and
after the restart every chat has the alert exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections import Counter
from pathlib import Path

from bot.limits import TRANSIENT_TRIES
from local_bot_api import LocalBotApi
from storage import Storage
from tests.audit import delivery_rows
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    alert_counts,
    eventually,
    make_settings,
    marker_round,
    outbox_states,
    publish,
    rounds_finished_through,
    running_bot,
    services_of,
    start_bot_process,
    stop_bot_process,
    storage_of,
)

CHATS = range(20_000, 20_300)
# A rate well above what 30 ms round trips allow one worker: many sends are on their way at any
# moment, so the signal is sure to land while some of them are.
SETTINGS = {"PUSH_INTERVAL": "0.5", "RATE_LIMIT": "300", "DELIVERY_WORKERS": "32"}
# Liveness: how long the process may take to exit by itself before the test gives up on it.
EXIT_BOUND = 30.0


async def exit_by_itself(process: asyncio.subprocess.Process) -> tuple[bytes, float]:
    """Wait for the process to exit on its own; its output and how long it took."""
    started = time.monotonic()
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=EXIT_BOUND)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
        raise AssertionError(
            f"still running {EXIT_BOUND} s after SIGTERM:\n{output.decode()[-3000:]}"
        ) from None
    return output or b"", time.monotonic() - started


async def test_sigterm_mid_round_records_every_send_and_the_restart_repeats_nothing(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    api.latency = 0.03
    for chat_id in CHATS:
        api.add_private_chat(chat_id, first_name="Reader")
    storage = await Storage.open(database)
    for chat_id in CHATS:
        await storage.subscriptions.subscribe(chat_id, "private")
    article = await storage.articles.publish("Breaking", "Body.", EDITOR_ID)
    await storage.close()

    process = await start_bot_process(api, database, tmp_path, capture_output=True, **SETTINGS)
    try:
        await eventually(
            lambda: len(alert_counts(api, "Breaking", CHATS)) >= len(CHATS) // 3,
            "a third of the chats alerted before the signal",
            timeout=30,
        )
        process.send_signal(signal.SIGTERM)
        output, took = await exit_by_itself(process)
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    log = output.decode()
    assert process.returncode == 0, log[-3000:]
    before_restart = alert_counts(api, "Breaking", CHATS)
    states = outbox_states(database)
    print(f"exited {took:.2f} s after SIGTERM; sent before it {sum(before_restart.values())}")
    assert 0 < len(before_restart) < len(CHATS), "the signal must land mid-round"
    assert max(before_restart.values()) == 1
    # Every alert Telegram got is recorded as sent, and nothing else is: no send was abandoned
    # on its way, no outcome was dropped, nothing is left claimed.
    assert set(states) == set(CHATS)
    assert set(states.values()) <= {"due", "sent"}, Counter(states.values())
    recorded = {chat_id for chat_id, state in states.items() if state == "sent"}
    assert recorded == set(before_restart), (
        sorted(set(before_restart) - recorded),
        sorted(recorded - set(before_restart)),
    )

    process = await start_bot_process(api, database, tmp_path, **SETTINGS)
    try:
        await eventually(
            lambda: len(alert_counts(api, "Breaking", CHATS)) == len(CHATS),
            "every chat alerted after the restart",
            timeout=60,
        )
        marker_id = await marker_round(api, database, CHATS)
    finally:
        await stop_bot_process(process)

    counts = alert_counts(api, "Breaking", CHATS)
    repeats = sum(count - 1 for count in counts.values())
    print(f"repeats after the restart: {repeats}")
    assert counts == Counter({chat_id: 1 for chat_id in CHATS})  # none lost, none repeated
    assert alert_counts(api, "Marker", CHATS) == Counter({chat_id: 1 for chat_id in CHATS})
    storage = await Storage.open(database)
    try:
        for counted in (article.id, marker_id):
            stored = await storage.articles.get(counted)
            assert stored is not None and stored.views == len(CHATS)
            assert await delivery_rows(storage, counted) == len(CHATS)
        rounds = await storage.outbox.recent_rounds(5)
        assert [(r.delivered, r.failed, r.due) for r in rounds] == [(len(CHATS), 0, 0)] * 2
    finally:
        await storage.close()


async def alert_rows(storage: Storage, chat_id: int) -> list[tuple[str, str | None, float]]:
    """The chat's alerts: state, last error, and when it may be sent."""
    async with storage.database.connection.execute(
        "SELECT state, last_error, not_before FROM outbox WHERE chat_id = ?", (chat_id,)
    ) as cursor:
        return [(str(row[0]), row[1], float(row[2])) for row in await cursor.fetchall()]


async def test_stop_waits_for_a_hanging_send_only_until_its_timeout_and_gives_the_alert_back(
    api: LocalBotApi, database: Path
) -> None:
    # The server holds the reply far longer than any stop may take: stop() must not wait for
    # the server, only for the bot's own REQUEST_TIMEOUT.
    api.timeout_delay = 600
    api.fail_next("sendMessage", chat_id=READER_ID, status="timeout", count=TRANSIENT_TRIES)
    settings = make_settings(api, database, push_interval=0.3, request_timeout=1)
    async with running_bot(settings) as app:
        storage = storage_of(app)
        await storage.subscriptions.subscribe(READER_ID, "private")
        await publish(app, "Held")
        await eventually(lambda: api.in_progress("sendMessage") == 1, "the send is on its way")
        # Liveness bound, far below the server's hold.
        await asyncio.wait_for(services_of(app).delivery.stop(), timeout=TIMEOUT)
        [(state, error, not_before)] = await alert_rows(storage, READER_ID)
    # Stop waited for the send's own timeout (cut short, it would have left no error), and
    # gave the alert back for the next start at once rather than a round later.
    assert state == "due"
    assert error is not None and "timed out" in error.lower(), error
    assert not_before <= time.time()
    assert [m for m in api.sent if m.chat_id == READER_ID] == []

    api.clear_faults()
    async with running_bot(settings) as app:
        await eventually(
            lambda: any(m.chat_id == READER_ID and "Held" in m.text for m in api.sent),
            "the alert sent at the next start",
        )
        await eventually(lambda: rounds_finished_through(storage_of(app), 1), "its round finished")
    assert len([m for m in api.sent if m.chat_id == READER_ID]) == 1


async def test_stop_does_not_wait_out_a_flood_pause_and_the_alert_is_due_again(
    api: LocalBotApi, database: Path
) -> None:
    # A 429 pauses every send far longer than any stop may take: the alert waiting for its
    # slot is not on its way, so stop() gives it back instead of waiting.
    api.fail_next("sendMessage", chat_id=READER_ID, status=429, retry_after=600)
    settings = make_settings(api, database, push_interval=0.3)
    async with running_bot(settings) as app:
        storage = storage_of(app)
        await storage.subscriptions.subscribe(READER_ID, "private")
        await publish(app, "Paused")
        await eventually(
            lambda: [r.status for r in api.requests if r.chat_id == READER_ID] == [429],
            "the 429 answered",
        )
        await asyncio.wait_for(services_of(app).delivery.stop(), timeout=TIMEOUT)
        [(state, error, _)] = await alert_rows(storage, READER_ID)
    assert (state, error) == ("due", None)
    assert [r.status for r in api.requests if r.chat_id == READER_ID] == [429]
