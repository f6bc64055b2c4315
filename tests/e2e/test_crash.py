"""SIGKILL mid-round, then restart: no alert lost, only in-flight ones repeated."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from collections import Counter
from pathlib import Path

from local_bot_api import LocalBotApi
from storage import Storage
from tests.e2e.harness import EDITOR_ID, bot_environment

CHATS = range(10_000, 10_400)


async def start_bot(api: LocalBotApi, database: Path, cwd: Path) -> asyncio.subprocess.Process:
    env = bot_environment(
        api, database, PUSH_INTERVAL="0.5", RATE_LIMIT="100", DELIVERY_WORKERS="16"
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def alert_counts(api: LocalBotApi) -> Counter[int]:
    return Counter(m.chat_id for m in api.sent if m.chat_id in CHATS and m.method == "sendMessage")


async def wait_until(condition: object, timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.05)


def claimed_alerts(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(
            connection.execute("SELECT count(*) FROM outbox WHERE state = 'claimed'").fetchone()[0]
        )


async def test_sigkill_mid_round_then_restart_loses_nothing_and_repeats_only_in_flight(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    for chat_id in CHATS:
        api.add_private_chat(chat_id, first_name="Reader")
    storage = await Storage.open(database)
    for chat_id in CHATS:
        await storage.subscriptions.subscribe(chat_id, "private")
    article = await storage.articles.publish("Breaking", "Body.", EDITOR_ID)
    await storage.close()

    process = await start_bot(api, database, tmp_path)
    try:
        await wait_until(lambda: len(alert_counts(api)) >= 120, timeout=30)
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    delivered_before_kill = sum(alert_counts(api).values())
    in_flight = claimed_alerts(database)
    assert delivered_before_kill < len(CHATS), "the kill must land in the middle of the round"

    process = await start_bot(api, database, tmp_path)
    try:
        await wait_until(lambda: len(alert_counts(api)) == len(CHATS), timeout=60)
        await asyncio.sleep(1.5)  # a few more rounds: nothing else may arrive
    finally:
        process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(process.wait(), timeout=15)
        except TimeoutError:
            process.kill()
            await process.wait()

    counts = alert_counts(api)
    lost = [chat_id for chat_id in CHATS if counts[chat_id] == 0]
    repeats = sum(count - 1 for count in counts.values())
    assert lost == []
    print(
        f"delivered before kill {delivered_before_kill}, in flight {in_flight}, repeats {repeats}"
    )
    assert repeats <= in_flight, (repeats, in_flight)
    storage = await Storage.open(database)
    try:
        stored = await storage.articles.get(article.id)
        assert stored is not None and stored.views == len(CHATS)  # each chat counted once
        [round_stats] = await storage.outbox.recent_rounds(5)
        assert (round_stats.delivered, round_stats.due) == (len(CHATS), 0)
    finally:
        await storage.close()
