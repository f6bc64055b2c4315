"""The HTTP server (issue 12): one aiohttp server inside the bot's process and event loop.

Off unless HTTP_PORT is set. It serves /healthz and /metrics always, and the publish API
(/api/...) when API_TOKEN is set. It starts once the bot's services run and stops before they
do (bot/app.py), so every route finds storage and the delivery engine there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiohttp import web

from bot.context import AnyApplication, settings_of
from bot.http import api, health, metrics, openapi
from bot.limits import API_REQUEST_MAX_BYTES
from bot.startup import StartupError

logger = logging.getLogger(__name__)


def build_web_app(
    application: AnyApplication, extra: Sequence[web.RouteDef] = ()
) -> web.Application:
    """The aiohttp application for the bot `application`, with `extra` routes (the webhook's)."""
    web_app = web.Application(client_max_size=API_REQUEST_MAX_BYTES, middlewares=[api.api_errors])
    web_app[api.APPLICATION] = application
    web_app.add_routes([*health.routes(), *metrics.routes(), *extra])
    if settings_of(application).api_token is not None:
        web_app.add_routes(openapi.routes() + api.routes())
    return web_app


class HttpServer:
    """The server on HTTP_HOST:HTTP_PORT, started and stopped with the application."""

    def __init__(self, application: AnyApplication, extra: Sequence[web.RouteDef] = ()) -> None:
        self._application = application
        # No access log: /metrics and /healthz are asked every few seconds; the API's writes
        # are logged where they happen.
        self._runner = web.AppRunner(build_web_app(application, extra), access_log=None)

    async def start(self) -> None:
        """Listen; StartupError naming the setting when the address cannot be had."""
        settings = settings_of(self._application)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.http_host, settings.http_port)
        try:
            await site.start()
        except OSError as error:
            await self._runner.cleanup()
            raise StartupError(
                f"cannot listen on {settings.http_host}:{settings.http_port} ({error}); "
                "check HTTP_HOST and HTTP_PORT"
            ) from None
        logger.info("HTTP server listening on http://%s:%d", settings.http_host, self.port)

    @property
    def port(self) -> int:
        """The port it listens on (HTTP_PORT=0 picks a free one)."""
        address = self._runner.addresses[0]
        return int(address[1])

    async def stop(self) -> None:
        """Stop listening and finish the requests under way."""
        await self._runner.cleanup()
