"""Machine facts and result tables, for the terminal and for docs/BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

_PACKAGES = (
    "python-telegram-bot",
    "aiohttp",
    "httpx",
    "aiosqlite",
    "aiogram",
    "aiogram-broadcaster",
)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    facts = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} cores, {model}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
    }
    for package in _PACKAGES:
        try:
            facts[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            facts[package] = "not installed"
    return facts


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if abs(value) < 10:
            return f"{value:,.3f}"
        return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    return str(value)


def table(rows: list[dict[str, Any]], skip: tuple[str, ...] = ()) -> str:
    """A Markdown table of flat dicts (nested dicts are flattened as key.subkey)."""
    flat = [_flatten(row, skip) for row in rows]
    columns = list(dict.fromkeys(key for row in flat for key in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(c, "")) for c in columns) + " |" for row in flat]
    return "\n".join(lines)


def _flatten(row: dict[str, Any], skip: tuple[str, ...], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if key in skip:
            continue
        if isinstance(value, dict):
            flat.update(_flatten(value, skip, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def markdown(results: dict[str, Any], facts: dict[str, str], command: str) -> str:
    """The whole report as Markdown."""
    parts = [
        "## Run",
        f"Command: `{command}`",
        "",
        table([facts]),
    ]
    for name, value in results.items():
        rows = value if isinstance(value, list) else [value]
        parts += ["", f"## {name}", "", table(rows, skip=("per_second_profile",))]
        profile = rows[-1].get("per_second_profile") if rows else None
        if profile:
            parts += ["", "Per-second profile (second → sends accepted by the server):", ""]
            parts.append("`" + json.dumps(profile) + "`")
    return "\n".join(parts) + "\n"
