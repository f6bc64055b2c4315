"""The /stats chart (issue 13): views per day and subscribers by kind, drawn as a PNG.

Drawn with matplotlib's Agg backend through its object API (a `Figure` of its own per chart,
never pyplot's global state), so charts can be drawn in worker threads or processes at once.
`render_chart` is CPU-bound (~0.3 s on the 2-core test machine) and holds the GIL for most of
it: drawn in a thread, it stalled the event loop up to 84 ms per chart (p99 of 1 ms ticks: 48
ms); in a warm worker process, at most 10 ms (p99 1.8 ms), as without a chart. So a
`ChartDrawer` draws in one worker process of its own, started at the first chart (spawned:
~1 s once, no fork of a threaded process) and kept for the next ones.

Labels are English words and numbers only: matplotlib's bundled DejaVu Sans has no Georgian
letters, and the chart is a picture beside the text, which carries the same numbers in the
reader's language. The PNG keeps those numbers in its text chunks too (`Description`), so a
test can check that the picture was drawn from the figures the text shows.
"""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.limits import STATS_CHART_DPI, STATS_CHART_INCHES
from storage import Trends

logger = logging.getLogger(__name__)

_READS = "#2a7ab0"
_ALERTS = "#9cc9e8"
_INLINE = "#e8b04a"
_KINDS = (("private", "Private chats", "#d9822b"), ("groups", "Groups", "#3c9d5d"))
_CHANNELS = ("channels", "Channels", "#8e5ea2")


def chart_numbers(trends: Trends) -> str:
    """The chart's figures as one line per day (`date reads alerts inline private groups
    channels`): kept in the PNG, so what it shows can be compared with the text."""
    return "\n".join(
        f"{activity.day.isoformat()} {activity.reads} {activity.alerts} {activity.inline}"
        f" {people.private} {people.groups} {people.channels}"
        for activity, people in zip(trends.activity, trends.subscribers, strict=True)
    )


def render_chart(trends: Trends) -> bytes:
    """The chart as PNG bytes: stacked reads, alerts and inline shares per day above (all the
    day's views), subscribers by kind below, one x-axis of days.

    matplotlib is imported here, where charts are drawn (the worker process), not when the bot
    starts: importing it took 0.45 s of the bot's 1.3 s of imports."""
    import matplotlib

    matplotlib.use("Agg")  # explicit: no display, and no GUI toolkit is ever imported
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

    figure = Figure(figsize=STATS_CHART_INCHES, dpi=STATS_CHART_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    views, people = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    days = [activity.day for activity in trends.activity]
    reads = [activity.reads for activity in trends.activity]
    alerts = [activity.alerts for activity in trends.activity]
    views.bar(days, reads, color=_READS, label="Articles read")
    views.bar(days, alerts, bottom=reads, color=_ALERTS, label="Headline alerts delivered")
    inline = [activity.inline for activity in trends.activity]
    below = [read + alert for read, alert in zip(reads, alerts, strict=True)]
    views.bar(days, inline, bottom=below, color=_INLINE, label="Shared inline")
    views.set_title(f"Views per day, last {len(days)} days")
    views.set_ylabel("views")
    views.legend(loc="upper left", frameon=False)
    for key, label, color in (*_KINDS, _CHANNELS):
        series = [getattr(day, key) for day in trends.subscribers]
        people.plot(days, series, color=color, marker=".", label=f"{label} ({series[-1]})")
    people.set_title("Subscribers at the end of each day")
    people.set_ylabel("subscribers")
    people.legend(loc="upper left", frameon=False)
    people.xaxis.set_major_formatter(DateFormatter("%d.%m"))  # type: ignore[no-untyped-call]
    for axes in (views, people):
        axes.grid(axis="y", alpha=0.3)
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        metadata={"Title": "newsbot /stats", "Description": chart_numbers(trends)},
    )
    return buffer.getvalue()


class ChartDrawer:
    """Draws charts in a worker process of its own, so replies go on meanwhile."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def draw(self, trends: Trends) -> bytes:
        """The chart of `trends` as PNG bytes, drawn in the worker (started if need be)."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._pool, render_chart, trends
            )
        except BrokenProcessPool:
            # The worker died (killed, out of memory): the next chart starts a new one; this
            # one is drawn in a thread, which only slows other replies a little.
            logger.warning("The chart worker died; drawing this chart in a thread")
            self.close()
            return await asyncio.to_thread(render_chart, trends)

    def close(self) -> None:
        """Stop the worker, if one was started (without waiting: it holds nothing)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
