"""python -m local_bot_api: serve a fake Bot API until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from .api import LocalBotApi


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
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    api = LocalBotApi(
        token=args.token,
        bot_username=args.bot_username,
        latency=args.latency,
        host=args.host,
        port=args.port,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with api:
        if args.flood:
            api.flood_limits(enabled=True)
        print(
            f"local Bot API on {api.url}  base_url={api.base_url}  "
            f"base_file_url={api.base_file_url}  control={api.control_url}  token={api.token}",
            flush=True,
        )
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    asyncio.run(serve(_arguments(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
