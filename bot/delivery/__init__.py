"""Scheduled headline delivery: the outbox engine and the job that asks it for rounds."""

from bot.delivery.engine import DeliveryEngine
from bot.delivery.rounds import schedule_rounds

__all__ = ["DeliveryEngine", "schedule_rounds"]
