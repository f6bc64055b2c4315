"""python -m bench.peers: run the aiogram peer against a local Bot API server in its own process.

    python -m bench.peers --server http://127.0.0.1:8081 --token 123456:TEST-TOKEN \\
        --chats 10000 --first-chat 1000000 --in-flight 64 [--runner broadcast|bare] \\
        [--timeout 300] [--runs 1] [--register-chats] [--json]

Prints one line per run (JSON with --json); with --runs > 1 also a median line. The chats
`first-chat … first-chat + chats - 1` must exist on the server as private chats: pass
--register-chats to add them through the control API first (not timed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

from .aiogram_broadcast import (
    DEFAULT_TEXT,
    DEFAULT_TIME_LIMIT,
    PeerResult,
    run_aiogram_bare,
    run_aiogram_broadcast,
    versions,
)

RUNNERS = {"broadcast": run_aiogram_broadcast, "bare": run_aiogram_bare}


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.peers", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--server", required=True, help="server root, e.g. http://127.0.0.1:8081")
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--first-chat", type=int, default=1_000_000)
    parser.add_argument("--in-flight", type=int, default=64)
    parser.add_argument("--runner", choices=sorted(RUNNERS), default="broadcast")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIME_LIMIT, help="seconds per run")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--text-file", help="message text (HTML); default: an alert-sized text")
    parser.add_argument(
        "--register-chats", action="store_true", help="add the chats through /_control first"
    )
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    return parser.parse_args(argv)


async def register_chats(server: str, chat_ids: Sequence[int], concurrency: int = 32) -> str:
    """Add private chats through the control API: in bulk if the server can, else one by one."""
    import aiohttp

    root = server.rstrip("/")
    ids = list(chat_ids)
    contiguous = bool(ids) and ids == list(range(ids[0], ids[0] + len(ids)))
    bulk = {"first_id": ids[0], "count": len(ids)} if contiguous else {"user_ids": ids}
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{root}/_control/add_private_chats", json=bulk) as response:
            if response.status == 200:
                return "bulk"
        queue = iter(ids)

        async def worker() -> None:
            for chat_id in queue:
                async with session.post(
                    f"{root}/_control/add_private_chat", json={"user_id": chat_id}
                ) as response:
                    if response.status != 200:
                        raise RuntimeError(f"add_private_chat {chat_id}: {await response.text()}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return "one by one"


def _median(results: Sequence[PeerResult]) -> PeerResult:
    first = results[0]
    return PeerResult(
        runner=f"{first.runner} median of {len(results)}",
        chats=first.chats,
        in_flight=first.in_flight,
        sent=int(statistics.median(r.sent for r in results)),
        failed=int(statistics.median(r.failed for r in results)),
        seconds=statistics.median(r.seconds for r in results),
        messages_per_second=statistics.median(r.messages_per_second for r in results),
        client_cpu_seconds=statistics.median(r.client_cpu_seconds for r in results),
        timed_out=any(r.timed_out for r in results),
    )


def _print(result: PeerResult, as_json: bool, label: str) -> None:
    if as_json:
        print(json.dumps({**result.as_dict(), "versions": versions()}), flush=True)
    else:
        print(f"{label} {result.line()}", flush=True)


async def _main(args: argparse.Namespace, text: str) -> int:
    chat_ids = list(range(args.first_chat, args.first_chat + args.chats))
    if args.register_chats:
        how = await register_chats(args.server, chat_ids)
        print(f"registered {len(chat_ids)} chats ({how})", file=sys.stderr, flush=True)
    found = versions()
    label = f"[aiogram {found['aiogram']}, aiogram-broadcaster {found['aiogram-broadcaster']}]"
    runner = RUNNERS[args.runner]
    results = []
    for _ in range(args.runs):
        result = await runner(
            args.server, args.token, chat_ids, text, args.in_flight, time_limit=args.timeout
        )
        results.append(result)
        _print(result, args.json, label)
    if len(results) > 1:
        _print(_median(results), args.json, label)
    return 0 if all(r.sent == r.chats for r in results) else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    text = Path(args.text_file).read_text(encoding="utf-8") if args.text_file else DEFAULT_TEXT
    return asyncio.run(_main(args, text))


if __name__ == "__main__":
    sys.exit(main())
