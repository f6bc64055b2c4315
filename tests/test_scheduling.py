"""What a time an editor types means (bot/news/scheduling.py): rollover, dates, years, DST,
the past and the year ahead, and the numbers editors know scheduled articles by."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.news.articles import Problem
from bot.news.scheduling import Moment, label, parse_label, parse_moment, parse_when

TBILISI = ZoneInfo("Asia/Tbilisi")  # UTC+4 all year
BERLIN = ZoneInfo("Europe/Berlin")  # clocks forward 29.03.2026 02:00, back 25.10.2026 03:00


def at(text: str, zone: ZoneInfo = TBILISI) -> datetime:
    """A moment written like an editor's full form, in `zone`."""
    return datetime.strptime(text, "%d.%m.%Y %H:%M").replace(tzinfo=zone)


def when(text: str, now: str, zone: ZoneInfo = TBILISI) -> datetime:
    parsed = parse_when(text, at(now, zone), zone)
    assert isinstance(parsed, datetime), parsed
    return parsed


def refusal(text: str, now: str, zone: ZoneInfo = TBILISI) -> Problem:
    parsed = parse_when(text, at(now, zone), zone)
    assert isinstance(parsed, Problem), parsed
    return parsed


def test_a_time_alone_is_today_while_ahead_else_tomorrow() -> None:
    assert when("09:00", "26.11.2025 08:59") == at("26.11.2025 09:00")
    assert when("9:00", "26.11.2025 08:00") == at("26.11.2025 09:00")
    assert when("09:00", "26.11.2025 09:00") == at("27.11.2025 09:00")  # now is not ahead
    assert when("09:00", "26.11.2025 21:30") == at("27.11.2025 09:00")
    assert when("00:00", "31.12.2025 23:59") == at("01.01.2026 00:00")  # into the next year


def test_a_day_and_month_is_the_next_such_date() -> None:
    assert when("29.11 09:00", "26.11.2025 12:00") == at("29.11.2025 09:00")
    assert when("1.3 9:00", "26.11.2025 12:00") == at("01.03.2026 09:00")
    assert when("26.11 11:00", "26.11.2025 12:00") == at("26.11.2026 11:00")  # an hour ago
    assert when("26.11 13:00", "26.11.2025 12:00") == at("26.11.2025 13:00")


def test_a_full_date_is_that_moment_and_the_past_or_over_a_year_ahead_is_refused() -> None:
    assert when("20.11.2026 09:00", "26.11.2025 12:00") == at("20.11.2026 09:00")
    assert when(" 20.11.2026   09:00 ", "26.11.2025 12:00") == at("20.11.2026 09:00")
    past = refusal("01.01.2020 09:00", "26.11.2025 12:00")
    assert past == Problem("schedule-in-past", {"when": "01.01.2020 09:00"})
    assert refusal("26.11.2025 12:00", "26.11.2025 12:00").key == "schedule-in-past"
    far = refusal("27.11.2026 12:01", "26.11.2025 12:00")
    assert far == Problem("schedule-too-far", {"when": "27.11.2026 12:01"})
    assert when("27.11.2026 12:00", "26.11.2025 12:00") == at("27.11.2026 12:00")  # 366 days


def test_leap_days_and_impossible_dates() -> None:
    assert when("29.02 09:00", "01.03.2027 12:00") == at("29.02.2028 09:00")
    assert refusal("29.02 09:00", "26.11.2025 12:00").key == "schedule-no-such-date"
    assert refusal("31.02 09:00", "26.11.2025 12:00") == Problem(
        "schedule-no-such-date", {"value": "31.02 09:00"}
    )
    assert refusal("29.02.2026 09:00", "26.11.2025 12:00").key == "schedule-no-such-date"
    assert refusal("00.01.2026 09:00", "26.11.2025 12:00").key == "schedule-no-such-date"


@pytest.mark.parametrize(
    "text",
    ["", "tomorrow", "9", "9:0", "25:00", "12:60", "9.00", "29/11 09:00", "29.11.26 09:00",
     "29.11 09:00 extra", "٠٩:٠٠", "09:00:00", "-1:00"],
)  # fmt: skip
def test_anything_else_is_unparseable_and_quoted_back(text: str) -> None:
    problem = refusal(text, "26.11.2025 12:00")
    assert problem == Problem("schedule-unparseable", {"value": " ".join(text.split())})


def test_a_long_refused_text_is_quoted_short() -> None:
    assert len(refusal("x" * 5000, "26.11.2025 12:00").arguments["value"]) == 64


def test_now_may_be_epoch_seconds_and_the_zone_decides_the_day() -> None:
    now = at("26.11.2025 23:30", TBILISI).timestamp()  # 19:30 UTC
    assert parse_when("23:45", now, TBILISI) == at("26.11.2025 23:45", TBILISI)
    utc = ZoneInfo("UTC")
    assert parse_when("23:45", now, utc) == at("26.11.2025 23:45", utc)
    assert parse_when("19:00", now, utc) == at("27.11.2025 19:00", utc)


def test_a_time_the_clocks_skip_is_refused_and_a_repeated_one_is_its_first_occurrence() -> None:
    gap = refusal("29.03.2026 02:30", "26.03.2026 12:00", BERLIN)
    assert gap == Problem("schedule-no-such-time", {"value": "29.03.2026 02:30"})
    assert refusal("02:30", "29.03.2026 01:00", BERLIN).key == "schedule-no-such-time"
    # Past the gap already: the next 02:30 is the next day's, which exists.
    assert when("02:30", "29.03.2026 04:00", BERLIN) == at("30.03.2026 02:30", BERLIN)
    assert when("29.03.2026 03:00", "26.03.2026 12:00", BERLIN).utcoffset() == timedelta(hours=2)
    first = when("25.10.2026 02:30", "20.10.2026 12:00", BERLIN)
    assert first.utcoffset() == timedelta(hours=2)  # still summer time: the first 02:30
    assert first.timestamp() == datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC")).timestamp()


def test_numbers_are_shown_and_read_back_as_editors_type_them() -> None:
    assert label(3) == "S3"
    assert [parse_label(text) for text in ("S3", "s3", "#S3", " 3 ", "#3")] == [3] * 5
    assert [parse_label(text) for text in ("", "S", "S-1", "S0", "abc", "S3x", "S" + "9" * 20)] == [
        None
    ] * 7


def test_breaking_after_the_time_asks_for_breaking_news_then() -> None:
    now = at("26.11.2025 08:00")
    assert parse_moment("09:00", now, TBILISI) == Moment(at("26.11.2025 09:00"), breaking=False)
    for text in ("09:00 breaking", "09:00  BREAKING", "26.11.2025 09:00 Breaking"):
        assert parse_moment(text, now, TBILISI) == Moment(at("26.11.2025 09:00"), breaking=True)
    # The word alone is no time, and it counts only after one.
    for text in ("breaking", "breaking 09:00", "09:00 breaking now"):
        refused = parse_moment(text, now, TBILISI)
        assert isinstance(refused, Problem) and refused.key == "schedule-unparseable", text
