"""`python -m bot` and the `newsbot` console script: run the bot with long polling.

`python -m bot healthcheck` instead says whether the running bot is healthy, by the age of its
heartbeat file (bot/health.py): exit status 0, or 1 and one line saying why. A container's
HEALTHCHECK runs it.

`python -m bot playground` (issue 14) runs the bot against a local Bot API server with a web page
to try it in (playground/run.py): no token, no Telegram.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bot.health import check_healthz, check_heartbeat, healthz_url
from bot.limits import HEALTHZ_TIMEOUT, HEARTBEAT_MAX_AGE
from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings
from bot.startup import StartupError


def main(argv: Sequence[str] | None = None) -> None:
    """Poll until interrupted, or run the command given on the command line."""
    parser = _parser()
    arguments, rest = parser.parse_known_args(argv)
    if arguments.command == "playground":
        # Imported here: the bot itself needs none of it (nor its web server and page).
        from playground.run import main as playground

        playground(rest)
        return
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if arguments.command == "healthcheck":
        raise SystemExit(healthcheck(arguments.max_age, arguments.file))
    run()


def run() -> None:
    """Read settings, set up logging, and poll until interrupted."""
    # Opt in to PTB 23's timedelta durations now; otherwise every 429 logs a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"newsbot: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    token = settings.bot_token.get_secret_value()
    configure_logging(settings.log_level, token)
    # Imported here: the healthcheck, run every few seconds in a container, needs none of it.
    from bot.app import run_polling

    try:
        run_polling(settings)
    except StartupError as error:
        # Not logged, so not redacted by the log filter: the message names settings, never
        # the token, but a server's reason is quoted as it came.
        print(f"newsbot: {str(error).replace(token, '<redacted>')}", file=sys.stderr)
        raise SystemExit(1) from None


def healthcheck(max_age: float, file: Path | None = None) -> int:
    """0 if the heartbeat is at most `max_age` seconds old, else 1 with one line saying why.

    With the HTTP server on (HTTP_PORT, and no --file), the bot's /healthz is asked instead.
    """
    if file is None:
        try:
            # Finding the file takes no token: a shell may not have BOT_TOKEN set.
            settings = load_settings(bot_token="not-needed")
        except SettingsError as error:
            print(f"newsbot: unhealthy: configuration error: {error}", file=sys.stderr)
            return 1
        if settings.http_port:  # 0 (any free port) is not known to a second process
            url = healthz_url(settings.http_host, settings.http_port)
            return _verdict(check_healthz(url, HEALTHZ_TIMEOUT), url)
        file = settings.heartbeat_path
    return _verdict(check_heartbeat(file, max_age, time.time()), f"heartbeat at {file}")


def _verdict(problem: str | None, checked: str) -> int:
    if problem is not None:
        print(f"newsbot: unhealthy: {problem}", file=sys.stderr)
        return 1
    print(f"newsbot: healthy ({checked})")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot", description="Run the news bot with long polling (no command)."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "healthcheck",
        help="exit 0 if the running bot's heartbeat is fresh, else 1 saying why",
        description="Exit 0 if the running bot's heartbeat (HEALTH_FILE) is fresh, else 1.",
    )
    check.add_argument(
        "--max-age",
        type=float,
        default=HEARTBEAT_MAX_AGE,
        metavar="SECONDS",
        help=f"oldest heartbeat that counts as fresh (default {HEARTBEAT_MAX_AGE:g})",
    )
    check.add_argument(
        "--file",
        type=Path,
        metavar="PATH",
        help="the heartbeat file (default: HEALTH_FILE, else 'heartbeat' next to DATABASE_PATH)",
    )
    commands.add_parser(
        "playground",
        add_help=False,  # its own options and --help are playground/run.py's
        help="try the bot in a browser, with no token and no Telegram (--help for options)",
    )
    return parser


if __name__ == "__main__":
    main()
