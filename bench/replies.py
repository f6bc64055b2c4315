"""Part 3: a reader's round-trip time for /latest and /read, idle and during a large round.

Round trip as the reader sees it: the update is injected into the server, the bot polls it, and
the clock stops when the server has received the bot's reply. Readers ask one at a time, and no
more often than a third of RATE_LIMIT: replies share that rate with the broadcast, so a sampler
asking faster would measure the pacing of its own replies instead of a reply's latency.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.dataset import build
from bench.measure import bench_settings, percentile
from bench.server import ServerProcess, local_server
from bot.app import build_application, running
from bot.context import services_of

_READERS = itertools.count(10)


async def round_trip(server: ServerProcess, command: str) -> float:
    """Seconds from injecting `command` from a new reader to the server receiving the reply."""
    reader = next(_READERS)
    started = time.perf_counter()
    await server.control("send_command", chat_id=reader, command=command)
    await server.control("wait_for", chat_id=reader, method="sendMessage", timeout=30)
    return time.perf_counter() - started


async def sample(
    server: ServerProcess, count: int, articles: int, rate_limit: float
) -> dict[str, list[float]]:
    """`count` round trips each of /latest and /read, interleaved, one at a time."""
    found: dict[str, list[float]] = {"latest": [], "read": []}
    gap = 3 / rate_limit
    for _ in range(count):
        for command, values in (
            ("/latest", found["latest"]),
            (f"/read {random.randint(1, articles)}", found["read"]),
        ):
            seconds = await round_trip(server, command)
            values.append(seconds)
            await asyncio.sleep(max(0.0, gap - seconds))
    return found


def summary(samples: dict[str, list[float]]) -> dict[str, float]:
    """p50 and p99 per command, in milliseconds."""
    return {
        f"{command}_{name}_ms": percentile(values, fraction) * 1000
        for command, values in samples.items()
        for name, fraction in (("p50", 0.5), ("p99", 0.99))
    }


async def replies_under_load(
    *, chats: int, samples: int, rate_limit: float, latency: float
) -> dict[str, Any]:
    """Idle round trips, then the same during round 1 to `chats` chats."""
    articles = 200
    async with local_server(latency=latency, lean=False) as server:
        with tempfile.TemporaryDirectory() as directory:
            database = Path(directory) / "bench.sqlite3"
            # Subscribers start up to date, so the round the bot requests by itself shortly
            # after start-up finds nothing to send while the idle figures are taken; the article
            # published before the measured round puts every one of them one behind.
            await build(
                database, articles=articles, chats=chats, first_chat_id=1_000_000, behind=False
            )
            settings = bench_settings(server, database, rate_limit=rate_limit)
            async with running(build_application(settings), poll_timeout=10) as application:
                services = services_of(application)
                await sample(server, 5, articles, rate_limit)  # warm-up: connections, caches
                idle = await sample(server, samples, articles, rate_limit)
                await server.control("reset_send_stats")
                await services.storage.articles.publish("The round's headline", "Body.", 1)
                services.delivery.request_round()
                await server.wait_for_sends(min(chats, 200), within=60)  # the round is going
                loaded = await sample(server, samples, articles, rate_limit)
                stats = await server.send_stats()
                still_running = int(stats["accepted"]) < chats
                await asyncio.sleep(0)
    idle_summary, loaded_summary = summary(idle), summary(loaded)
    return {
        "chats": chats,
        "rate_limit": rate_limit,
        "latency_ms": round(latency * 1000),
        "samples": samples,
        "idle": idle_summary,
        "during_round": loaded_summary,
        "round_still_running_at_end": still_running,
        "p99_ratio": {
            command: loaded_summary[f"{command}_p99_ms"] / idle_summary[f"{command}_p99_ms"]
            for command in ("latest", "read")
        },
    }
