"""python -m local_bot_api: serve a fake Bot API until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import gc
import signal
import sys

from local_bot_api.api import LocalBotApi


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m local_bot_api", description="Local fake Telegram Bot API server."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--bot-username", default="newsbot_test_bot")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each reply")
    parser.add_argument("--flood", action="store_true", help="enable Telegram-like 429s")
    parser.add_argument(
        "--lean",
        action="store_true",
        help="benchmark mode: keep counters (send_stats) instead of messages and requests",
    )
    parser.add_argument(
        "--auto-chats", action="store_true", help="create unknown chat ids on the first send"
    )
    parser.add_argument(
        "--count-per-chat", action="store_true", help="count accepted sends per chat in send_stats"
    )
    parser.add_argument(
        "--http-webhooks",
        action="store_true",
        help="accept plain http webhook URLs on any port (Telegram wants HTTPS on 443/80/88/8443)",
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    api = LocalBotApi(
        token=args.token,
        bot_username=args.bot_username,
        latency=args.latency,
        host=args.host,
        port=args.port,
        record=not args.lean,
        auto_chats=args.auto_chats,
        count_per_chat=args.count_per_chat,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with api:
        if args.flood:
            api.flood_limits(enabled=True)
        if args.http_webhooks:
            api.allow_http_webhooks()
        if args.lean:
            # Everything allocated so far lives until exit: keep it out of the collector's
            # full passes.
            gc.collect()
            gc.freeze()
        modes = [
            name
            for name in ("lean", "auto_chats", "count_per_chat", "http_webhooks")
            if getattr(args, name)
        ]
        print(
            f"local Bot API on {api.url}  base_url={api.base_url}  "
            f"base_file_url={api.base_file_url}  control={api.control_url}  token={api.token}"
            + (f"  modes={','.join(modes)}" if modes else ""),
            flush=True,
        )
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    asyncio.run(serve(_arguments(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
