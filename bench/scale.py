"""Parts 4 and 5: a million articles and a million subscribers; start-up on that database."""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bench.dataset import Dataset, build
from bench.measure import bench_settings, percentile
from bench.server import BOT_USERNAME, TOKEN, ServerProcess, local_server, stop_process
from bench.throughput import UNPACED
from bot.app import build_application, running
from bot.limits import PLAN_CHUNK
from bot.telegram.flood_control import Pacer
from storage import Moment, Storage

ROOT = Path(__file__).resolve().parents[1]


async def dataset(directory: Path, articles: int, chats: int, *, behind: bool) -> Dataset:
    """Build the large database, its chats with a realistic mix of choices (issue 11); with
    `behind`, every chat one article behind (the next round goes to all of them)."""
    directory.mkdir(parents=True, exist_ok=True)
    return await build(
        directory / f"scale-{articles}-{chats}.sqlite3",
        articles=articles,
        chats=chats,
        preferences=True,
        behind=behind,
    )


def _mark(marks: list[float]) -> None:
    marks.append(time.perf_counter())


async def planning(path: Path) -> dict[str, Any]:
    """Rounds planned in-process on the large database, as the engine plans them, at three
    moments of a day in Tbilisi: noon (the daily digests at 08:00 wait: their headline is
    newer), five minutes later with nothing new (the held chats alone: no round opens), and
    23:30 after one more article (the quiet chats wait too). Each: seconds, alerts planned,
    and the longest chunk (one transaction: what a reply may wait behind)."""
    storage = await Storage.open(path)
    zone = ZoneInfo("Asia/Tbilisi")
    results: dict[str, Any] = {}
    try:
        for name, minute, publish in (
            ("noon", 12 * 60, False),
            ("idle", 12 * 60 + 5, False),
            ("night", 23 * 60 + 30, True),
        ):
            if publish:
                await storage.articles.publish("Night news", "Body.", 1)
            moment = Moment(time.time(), minute)
            marks = [time.perf_counter()]
            planned = await storage.outbox.plan_round(
                PLAN_CHUNK, on_chunk=functools.partial(_mark, marks), moment=moment
            )
            marks.append(time.perf_counter())
            stats = None if planned is None else await storage.outbox.round(planned[0])
            results[name] = {
                "seconds": marks[-1] - marks[0],
                "alerts_planned": 0 if stats is None else stats.planned,
                "longest_chunk_seconds": max(b - a for a, b in itertools.pairwise(marks)),
            }
    finally:
        await storage.close()
    results["zone"] = str(zone)
    return results


def _update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    command = text.split()[0]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Reader"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Reader", "language_code": "en"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }


async def handler_times(server: ServerProcess, data: Dataset, samples: int) -> dict[str, float]:
    """/latest and /read (a random article) p50 and p99 in the bot (`timed_commands`)."""

    def commands(_: int) -> list[tuple[str, str]]:
        return [("latest", "/latest"), ("read", f"/read {random.randint(1, data.articles)}")]

    return await timed_commands(server, data, samples, commands)


async def timed_commands(
    server: ServerProcess,
    data: Dataset,
    samples: int,
    commands: Callable[[int], list[tuple[str, str]]],
) -> dict[str, float]:
    """Time from an update entering the application to its handlers' replies being accepted,
    p50 and p99 by name: `commands(n)` gives the (name, text) pairs of sample n, each sent by a
    reader of its own; the first five samples warm caches and connections and are not counted.

    Pacing is lifted: replies keep to Telegram's 30 a second whatever RATE_LIMIT (issue 10),
    and one sample after another would measure that spacing (~33 ms), not the handlers."""
    settings = bench_settings(server, data.path)
    found: dict[str, list[float]] = {}
    built = build_application(settings, pacer=Pacer(UNPACED))
    update_id = 0
    async with running(built, poll_timeout=10) as application:
        for n in range(samples + 5):
            for name, text in commands(n):
                update_id += 1
                update = Update.de_json(_update(update_id, 50 + n, text), application.bot)
                started = time.perf_counter()
                await application.process_update(update)
                if n >= 5:
                    found.setdefault(name, []).append(time.perf_counter() - started)
    return {
        f"{name}_{label}_ms": percentile(values, fraction) * 1000
        for name, values in found.items()
        for label, fraction in (("p50", 0.5), ("p99", 0.99))
    }


def _environment(server: ServerProcess, database: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env.update(
        BOT_TOKEN=TOKEN,
        DATABASE_PATH=str(database),
        BOT_API_BASE_URL=server.base_url,
        BOT_API_FILE_URL=server.base_file_url,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


async def start_up_seconds(server: ServerProcess, database: Path) -> float:
    """`python -m bot` spawned → its first getUpdates reaching the server.

    A reader's update waits in the server beforehand; the first getUpdates takes it, which the
    server counts as a delivered update.
    """
    before = int((await server.counters())["delivered_updates"])
    await server.control("send_command", chat_id=77, command="/help")
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=_environment(server, database, PUSH_INTERVAL="3600"),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with asyncio.timeout(60):
            while int((await server.counters())["delivered_updates"]) <= before:
                await asyncio.sleep(0.005)
        return time.perf_counter() - started
    finally:
        await stop_process(process)


async def round_memory(server: ServerProcess, database: Path, seconds: float) -> dict[str, Any]:
    """Peak resident memory of `python -m bot` while it plans and sends a round to every chat."""
    await server.control("reset_send_stats")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=_environment(server, database, PUSH_INTERVAL="1", RATE_LIMIT="1000"),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    peak = 0.0
    status = Path(f"/proc/{process.pid}/status")
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and process.returncode is None:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
            await asyncio.sleep(0.25)
        sent = int((await server.send_stats())["accepted"])
    finally:
        await stop_process(process)
    return {"peak_rss_mb": peak, "observed_seconds": seconds, "alerts_sent_meanwhile": sent}


async def scale(
    *, articles: int, chats: int, samples: int, round_seconds: float, directory: Path
) -> dict[str, Any]:
    """Parts 4 and 5 on one large database."""
    # Nobody behind: the handlers are timed with no round running beside them (pacing is
    # lifted for them, and a round unpaced would be a million alerts at full speed).
    data = await dataset(directory, articles, chats, behind=False)
    async with local_server() as server:
        times = await handler_times(server, data, samples)
        start_ups = [await start_up_seconds(server, data.path) for _ in range(3)]
    data = await dataset(directory, articles, chats, behind=True)  # every chat behind
    planned = await planning(data.path)
    data = await dataset(directory, articles, chats, behind=True)
    async with local_server() as server:
        memory = await round_memory(server, data.path, round_seconds)
    return {
        "articles": articles,
        "chats": chats,
        "build_seconds": data.build_seconds,
        "disk_mb": data.disk_bytes / 1e6,
        **times,
        "start_up_seconds": sorted(start_ups)[1],
        "start_up_runs": start_ups,
        "planning": planned,
        **memory,
        "bot_username": BOT_USERNAME,
    }
