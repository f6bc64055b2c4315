"""`GET /healthz` (issue 12): the bot's health for a load balancer or a container's check.

The same notion of health as the heartbeat file (bot/health.py): the problems that pause the
heartbeat (polling stalled, delivery stalled) make this 503 as well; a database that cannot be
read does too. 200 otherwise, with what was looked at.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime

from aiohttp import web

from bot.context import heartbeat_of, metrics_of, services_of
from bot.http.api import APPLICATION


async def healthz(request: web.Request) -> web.Response:
    """200 {"status": "ok", ...} while healthy; 503 {"status": "stalled", "problems": [...]}."""
    application = request.app[APPLICATION]
    services = services_of(application)
    problems = heartbeat_of(application).problems()
    feeds: dict[str, int] | None = None
    try:
        await services.storage.outbox.recent_rounds(1)
        live = await services.storage.feeds.live()
        storage = "ok"
    except (sqlite3.Error, ValueError) as error:  # ValueError: aiosqlite's closed connection
        storage = f"error: {error}"
        problems.append(f"storage cannot be read: {error}")
    else:
        # A site that is down is the site's trouble, not the bot's: counted, never a 503.
        feeds = {
            "count": len(live),
            "paused": sum(feed.paused for feed in live),
            "failing": sum(feed.failures > 0 for feed in live),
        }
    stalled_since = services.delivery.stalled_since()
    failing = None if stalled_since is None else time.time() - stalled_since
    last_update = metrics_of(application).last_update_at
    body = {
        "status": "stalled" if problems else "ok",
        "problems": problems,
        "storage": storage,
        "delivery": "ok" if failing is None else f"failing for {failing:.0f} s",
        "feeds": feeds,
        "last_update_received": (
            None if last_update is None else datetime.fromtimestamp(last_update, UTC).isoformat()
        ),
    }
    return web.json_response(body, status=503 if problems else 200)


def routes() -> list[web.RouteDef]:
    """/healthz."""
    return [web.get("/healthz", healthz, allow_head=True)]
