"""The scheduled push: a job that only asks the delivery engine for a round."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, ContextTypes

from bot.delivery.engine import DeliveryEngine
from bot.limits import FIRST_ROUND_DELAY


def schedule_rounds(
    application: Application[Any, Any, Any, Any, Any, Any],
    engine: DeliveryEngine,
    interval: float,
) -> None:
    """Request a round every `interval` seconds with PTB's JobQueue.

    The job returns at once (planning and sending run in the engine's own tasks), so however
    long a round takes, APScheduler never has to skip or overlap a run.
    """

    async def push(context: ContextTypes.DEFAULT_TYPE) -> None:
        engine.request_round()

    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(
        push, interval=interval, first=min(interval, FIRST_ROUND_DELAY), name="push-round"
    )
