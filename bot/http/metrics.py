"""`GET /metrics` (issue 12): the application's counters in Prometheus text format.

Counting happens where things happen (bot/metrics.py says where); this only refreshes the two
figures read from the database at scrape time (the outbox's depth, the last round's duration)
and renders the application's registry.
"""

from __future__ import annotations

from aiohttp import web

from bot.context import metrics_of, services_of
from bot.http.api import APPLICATION
from bot.limits import METRICS_ROUNDS
from bot.metrics import CONTENT_TYPE


async def metrics(request: web.Request) -> web.Response:
    """The Prometheus text of this application's metrics."""
    application = request.app[APPLICATION]
    counted = metrics_of(application)
    rounds = await services_of(application).storage.outbox.recent_rounds(METRICS_ROUNDS)
    counted.outbox_depth.set(sum(round_.due for round_ in rounds))
    last = next((round_ for round_ in rounds if round_.finished_at is not None), None)
    if last is not None and last.finished_at is not None:
        counted.round_duration.set(last.finished_at - last.started_at)
    return web.Response(body=counted.render(), headers={"Content-Type": CONTENT_TYPE})


def routes() -> list[web.RouteDef]:
    """/metrics."""
    return [web.get("/metrics", metrics)]
