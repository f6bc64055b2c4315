"""python -m local_bot_api.selfbench: the fake server's own cost per sendMessage.

Starts ``python -m local_bot_api`` in a child process, sends it sendMessage requests from an
aiohttp client in this process (form-encoded like python-telegram-bot: an HTML text of about 300
characters and a 3-button inline keyboard), and prints requests per second, the server's CPU
time per request (from /proc, Linux only) and its resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import time
from pathlib import Path

import aiohttp

TOKEN = "123456:TEST-TOKEN"
FIRST_CHAT = 1_000_000
TEXT = (
    "<b>Breaking: parliament approves the 2026 budget</b>\n\nAfter a long debate &amp; several "
    "amendments the budget passed with 81 votes, <i>officials said</i> on Tuesday evening. The "
    "opposition promised to challenge two articles in court. "
    '<a href="https://example.com/news/123">Read the full story</a>'
)
KEYBOARD = json.dumps(
    {
        "inline_keyboard": [
            [
                {"text": "Read", "url": "https://example.com/news/123"},
                {"text": "More", "callback_data": "more:123"},
                {"text": "Stop", "callback_data": "unsubscribe"},
            ]
        ]
    }
)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_bot_api.selfbench", description=__doc__)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--in-flight", type=int, default=64)
    parser.add_argument("--chats", type=int, default=10_000, help="bulk-added private chats")
    parser.add_argument("--lean", action="store_true", help="run the server with --lean")
    parser.add_argument(
        "--auto-chats",
        action="store_true",
        help="send each request to a new chat the server creates (--auto-chats) instead",
    )
    parser.add_argument(
        "--distinct-texts", action="store_true", help="make every text different (no reuse)"
    )
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> dict[str, float]:
    command = [sys.executable, "-m", "local_bot_api", "--port", "0"]
    command += ["--lean"] if args.lean else []
    command += ["--auto-chats"] if args.auto_chats else []
    server = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    try:
        assert server.stdout is not None
        found = re.search(r"on (http://\S+)", (await server.stdout.readline()).decode())
        if found is None:
            raise RuntimeError("the server did not print its URL")
        root = found.group(1)
        connector = aiohttp.TCPConnector(limit=args.in_flight)
        async with aiohttp.ClientSession(connector=connector) as session:
            if not args.auto_chats:
                async with session.post(
                    f"{root}/_control/add_private_chats",
                    json={"first_id": FIRST_CHAT, "count": args.chats},
                ) as response:
                    response.raise_for_status()
            numbers = iter(range(args.requests))
            url = f"{root}/bot{TOKEN}/sendMessage"

            async def worker() -> None:
                for number in numbers:
                    chat = FIRST_CHAT + (number if args.auto_chats else number % args.chats)
                    text = f"{TEXT} #{number}" if args.distinct_texts else TEXT
                    form = {
                        "chat_id": str(chat),
                        "text": text,
                        "parse_mode": "HTML",
                        "reply_markup": KEYBOARD,
                    }
                    async with session.post(url, data=form) as response:
                        await response.read()
                        if response.status != 200:
                            raise RuntimeError(f"{response.status}: {await response.text()}")

            cpu_before = _cpu_seconds(server.pid)
            client_before = time.process_time()
            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(args.in_flight)))
            elapsed = time.perf_counter() - started
            server_cpu = _cpu_seconds(server.pid) - cpu_before
            client_cpu = time.process_time() - client_before
            async with session.get(f"{root}/_control/send_stats?per_chat=0") as response:
                stats = (await response.json())["result"]
        if stats["accepted"] != args.requests:
            raise RuntimeError(f"the server counted {stats['accepted']} accepted sends")
        return {
            "requests": args.requests,
            "requests_per_second": round(args.requests / elapsed),
            "server_cpu_us_per_request": round(server_cpu / args.requests * 1e6, 1),
            "client_cpu_us_per_request": round(client_cpu / args.requests * 1e6, 1),
            "server_rss_mib": round(_rss_mib(server.pid), 1),
        }
    finally:
        server.terminate()
        await server.wait()


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    mode = "lean" if args.lean else "recording"
    result = asyncio.run(run(args))
    print(json.dumps({"mode": mode, "auto_chats": args.auto_chats, **result}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
