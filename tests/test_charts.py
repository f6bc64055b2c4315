"""bot/views/charts.py: the /stats chart is a valid PNG drawn from the numbers it is given."""

from __future__ import annotations

import io
from datetime import date, timedelta

import matplotlib
from PIL import Image

from bot.views.charts import ChartDrawer, chart_numbers, render_chart
from storage import DayActivity, SubscriberDay, Trends

FIRST = date(2026, 10, 30)


def month() -> Trends:
    days = [FIRST + timedelta(days=n) for n in range(30)]
    return Trends(
        tuple(DayActivity(day, n * 3, n * 100, n) for n, day in enumerate(days)),
        tuple(SubscriberDay(day, 1000 + n, 40 + n // 3, 5) for n, day in enumerate(days)),
    )


def test_the_chart_is_a_png_keeping_the_numbers_it_was_drawn_from() -> None:
    trends = month()
    png = render_chart(trends)
    assert matplotlib.get_backend().lower() == "agg"
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.size == (1000, 600)
        assert image.info["Description"] == chart_numbers(trends)
    lines = chart_numbers(trends).splitlines()
    assert len(lines) == 30
    assert lines[0] == "2026-10-30 0 0 0 1000 40 5"
    assert lines[-1] == "2026-11-28 87 2900 29 1029 49 5"


def test_an_empty_month_still_draws() -> None:
    days = [FIRST + timedelta(days=n) for n in range(30)]
    empty = Trends(
        tuple(DayActivity(day, 0, 0) for day in days),
        tuple(SubscriberDay(day, 0, 0, 0) for day in days),
    )
    with Image.open(io.BytesIO(render_chart(empty))) as image:
        image.verify()


async def test_the_drawer_draws_in_its_worker_process_and_again_after_closing() -> None:
    drawer = ChartDrawer()
    try:
        trends = month()
        first = await drawer.draw(trends)
        second = await drawer.draw(trends)  # the same worker, already warm
        assert first.startswith(b"\x89PNG") and second.startswith(b"\x89PNG")
        drawer.close()
        assert (await drawer.draw(trends)).startswith(b"\x89PNG")  # a new worker
    finally:
        drawer.close()
