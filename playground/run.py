"""`newsbot playground`: the local Bot API server, the bot wired to it, and the page, in one
process with no settings at all.

Nothing here talks to Telegram: the bot's settings are made in code (playground/world.py),
and the Bot API server listens on 127.0.0.1 whatever --host says (that is the page's).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import os
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from aiohttp import web

from bot.app import build_application, running
from bot.logs import configure_logging
from bot.startup import StartupError, StartupInterrupted
from local_bot_api import LocalBotApi
from playground.demo import publish_demo
from playground.playground import Playground
from playground.routes import playground_app
from playground.world import (
    BOT_FIRST_NAME,
    BOT_USERNAME,
    EDITOR_ID,
    TOKEN,
    bot_settings,
    build_world,
)

logger = logging.getLogger(__name__)
LOCAL_HOST = "127.0.0.1"
DEFAULT_HOST = LOCAL_HOST
DEFAULT_PORT = 8080
# An open page's event stream is ended first, so stopping waits on no connection for long.
_SHUTDOWN_TIMEOUT = 1.0


@asynccontextmanager
async def running_playground(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    database_path: Path | None = None,
    subscribers: int = 0,
    demo: bool = False,
    stop: asyncio.Event | None = None,
) -> AsyncIterator[Playground]:
    """Start the local server, the bot and the page (port 0: any free one), stop them after.

    `database_path` None: a temporary directory, removed on the way out. `demo`: publish the
    demo articles (playground/demo.py) if the database has none. `stop` set during
    start-up ends the waiting between its tries (StartupInterrupted).
    """
    async with AsyncExitStack() as stack:
        # On 127.0.0.1 whatever --host says: only the bot in this process talks to it.
        api = LocalBotApi(
            token=TOKEN, bot_username=BOT_USERNAME, bot_name=BOT_FIRST_NAME, host=LOCAL_HOST
        )
        await api.start()
        stack.push_async_callback(api.stop)
        # Telegram's limits, so the pacing of a round is there to see.
        api.flood_limits(True)
        playground = Playground(api, build_world(api))
        api.add_listener(playground.relay)
        stack.callback(api.remove_listener, playground.relay)
        playground.relay.start()
        stack.push_async_callback(playground.relay.stop)
        if database_path is None:
            directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="newsbot-"))
            database_path = Path(directory) / "newsbot.sqlite3"
        application = build_application(bot_settings(api, database_path))
        playground.application = await stack.enter_async_context(running(application, stop=stop))
        if demo:
            await publish_demo(playground.application, EDITOR_ID)
        if subscribers:
            await playground.add_subscribers(subscribers)
        runner = web.AppRunner(
            playground_app(playground, loopback_only=is_loopback(host)),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=_SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        stack.push_async_callback(runner.cleanup)
        stack.callback(playground.hub.close)
        await web.TCPSite(runner, host, port).start()
        playground.url = _address(host, int(runner.addresses[0][1]))
        yield playground


def _address(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host` ("localhost" included)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: Sequence[str] | None = None) -> None:
    """Run the playground until SIGINT or SIGTERM; the page's address is the last line printed."""
    arguments = _parser().parse_args(argv)
    # PTB 23's timedelta durations now, as `python -m bot` does (no deprecation warnings).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    configure_logging("INFO", TOKEN)
    if not is_loopback(arguments.host):
        print(
            f"newsbot playground: warning: listening on {arguments.host}: the page is reachable "
            "from other machines, and anyone who reaches it can act as the editor",
            file=sys.stderr,
            flush=True,
        )
    # DATABASE_PATH is the one setting taken from the environment: to keep what was tried.
    database = os.environ.get("DATABASE_PATH") or None
    try:
        asyncio.run(
            _serve(
                arguments.host,
                arguments.port,
                Path(database) if database else None,
                arguments.subscribers,
                arguments.demo,
            )
        )
    except StartupError as error:
        print(f"newsbot playground: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as error:  # the port is taken, most often
        print(f"newsbot playground: cannot listen: {error}", file=sys.stderr)
        raise SystemExit(1) from None


async def _serve(host: str, port: int, database: Path | None, subscribers: int, demo: bool) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with running_playground(
            host=host,
            port=port,
            database_path=database,
            subscribers=subscribers,
            demo=demo,
            stop=stop,
        ) as playground:
            logger.info("Playground ready; open %s", playground.url)
            print(playground.url, flush=True)
            await stop.wait()
    except StartupInterrupted:
        logger.info("Stopped before start-up finished")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot playground",
        description="Try newsbot in a browser: a local Bot API server, the bot and a page that "
        "works like a Telegram client. Needs no token and never talks to Telegram.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address the page listens on (default {DEFAULT_HOST}: this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port of the page (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--subscribers",
        type=_subscriber_count,
        default=0,
        help="simulated subscribers to start with (default 0)",
    )
    parser.add_argument(
        "--no-demo",
        dest="demo",
        action="store_false",
        help="start without the demo articles an empty database otherwise gets",
    )
    return parser


def _subscriber_count(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 10_000:
        raise argparse.ArgumentTypeError("must be 0 to 10000")
    return value
