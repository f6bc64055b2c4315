"""Shared measuring helpers: settings for a benchmark bot, rates, percentiles, process memory."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.server import TOKEN, ServerProcess
from bot.settings import Settings


def bench_settings(server: ServerProcess, database: Path, **overrides: Any) -> Settings:
    """Settings for a bot pointed at the benchmark server."""
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "admin_ids": "1",
        "database_path": database,
        "bot_api_base_url": server.base_url,
        "bot_api_file_url": server.base_file_url,
        "push_interval": 3600,  # rounds are requested by the benchmark itself
        "log_level": "WARNING",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def send_rate(stats: dict[str, Any]) -> float:
    """Accepted sends per second between the first and the last, as the server saw them."""
    sent = int(stats["accepted"])
    span = float(stats["duration"] or 0)
    return (sent - 1) / span if sent > 1 and span > 0 else 0.0


def median(values: Sequence[float]) -> float:
    """The median, or 0 for no values."""
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction in 0..1)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM) in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
