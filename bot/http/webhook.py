"""Webhook mode (issue 12): Telegram POSTs each update to WEBHOOK_URL, which the HTTP server
serves on that URL's path, instead of the bot polling getUpdates.

A request must carry the secret token in `X-Telegram-Bot-Api-Secret-Token` (compared in
constant time) or it is answered 403 and nothing happens. An accepted update goes into the
application's update queue, the same queue long polling fills: from there the same update
processor handles it (per-chat order, the concurrency bound, the reader budgets), so the two
modes differ only in how updates arrive. The answer (200) comes once the update is queued, as
Telegram wants it fast: a slow answer makes Telegram hold back the chat's next updates.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from typing import Final

from aiohttp import web
from telegram import Bot, Update

from bot.context import AnyApplication
from bot.settings import Settings
from storage import Storage

logger = logging.getLogger(__name__)

SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"
# Where a generated secret is kept (storage's bot_state, migration 0020).
_SECRET_KEY: Final = "webhook_secret"
_SECRET_BYTES: Final = 32  # token_urlsafe: 43 characters of Telegram's alphabet


async def webhook_secret(settings: Settings, storage: Storage) -> str:
    """WEBHOOK_SECRET, or the one generated the first time and kept, so every instance and
    every restart of a deployment gives Telegram the same secret."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return await storage.bot_state.get_or_create(
        _SECRET_KEY, lambda: secrets.token_urlsafe(_SECRET_BYTES)
    )


async def set_webhook(bot: Bot, settings: Settings, secret: str) -> bool:
    """Tell Telegram to POST every kind of update to WEBHOOK_URL with the secret."""
    return await bot.set_webhook(
        settings.webhook_url or "",
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
        max_connections=settings.webhook_max_connections,
    )


def webhook_routes(
    application: AnyApplication, settings: Settings, secret: str
) -> list[web.RouteDef]:
    """The route Telegram posts updates to: WEBHOOK_URL's path."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            logger.warning("Refused a webhook request without the right secret token")
            return web.json_response({"error": "forbidden"}, status=403)
        try:
            data = json.loads(await request.read())
        except ValueError:
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.json_response({"error": "not an update"}, status=400)
        await application.update_queue.put(Update.de_json(data, application.bot))
        return web.Response(status=200)

    return [web.post(settings.webhook_path, receive)]
