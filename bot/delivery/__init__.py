"""Scheduled headline delivery: planning rounds, pacing, and the engine that sends alerts."""

from bot.delivery.engine import DeliveryEngine
from bot.delivery.pacing import Pacer, PacingRateLimiter
from bot.delivery.rounds import schedule_rounds

__all__ = [
    "DeliveryEngine",
    "Pacer",
    "PacingRateLimiter",
    "schedule_rounds",
]
