"""The heartbeat: a file the running bot rewrites while it is healthy, and the check that reads it.

A container's HEALTHCHECK runs `python -m bot healthcheck` in a second process, which cannot ask
the bot anything; so the bot writes the time to HEALTH_FILE every HEARTBEAT_INTERVAL while polling
and delivery both work, and stops when either stalls. A hung event loop stops it just the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram.ext import ContextTypes, JobQueue

from bot.limits import DELIVERY_STALL_AFTER, HEARTBEAT_INTERVAL, POLLING_STALL_AFTER

logger = logging.getLogger(__name__)

# What is wrong with the bot right now, one short sentence each; empty when it is healthy.
Problems = Callable[[], list[str]]


def polling_problem(updater_running: bool, silent_for: float, last_error: str | None) -> str | None:
    """Why polling has stalled, if it has: the updater stopped, or getUpdates goes unanswered."""
    if not updater_running:
        return "polling has stopped"
    if silent_for > POLLING_STALL_AFTER:
        cause = f" (last error: {last_error})" if last_error else ""
        return f"getUpdates not answered for {silent_for:.0f} s{cause}"
    return None


def delivery_problem(stalled_since: float | None, now: float) -> str | None:
    """Why delivery has stalled, if an engine task has kept failing for too long."""
    if stalled_since is not None and now - stalled_since > DELIVERY_STALL_AFTER:
        return f"delivery stalled for {now - stalled_since:.0f} s"
    return None


class Heartbeat:
    """Writes the current time to `path` on every `beat()` at which `problems()` is empty."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self._problems = problems
        self._healthy = True
        self._stopped = False

    def prepare(self) -> None:
        """Create the file's directory and remove a heartbeat left by an earlier run."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.unlink(missing_ok=True)
        self._stopped = False

    def problems(self) -> list[str]:
        """What is wrong with the bot right now (the same checks as the beat; for /healthz)."""
        return self._problems()

    def schedule(self, job_queue: JobQueue[Any]) -> None:
        """Beat every HEARTBEAT_INTERVAL once the application has started."""

        async def beat(context: ContextTypes.DEFAULT_TYPE) -> None:
            await self.beat()

        job_queue.run_repeating(beat, interval=HEARTBEAT_INTERVAL, name="heartbeat")

    async def beat(self) -> None:
        """Refresh the file if the bot is healthy; log when it stops or starts being so."""
        if self._stopped:
            return
        problems = self._problems()
        # Once per change: the polling and delivery loops log their own failures meanwhile.
        if problems and self._healthy:
            logger.warning("Unhealthy, heartbeat paused: %s", "; ".join(problems))
        elif not problems and not self._healthy:
            logger.info("Healthy again, heartbeat resumed")
        self._healthy = not problems
        if problems:
            return
        try:
            await asyncio.to_thread(write_heartbeat, self.path, time.time())
        except OSError as error:
            logger.warning("Could not write the heartbeat %s: %s", self.path, error)

    def stop(self) -> None:
        """The bot is stopping: no more beats (and no warning that polling stopped), no file."""
        self._stopped = True
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def write_heartbeat(path: Path, now: float) -> None:
    """Write `now` to `path` atomically: a reader never sees a half-written file."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(f"{now:.3f}\n", encoding="ascii")
    os.replace(partial, path)


def check_heartbeat(path: Path, max_age: float, now: float) -> str | None:
    """Why the heartbeat at `path` shows an unhealthy bot, or None if it is fresh."""
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return f"no heartbeat at {path}: the bot is not running, or has not started yet"
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot read the heartbeat at {path}: {error}"
    try:
        written = float(text)
    except ValueError:
        return f"the heartbeat at {path} holds no time: {text[:40]!r}"
    age = now - written
    if age > max_age:
        return (
            f"the heartbeat at {path} is {age:.0f} s old (more than {max_age:g} s): "
            "polling or delivery has stalled, or the bot hangs; see its log"
        )
    return None


def healthz_url(host: str, port: int) -> str:
    """Where a second process on the same machine asks the running bot's /healthz (a server
    listening on every address is asked on the loopback one)."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/healthz"


def check_healthz(url: str, timeout: float) -> str | None:
    """Why the bot's /healthz at `url` shows an unhealthy bot, or None if it answers 200.

    What `newsbot healthcheck` checks when the HTTP server is on (HTTP_PORT): the same problems
    as the heartbeat, asked of the bot itself.
    """
    try:
        with urllib.request.urlopen(url, timeout=timeout):  # an http:// URL we built
            return None
    except urllib.error.HTTPError as error:
        try:
            problems = json.loads(error.read(4096)).get("problems") or []
        except (ValueError, AttributeError, OSError):
            problems = []
        said = "; ".join(str(problem) for problem in problems) or str(error.reason)
        return f"{url} answered {error.code}: {said}"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return f"cannot reach {url} ({reason}): the bot is not running, or has not started yet"
