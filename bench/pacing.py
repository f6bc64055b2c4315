"""Part 2: pacing accuracy against a server that answers 429 above Telegram's 30 messages/s."""

from __future__ import annotations

from typing import Any

from bench.measure import median
from bench.server import local_server
from bench.throughput import engine_round


async def pacing_accuracy(*, chats: int, runs: int) -> dict[str, Any]:
    """A RATE_LIMIT=30 round to `chats` chats: achieved rate, 429s, per-second profile."""
    async with local_server(flood=True) as server:
        rounds = [
            await engine_round(server, chats=chats, workers=None, rate_limit=30, lift_pacing=False)
            for _ in range(runs)
        ]
    rates = [r.rate for r in rounds]
    profile = rounds[-1].stats.get("per_second", [])
    return {
        "chats": chats,
        "rate_limit": 30,
        "achieved_msgs_per_s": median(rates),
        "runs": rates,
        "share_of_limit": median(rates) / 30,
        "http_429": sum(int(r.stats.get("by_status", {}).get("429", 0)) for r in rounds),
        "per_second_profile": profile,
    }
