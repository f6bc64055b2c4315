"""getUpdates and the webhook methods that affect it."""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.errors import ApiError, bad_request
from local_bot_api.methods.registry import method
from local_bot_api.params import Params
from local_bot_api.webhook import WebhookConfig, WebhookDelivery, check_webhook

_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


def _allowed_updates(params: Params) -> list[str] | None:
    allowed = params.json("allowed_updates")
    if allowed is not None and (
        not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed)
    ):
        raise bad_request("can't parse allowed_updates JSON array")
    return allowed


@method("getUpdates")
async def get_updates(backend: Backend, params: Params) -> Any:
    allowed = _allowed_updates(params)
    if backend.webhook is not None:
        raise ApiError(409, _WEBHOOK_ACTIVE)
    return await backend.updates.get(
        offset=params.integer("offset", 0) or 0,
        limit=params.integer("limit", 100) or 100,
        poll_seconds=params.number("timeout", 0.0),
        allowed_updates=allowed,
    )


@method("setWebhook")
async def set_webhook(backend: Backend, params: Params) -> Any:
    url = params.string("url") or ""
    if not url:  # an empty URL removes the webhook, as deleteWebhook does
        return await delete_webhook(backend, params)
    secret = params.string("secret_token")
    connections = params.integer("max_connections", 40) or 40
    check_webhook(url, secret, connections, allow_http=backend.http_webhooks_allowed)
    allowed = _allowed_updates(params)
    if params.flag("drop_pending_updates"):
        backend.updates.clear()
    backend.updates.set_allowed(allowed)
    if backend.webhook is not None:
        await backend.webhook.stop()
    backend.webhook = WebhookDelivery(backend.updates, WebhookConfig(url, secret, connections))
    backend.webhook.start()
    backend.updates.close()  # a long poll under way ends (Telegram answers it 409 later)
    return True


@method("deleteWebhook")
async def delete_webhook(backend: Backend, params: Params) -> Any:
    webhook, backend.webhook = backend.webhook, None
    if webhook is not None:
        await webhook.stop()
    if params.flag("drop_pending_updates"):
        backend.updates.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(backend: Backend, params: Params) -> Any:
    info: dict[str, Any] = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(backend.updates),
    }
    if backend.webhook is not None:
        config = backend.webhook.config
        info |= {"url": config.url, "max_connections": config.max_connections}
        if config.last_error_date is not None:
            info |= {
                "last_error_date": config.last_error_date,
                "last_error_message": config.last_error_message,
            }
        if backend.updates.allowed_updates is not None:
            info["allowed_updates"] = sorted(backend.updates.allowed_updates)
    return info
