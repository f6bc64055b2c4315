"""`python -m bench`: newsbot's performance figures, as tables and optionally as Markdown."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import shlex
import sys
from pathlib import Path
from typing import Any

from bench.breaking import breaking_speed
from bench.burst import reply_bursts
from bench.correction import correction_speed
from bench.feeds import feed_import
from bench.pacing import pacing_accuracy
from bench.photo import photo_throughput
from bench.replies import replies_under_load
from bench.report import machine, markdown, table
from bench.scale import scale
from bench.search import search_speed
from bench.throughput import engine_overhead, paid_ceiling
from bench.uploads import hostile_uploads

PARTS = (
    "engine",
    "pacing",
    "replies",
    "scale",
    "paid",
    "burst",
    "uploads",
    "photo",
    "correction",
    "breaking",
    "feeds",
    "search",
    "webhook",
)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma list of {PARTS}")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the code runs")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median reported)")
    parser.add_argument("--chats", type=int, default=10_000, help="chats in engine/paid rounds")
    parser.add_argument("--pacing-chats", type=int, default=1_500)
    parser.add_argument("--reply-chats", type=int, default=10_000)
    parser.add_argument("--reply-samples", type=int, default=100)
    parser.add_argument("--burst-readers", type=int, default=300, help="readers sending /latest")
    parser.add_argument("--burst-read-readers", type=int, default=100, help="readers sending /read")
    parser.add_argument("--upload-samples", type=int, default=5, help="/latest per upload case")
    parser.add_argument("--photo-chats", type=int, default=10_000, help="chats in photo rounds")
    parser.add_argument(
        "--correction-chats",
        type=int,
        default=3_000,
        help="copies corrected at RATE_LIMIT=1000, where edits still go at 30/s (a 102 s floor)",
    )
    parser.add_argument(
        "--correction-chats-30",
        type=int,
        default=1_800,
        help="copies corrected at RATE_LIMIT=30 (1,800: a 60 s floor; 10,000 takes 5.5 min)",
    )
    parser.add_argument(
        "--breaking-chats", type=int, default=10_000, help="subscribers of /breaking, 1000/s"
    )
    parser.add_argument(
        "--breaking-chats-30",
        type=int,
        default=1_800,
        help="subscribers of /breaking at RATE_LIMIT=30 (1,800: a 60 s floor)",
    )
    parser.add_argument("--feed-entries", type=int, default=200, help="new entries in one feed")
    parser.add_argument("--feed-chats", type=int, default=1_000, help="subscribers planned for")
    parser.add_argument("--workers", type=int, default=64, help="in flight, engine and bare loop")
    parser.add_argument("--scale-articles", type=int, default=1_000_000)
    parser.add_argument("--scale-chats", type=int, default=1_000_000)
    parser.add_argument("--scale-samples", type=int, default=300)
    parser.add_argument("--search-articles", type=int, default=1_000_000)
    parser.add_argument("--search-samples", type=int, default=300, help="/search per query")
    parser.add_argument("--round-seconds", type=float, default=60.0)
    parser.add_argument("--data-dir", type=Path, default=Path("bench-data"))
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--json", type=Path, help="also write raw results here")
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.runs = 1
        arguments.chats = 100
        arguments.pacing_chats = 30
        arguments.reply_chats = 90
        arguments.reply_samples = 10
        arguments.burst_readers = 15
        arguments.burst_read_readers = 5
        arguments.upload_samples = 2
        arguments.photo_chats = 30
        arguments.correction_chats = 30
        arguments.correction_chats_30 = 15
        arguments.breaking_chats = 30
        arguments.breaking_chats_30 = 15
        arguments.feed_entries = 20
        arguments.feed_chats = 50
        arguments.scale_articles = 1_000
        arguments.scale_chats = 1_000
        arguments.scale_samples = 10
        arguments.search_articles = 2_000
        arguments.search_samples = 10
        arguments.round_seconds = 2.0
    return arguments


async def _run(arguments: argparse.Namespace) -> dict[str, Any]:
    parts = [part.strip() for part in arguments.parts.split(",") if part.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown parts: {sorted(unknown)}; choose from {PARTS}")
    results: dict[str, Any] = {}
    if "engine" in parts:
        results["1. Engine overhead"] = await engine_overhead(
            chats=arguments.chats,
            workers=arguments.workers,
            latencies=(0.0, 0.05),
            runs=arguments.runs,
        )
        _show("1. Engine overhead", results["1. Engine overhead"])
    if "pacing" in parts:
        results["2. Pacing accuracy"] = await pacing_accuracy(
            chats=arguments.pacing_chats, runs=arguments.runs
        )
        _show("2. Pacing accuracy", results["2. Pacing accuracy"])
    if "replies" in parts:
        results["3. Replies under load"] = [
            await replies_under_load(
                chats=arguments.reply_chats,
                samples=arguments.reply_samples,
                rate_limit=rate,
                latency=latency,
            )
            for rate, latency in ((30, 0.0), (1000, 0.05))
        ]
        _show("3. Replies under load", results["3. Replies under load"])
    if "scale" in parts:
        results["4-5. Scale and start-up"] = await scale(
            articles=arguments.scale_articles,
            chats=arguments.scale_chats,
            samples=arguments.scale_samples,
            round_seconds=arguments.round_seconds,
            directory=arguments.data_dir,
        )
        _show("4-5. Scale and start-up", results["4-5. Scale and start-up"])
    if "paid" in parts:
        results["6. Paid-broadcast ceiling vs aiogram-broadcaster"] = await paid_ceiling(
            chats=arguments.chats, latency=0.05, runs=arguments.runs, peer_in_flight=64
        )
        _show(
            "6. Paid-broadcast ceiling", results["6. Paid-broadcast ceiling vs aiogram-broadcaster"]
        )
    if "burst" in parts:
        results["7. Reply bursts"] = await reply_bursts(
            latest_readers=arguments.burst_readers,
            read_readers=arguments.burst_read_readers,
            runs=arguments.runs,
        )
        _show("7. Reply bursts", results["7. Reply bursts"])
    if "webhook" in parts:
        # Part 14 (issue 12): part 7's bursts with updates POSTed to a webhook, beside polling.
        results["14. Reply bursts by webhook"] = await reply_bursts(
            latest_readers=arguments.burst_readers,
            read_readers=arguments.burst_read_readers,
            runs=arguments.runs,
            latencies=(0.1,),
            modes=("polling", "webhook"),
        )
        _show("14. Reply bursts by webhook", results["14. Reply bursts by webhook"])
    if "uploads" in parts:
        uploads = await hostile_uploads(
            runs=arguments.runs, samples=arguments.upload_samples, quick=arguments.quick
        )
        results["8. Hostile uploads"] = uploads["upload_seconds"]
        results["8. Readers during uploads"] = uploads["reader_latency"]
        _show("8. Hostile uploads", uploads["upload_seconds"])
        _show("8. Readers during uploads", uploads["reader_latency"])
    if "photo" in parts:
        # RATE_LIMIT=30 takes 10,000 / 29.4 s a round: one run each there, `runs` at 1000.
        results["9. Photo alerts vs text alerts"] = [
            await photo_throughput(
                chats=arguments.photo_chats, rate_limit=rate, latency=latency, runs=runs
            )
            for rate, latency, runs in ((1000, 0.05, arguments.runs), (30, 0.0, 1))
        ]
        _show("9. Photo alerts vs text alerts", results["9. Photo alerts vs text alerts"])
    if "correction" in parts:
        # Edits go at 29.4/s at either RATE_LIMIT (paid broadcasts are for sends only), two or
        # three corrections a run: one run each.
        results["10. Corrections reaching every copy"] = [
            await correction_speed(
                chats=chats,
                rate_limit=rate,
                latency=latency,
                runs=runs,
                samples=arguments.reply_samples,
            )
            for rate, latency, chats, runs in (
                (1000, 0.05, arguments.correction_chats, 1),
                (30, 0.0, arguments.correction_chats_30, 1),
            )
        ]
        _show("10. Corrections reaching every copy", results["10. Corrections reaching every copy"])
    if "breaking" in parts:
        # RATE_LIMIT=30 takes subscribers / 29.4 s: one run there.
        results["11. Breaking news"] = [
            await breaking_speed(chats=chats, rate_limit=rate, latency=latency, runs=runs)
            for rate, latency, chats, runs in (
                (1000, 0.05, arguments.breaking_chats, arguments.runs),
                (30, 0.0, arguments.breaking_chats_30, 1),
            )
        ]
        _show("11. Breaking news", results["11. Breaking news"])
    if "feeds" in parts:
        results["12. Feed import"] = await feed_import(
            entries=arguments.feed_entries, chats=arguments.feed_chats, runs=arguments.runs
        )
        _show("12. Feed import", results["12. Feed import"])
    if "search" in parts:
        results["13. Search"] = await search_speed(
            articles=arguments.search_articles,
            samples=arguments.search_samples,
            directory=arguments.data_dir,
        )
        _show("13. Search", results["13. Search"])
    return results


def _show(title: str, value: Any) -> None:
    rows = value if isinstance(value, list) else [value]
    print(f"\n{title}\n{table(rows, skip=('per_second_profile',))}", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Run the chosen parts and report."""
    logging.basicConfig(level=logging.WARNING)
    arguments = _arguments(sys.argv[1:] if argv is None else argv)
    facts = machine()
    print(table([facts]), flush=True)
    results = asyncio.run(_run(arguments))
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    if arguments.markdown:
        arguments.markdown.parent.mkdir(parents=True, exist_ok=True)
        arguments.markdown.write_text(markdown(results, facts, command), encoding="utf-8")
    if arguments.json:
        arguments.json.write_text(json.dumps({"machine": facts, "results": results}, indent=2))


if __name__ == "__main__":
    main()
