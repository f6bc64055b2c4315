"""The HTTP face of the bot (issue 12): the publish API, /healthz and /metrics."""

from bot.http.server import HttpServer, build_web_app

__all__ = ["HttpServer", "build_web_app"]
