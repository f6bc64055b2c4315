"""Part 11: breaking news, from the editor's /breaking to every subscriber's alert.

PUSH_INTERVAL is 300 s and every subscriber is up to date, so no digest round has anything to
send: what reaches the subscribers is the breaking delivery alone. The editor (user 1, as
`bench_settings` makes them) sends `/breaking Headline` + a body line through the local server,
as a user would (part 3's way of talking to the bot); the clock starts just before that update is
injected. The server keeps its records (not `--lean`, a fresh server per run), so the figures come
from its log of requests: a request's time is its arrival, carried out the server's latency
later. The server enforces Telegram's flood limits at both rates (paid sends at most 1,000 in any
second); at RATE_LIMIT=1000 it adds 50 ms of latency. Reported: the
first subscriber's alert (target ≤ 1 s), the last one ÷ the floor (subscribers ÷ RATE_LIMIT,
target ≤ 1.02), the editor's confirmation, 429s, and chats alerted more than once.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.dataset import build
from bench.measure import bench_settings, median
from bench.replies import sample
from bench.server import ServerProcess, local_server
from bot.app import build_application, running

_ARTICLES = 20
_FIRST_CHAT = 1_000_000
_EDITOR = 1  # bench_settings makes user 1 the editor; their chat has the same id
_PUSH_INTERVAL = 300
_REPLIES = 2  # the editor hears "published" and "breaking delivery started"
_SEND_METHODS = frozenset({"sendMessage", "sendPhoto"})
_HEADLINE = "Breaking: the news of the minute"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One breaking delivery, from the server's records of the requests it caused (seconds
    from the injected /breaking)."""

    alerts: int
    first_s: float
    last_s: float
    confirmation_s: float
    http_429: int
    duplicates: int


async def _run(server: ServerProcess, *, chats: int, rate_limit: int, latency: float) -> Delivery:
    """A bot with `chats` subscribers; the editor's /breaking, and its delivery to all."""
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        await build(
            database, articles=_ARTICLES, chats=chats, first_chat_id=_FIRST_CHAT, behind=False
        )
        settings = bench_settings(
            server, database, rate_limit=rate_limit, push_interval=_PUSH_INTERVAL
        )
        async with running(build_application(settings), poll_timeout=10):
            await sample(server, 3, _ARTICLES, rate_limit)  # warm-up: connections, caches
            await server.control("reset_send_stats")
            since = int((await server.counters())["requests"])
            started = time.monotonic()
            await server.control(
                "send_command", chat_id=_EDITOR, command=f"/breaking {_HEADLINE}\nBody."
            )
            await server.wait_for_sends(chats + _REPLIES, within=3 * chats / rate_limit + 60)
            requests = await server.read("requests", since=since)
    return _measured(requests, started, latency)


def _measured(requests: list[dict[str, Any]], started: float, latency: float) -> Delivery:
    """What the server's records say about one breaking delivery."""
    accepted = [r for r in requests if r["method"] in _SEND_METHODS and r["status"] == 200]
    alerts = [r for r in accepted if isinstance(r["chat_id"], int) and r["chat_id"] >= _FIRST_CHAT]
    replies = [r["time"] for r in accepted if r["chat_id"] == _EDITOR]
    times = [r["time"] + latency - started for r in alerts]
    per_chat = Counter(r["chat_id"] for r in alerts)
    return Delivery(
        alerts=len(per_chat),
        first_s=min(times),
        last_s=max(times),
        confirmation_s=min(replies) + latency - started if replies else 0.0,
        http_429=sum(1 for r in requests if r["status"] == 429),
        duplicates=sum(n - 1 for n in per_chat.values()),
    )


async def breaking_speed(
    *, chats: int, rate_limit: int, latency: float, runs: int
) -> dict[str, Any]:
    """Median times of `runs` breaking deliveries to `chats` subscribers, against the floor.

    Each run has a server of its own: a recording server's records grow with every request.
    """
    done = []
    for _ in range(runs):
        async with local_server(latency=latency, flood=True, lean=False) as server:
            done.append(await _run(server, chats=chats, rate_limit=rate_limit, latency=latency))
    floor = chats / rate_limit
    return {
        "rate_limit": rate_limit,
        "latency_ms": round(latency * 1000),
        "chats": chats,
        "runs": len(done),
        "alerts": [d.alerts for d in done],
        "first_alert_s": median([d.first_s for d in done]),
        "first_alert_runs": [d.first_s for d in done],
        "confirmation_s": median([d.confirmation_s for d in done]),
        "floor_s": floor,
        "last_alert_s": median([d.last_s for d in done]),
        "last_vs_floor": median([d.last_s for d in done]) / floor,
        "last_vs_floor_runs": [d.last_s / floor for d in done],
        # From the first alert to the last: the pace alone, without the start.
        "first_to_last_vs_floor": median([(d.last_s - d.first_s) / floor for d in done]),
        "http_429": sum(d.http_429 for d in done),
        "duplicates": sum(d.duplicates for d in done),
    }
