"""getUpdates and the webhook methods that affect it."""

from __future__ import annotations

from typing import Any

from ..backend import Backend
from ..errors import bad_request
from ..params import Params
from .registry import method


@method("getUpdates")
async def get_updates(b: Backend, p: Params) -> Any:
    allowed = p.json("allowed_updates")
    if allowed is not None and (
        not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed)
    ):
        raise bad_request("can't parse allowed_updates JSON array")
    return await b.updates.get(
        offset=p.integer("offset", 0) or 0,
        limit=p.integer("limit", 100) or 100,
        poll_seconds=p.number("timeout", 0.0),
        allowed_updates=allowed,
    )


@method("deleteWebhook")
async def delete_webhook(b: Backend, p: Params) -> Any:
    if p.flag("drop_pending_updates"):
        b.updates.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(b: Backend, p: Params) -> Any:
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(b.updates)}
