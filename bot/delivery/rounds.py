"""The scheduled push: a short job that plans a round and wakes the delivery engine."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.delivery.engine import DeliveryEngine
from storage import Storage

logger = logging.getLogger(__name__)

_FIRST_ROUND_DELAY = 5.0


async def plan_round(storage: Storage, engine: DeliveryEngine) -> None:
    """Queue an alert for every chat behind the newest article, and hand them to the engine."""
    planned = await storage.outbox.plan_round()
    if planned is not None:
        logger.info("Round %d: %d alerts queued", planned.id, planned.planned)
        engine.wake()


def schedule_rounds(
    application: Application[Any, Any, Any, Any, Any, Any],
    storage: Storage,
    engine: DeliveryEngine,
    interval: float,
) -> None:
    """Run `plan_round` every `interval` seconds with PTB's JobQueue."""

    async def push(context: ContextTypes.DEFAULT_TYPE) -> None:
        await plan_round(storage, engine)

    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(
        push, interval=interval, first=min(interval, _FIRST_ROUND_DELAY), name="push-round"
    )
