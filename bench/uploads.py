"""Part 8: hostile uploads, before and after issue 9 item 1, and readers' replies meanwhile.

"Before" is the code as committed (HEAD), read with `git show` into a temporary package and run
as the handler ran it: synchronously, on the event loop, unbounded. Its sizes are kept small
enough to finish (it is quadratic: 1 MB would take hours), and the 1 MB figure is extrapolated
from the two largest sizes. "After" is `bot.news.uploads.file_html` as the handler now calls
it: a worker process, a deadline, a bounded parse; every pattern at 1 MB.

Readers: the bot runs against the local Bot API server in its own process; an editor uploads a
hostile file into a draft and a reader sends /latest at the same moment. The figure is from
injecting /latest to the server's accepting the reply, against the same with nothing uploaded.
"""

from __future__ import annotations

import asyncio
import importlib
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.measure import bench_settings, median
from bench.server import ServerProcess, local_server
from bot.app import build_application, running
from bot.news import uploads
from bot.news.articles import Problem

ROOT = Path(__file__).resolve().parents[1]
MEGABYTE = 999_000
EDITOR = 1  # bench_settings makes user 1 the editor
_PATTERNS: dict[str, Callable[[int], str]] = {
    "<a  repeated (.html)": lambda size: "<a " * (size // 3),
    "<a  repeated (.md)": lambda size: "<div>\n" + "<a " * (size // 3),
    "<!-- repeated (.html)": lambda size: "<!--" * (size // 4),
    "<ul>…<li>x nested (.html)": lambda size: "<ul>" * (size // 9) + "<li>x" * (size // 9),
    # Under the tag cap: the most work a refused-by-nothing file makes the parser do.
    "<b> repeated, up to 99,999 (.html)": lambda size: "<b>" * min(size // 3, 99_999) + "x",
    # markdown-it's own slow case: the deadline is what bounds it.
    "[ repeated (.md)": lambda size: "[" * size,
}
# Sizes the old code finishes in seconds; the last two fit its quadratic curve.
_BEFORE_SIZES = {
    "<a  repeated (.html)": (6_000, 12_000, 24_000),
    "<a  repeated (.md)": (6_000, 12_000, 24_000),
    "<!-- repeated (.html)": (24_000, 48_000, 96_000),
    "<ul>…<li>x nested (.html)": (9_000, 18_000, 36_000),
    "<b> repeated, up to 99,999 (.html)": (75_000, 150_000, 300_000),
    "[ repeated (.md)": (25_000, 50_000, 100_000),
}


def _suffix(pattern: str) -> str:
    return ".md" if "(.md)" in pattern else ".html"


def head_html_package(directory: Path) -> ModuleType:
    """bot/telegram/html as committed, importable as `head_html` (imports rewritten)."""
    package = directory / "head_html"
    package.mkdir()
    listing = subprocess.run(
        ["git", "ls-tree", "--name-only", "HEAD", "bot/telegram/html/"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    for path in listing:
        source = subprocess.run(
            ["git", "show", f"HEAD:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
        (package / Path(path).name).write_text(source.replace("bot.telegram.html", "head_html"))
    sys.path.insert(0, str(directory))
    return importlib.import_module("head_html")


def _old_convert(head: ModuleType, suffix: str, text: str) -> str:
    return str(head.markdown_to_html(text) if suffix == ".md" else head.sanitize_html(text))


def _old_seconds(head: ModuleType, suffix: str, text: str, runs: int) -> float:
    """Median seconds of the old conversion of text."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        _old_convert(head, suffix, text)
        timings.append(time.perf_counter() - started)
    return median(timings)


async def _timed_upload(suffix: str, data: bytes) -> tuple[float, str | Problem]:
    started = time.perf_counter()
    outcome = await uploads.file_html(f"upload{suffix}", data)
    return time.perf_counter() - started, outcome


def _outcome(value: object) -> str:
    if isinstance(value, Problem):
        return f"refused: {value.key}"
    return f"accepted: {len(str(value)):,} chars of HTML"


async def upload_times(head: ModuleType, runs: int, quick: bool) -> list[dict[str, Any]]:
    """Per pattern and size: the old path's seconds (extrapolated to 1 MB) and the new one's."""
    cold, _ = await _timed_upload(".html", b"<p>first upload: the fork server starts</p>")
    rows: list[dict[str, Any]] = [
        {"pattern": "first upload after start-up", "size_kb": 0, "after_s": round(cold, 3)}
    ]
    for pattern, make in _PATTERNS.items():
        suffix = _suffix(pattern)
        sizes = _BEFORE_SIZES[pattern][:2] if quick else _BEFORE_SIZES[pattern]
        before = {size: _old_seconds(head, suffix, make(size), runs) for size in sizes}
        (small, t_small), (large, t_large) = list(before.items())[-2:]
        exponent = max(1.0, _log_ratio(t_large / t_small, large / small)) if t_small > 0 else 2.0
        before[MEGABYTE] = t_large * (MEGABYTE / large) ** exponent
        for size, old in before.items():
            timings: list[float] = []
            outcome: object = None
            for _ in range(runs):
                seconds, outcome = await _timed_upload(suffix, make(size).encode())
                timings.append(seconds)
            rows.append(
                {
                    "pattern": pattern,
                    "size_kb": round(size / 1000),
                    "before_s": round(old, 3)
                    if size != MEGABYTE
                    else f"~{old:,.0f} (n^{exponent:.2f})",
                    "after_s": round(median(timings), 3),
                    "after_outcome": _outcome(outcome),
                }
            )
    return rows


def _log_ratio(ratio: float, size_ratio: float) -> float:
    return math.log(ratio) / math.log(size_ratio)


async def _reply_seconds(server: ServerProcess, reader: int) -> float:
    """Inject /latest from a new reader; seconds until the server accepted the reply."""
    since = len(await server.read("sent"))
    started = time.monotonic()
    await server.control("send_command", chat_id=reader, command="/latest")
    await server.control("wait_for", chat_id=reader, since=since, timeout=120)
    return time.monotonic() - started


async def reader_latency(head: ModuleType, samples: int) -> list[dict[str, Any]]:
    """/latest while nothing, a hostile upload (new code) or the same on the old path runs."""
    hostile = ("anchors.html", ("<a " * 8_000).encode())  # 24 KB: the example
    hostile_mb = ("anchors.md", ("<div>\n" + "<a " * (MEGABYTE // 3)).encode())
    readers = iter(range(60_000_000, 70_000_000))
    results = []
    async with local_server(lean=False) as server:
        with tempfile.TemporaryDirectory() as directory:
            settings = bench_settings(server, Path(directory) / "bench.sqlite3")
            async with running(build_application(settings), poll_timeout=10):
                await server.control("send_command", chat_id=EDITOR, command="/post Hostile")
                await _reply_seconds(server, next(readers))  # warm-up
                cases: list[tuple[str, tuple[str, bytes] | None]] = [
                    ("idle", None),
                    ("during a 24 KB '<a ' upload", hostile),
                    ("during a 1 MB '<a ' upload (.md)", hostile_mb),
                ]
                for name, upload in cases:
                    results.append(await _latency_row(server, readers, name, upload, samples))
                results.append(await _old_path_row(server, readers, head, hostile, samples))
    return results


async def _latency_row(
    server: ServerProcess,
    readers: Any,
    name: str,
    upload: tuple[str, bytes] | None,
    samples: int,
) -> dict[str, Any]:
    timings = []
    for _ in range(samples):
        if upload is not None:
            file_name, content = upload
            await server.control(
                "send_document", chat_id=EDITOR, filename=file_name, content=content.decode()
            )
        timings.append(await _reply_seconds(server, next(readers)))
        await asyncio.sleep(2.0 if upload else 0.1)  # let the upload finish before the next
    return {"while": name, "samples": samples, "reply_median_ms": round(median(timings) * 1000)}


async def _old_path_row(
    server: ServerProcess, readers: Any, head: ModuleType, upload: tuple[str, bytes], samples: int
) -> dict[str, Any]:
    """The same, with the handler converting on the event loop as it did at HEAD."""
    import handlers.post

    async def old_file_html(file_name: str | None, data: bytes) -> str | Problem:
        suffix = ".md" if (file_name or "").endswith(".md") else ".html"
        return _old_convert(head, suffix, data.decode())

    original = handlers.post.file_html
    handlers.post.file_html = old_file_html  # type: ignore[assignment]
    try:
        row = await _latency_row(
            server, readers, "during a 24 KB '<a ' upload, old path", upload, samples
        )
    finally:
        handlers.post.file_html = original
    return row


async def hostile_uploads(*, runs: int, samples: int, quick: bool) -> dict[str, Any]:
    """Part 8's figures."""
    with tempfile.TemporaryDirectory() as directory:
        head = head_html_package(Path(directory))
        times = await upload_times(head, runs, quick)
        latency = await reader_latency(head, samples)
    return {"upload_seconds": times, "reader_latency": latency}
