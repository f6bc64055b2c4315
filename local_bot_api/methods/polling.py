"""getUpdates and the webhook methods that affect it."""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.errors import bad_request
from local_bot_api.methods.registry import method
from local_bot_api.params import Params


@method("getUpdates")
async def get_updates(backend: Backend, params: Params) -> Any:
    allowed = params.json("allowed_updates")
    if allowed is not None and (
        not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed)
    ):
        raise bad_request("can't parse allowed_updates JSON array")
    return await backend.updates.get(
        offset=params.integer("offset", 0) or 0,
        limit=params.integer("limit", 100) or 100,
        poll_seconds=params.number("timeout", 0.0),
        allowed_updates=allowed,
    )


@method("deleteWebhook")
async def delete_webhook(backend: Backend, params: Params) -> Any:
    if params.flag("drop_pending_updates"):
        backend.updates.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(backend: Backend, params: Params) -> Any:
    return {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(backend.updates),
    }
