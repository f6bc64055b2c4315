"""Each chat's rhythm (issue 11): a daily digest instead of every round, and quiet hours.

Times are minutes of the day in TIMEZONE. Chats choose among presets with buttons (a time a
reader can pick in one press, not typed); the planner (storage/outbox.py) applies the choices
in SQL at a `Moment` this module makes from the application's clock, which tests replace to
plan at any hour of any day without waiting for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from storage import Moment

Clock = Callable[[], float]
"""The present in epoch seconds: `time.time`, or a test's."""

SYSTEM_CLOCK: Final[Clock] = time.time

MINUTES_PER_DAY: Final = 24 * 60

# The daily digest times offered under /settings: mornings, noon, evenings.
DIGEST_TIMES: Final[tuple[int, ...]] = tuple(
    hour * 60 for hour in (6, 7, 8, 9, 10, 12, 15, 18, 19, 20, 21, 22)
)
# The quiet hours offered: nights of several lengths (from, until).
QUIET_HOURS: Final[tuple[tuple[int, int], ...]] = tuple(
    (start * 60, end * 60) for start, end in ((22, 7), (22, 8), (23, 7), (23, 8), (0, 7), (0, 9))
)


def moment_at(now: float, zone: ZoneInfo) -> Moment:
    """The planning moment of `now`: itself, and its minute of the day in `zone`."""
    local = datetime.fromtimestamp(now, zone)
    return Moment(now, local.hour * 60 + local.minute)


def clock_text(minute: int) -> str:
    """A minute of the day as a 24-hour clock reads it: 08:00, 23:30."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def hours_text(hours: tuple[int, int]) -> str:
    """Quiet hours as people write them: 23:00–08:00."""
    return f"{clock_text(hours[0])}–{clock_text(hours[1])}"
