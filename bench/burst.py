"""Part 7: a burst of readers asking at the same moment, against Telegram's flood limits.

Distinct readers each send one command at once: /latest (one message back) or /read of an article
that takes three messages. The server refuses with 429 what Telegram would (30 sends in any
second, bursts of 3 per chat), with `latency` before every answer. The clock runs from the moment
the first command is injected to the moment the server accepted the last reply; the floor is what
RATE_LIMIT alone allows, messages / RATE_LIMIT.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.dataset import build
from bench.measure import bench_settings, median
from bench.server import ServerProcess, free_port, local_server
from bot.app import build_application, running
from bot.context import AnyApplication, services_of
from bot.views.articles import article_messages

RATE_LIMIT = 30
# Telegram's flood windows (and the pacer's) forget a burst after a second; wait this long
# between runs so one run's sends cannot slow the next.
_SETTLE_SECONDS = 1.5
# Paragraphs that make the long article three messages (checked against the real splitter).
_LONG_BODY = "\n\n".join(f"Paragraph {n}. " + "Words of the long read. " * 16 for n in range(27))
_READERS = itertools.count(50_000_000)


@dataclass(frozen=True)
class Burst:
    """One measured burst."""

    seconds_to_last_reply: float
    seconds_to_inject: float
    http_429: int
    other_errors: int


async def _burst(server: ServerProcess, readers: int, command: str, messages: int) -> Burst:
    """`readers` new readers send `command` at once; wait for all `messages` replies."""
    await asyncio.sleep(_SETTLE_SECONDS)
    await server.control("reset_send_stats")
    chats = [next(_READERS) for _ in range(readers)]
    started = time.monotonic()
    await asyncio.gather(
        *(server.control("send_command", chat_id=chat, command=command) for chat in chats)
    )
    injected = time.monotonic() - started
    await server.wait_for_sends(messages, within=max(120.0, 10 * messages / RATE_LIMIT))
    stats = await server.send_stats()
    by_status = {int(status): int(count) for status, count in stats["by_status"].items()}
    # Both clocks are CLOCK_MONOTONIC: the same in every process on Linux.
    return Burst(
        seconds_to_last_reply=float(stats["last_monotonic"]) - started,
        seconds_to_inject=injected,
        http_429=by_status.get(429, 0),
        other_errors=sum(n for status, n in by_status.items() if status not in (200, 429)),
    )


async def _long_article(application: AnyApplication) -> tuple[int, int]:
    """Publish the long article; its id and how many messages /read sends for it."""
    services = services_of(application)
    article = await services.storage.articles.publish("The long read", _LONG_BODY, 1)
    parts = article_messages(
        article,
        with_related=True,
        translator=services.translator,
        language="en",
        zone=services.settings.zone,
    )
    return article.id, len(parts)


def _summary(
    name: str, latency: float, readers: int, messages: int, runs: list[Burst], mode: str
) -> dict[str, Any]:
    floor = messages / RATE_LIMIT
    seconds = median([run.seconds_to_last_reply for run in runs])
    return {
        "burst": name,
        "updates_by": mode,
        "latency_ms": round(latency * 1000),
        "readers": readers,
        "messages": messages,
        "rate_limit": RATE_LIMIT,
        "last_reply_s": seconds,
        "floor_s": floor,
        "ratio_to_floor": seconds / floor,
        "runs_s": [round(run.seconds_to_last_reply, 3) for run in runs],
        "http_429_per_run": [run.http_429 for run in runs],
        "other_errors": sum(run.other_errors for run in runs),
        "inject_s": median([run.seconds_to_inject for run in runs]),
    }


async def reply_bursts(
    *,
    latest_readers: int,
    read_readers: int,
    runs: int,
    latencies: tuple[float, ...] = (0.1, 0.0),
    modes: tuple[str, ...] = ("polling",),
) -> list[dict[str, Any]]:
    """/latest and /read bursts at each latency, updates arriving by each of `modes` (long
    "polling", or a "webhook" the server posts them to), `runs` times each; medians."""
    results = []
    for latency, mode in itertools.product(latencies, modes):
        async with local_server(latency=latency, flood=True, http_webhooks=True) as server:
            with tempfile.TemporaryDirectory() as directory:
                database = Path(directory) / "bench.sqlite3"
                await build(database, articles=50, chats=0)
                settings = bench_settings(
                    server, database, rate_limit=RATE_LIMIT, **_receiving(mode)
                )
                async with running(build_application(settings), poll_timeout=10) as application:
                    long_id, parts = await _long_article(application)
                    await _burst(server, 5, "/latest", 5)  # warm-up: connections, caches
                    latest = [
                        await _burst(server, latest_readers, "/latest", latest_readers)
                        for _ in range(runs)
                    ]
                    read_messages = read_readers * parts
                    read = [
                        await _burst(server, read_readers, f"/read {long_id}", read_messages)
                        for _ in range(runs)
                    ]
        results.append(_summary("/latest", latency, latest_readers, latest_readers, latest, mode))
        results.append(
            _summary(f"/read ({parts} messages)", latency, read_readers, read_messages, read, mode)
        )
    return results


def _receiving(mode: str) -> dict[str, Any]:
    """The settings that make the bot receive updates by `mode`."""
    if mode == "polling":
        return {}
    port = free_port()
    return {"http_port": port, "webhook_url": f"http://127.0.0.1:{port}/telegram"}
