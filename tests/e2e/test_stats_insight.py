"""Editors' insight over the real HTTP path (issue 13): /stats with its chart (a valid PNG
drawn from the numbers the text shows), `/stats <id>` with views by kind, chats reached,
copies updated and channel reactions from `message_reaction_count` updates; editors only."""

from __future__ import annotations

import io
import re
import time
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.context import services_of
from bot.delivery.propagation import propagate
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage.deliveries import DeliveryKind, record_deliveries, record_inline
from tests.e2e.harness import (
    EDITOR_ID,
    NEWSROOM_CHANNEL,
    READER_ID,
    add_newsroom_chats,
    ask,
    eventually,
    make_settings,
    messages_after,
    press,
    publish,
    rounds_finished_through,
    running_bot,
    start_bot_process,
    stop_bot_process,
    storage_of,
    subscribe_newsroom,
)

DAY = 86400
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A day of the /stats text: date, views (reads · alerts · inline shares), subscribers by kind.
TEXT_DAY = re.compile(
    r"(\d\d)\.(\d\d) — 👁 (\d+) \(📖 (\d+) · 🔔 (\d+) · 🔗 (\d+)\)"
    r" · 👤 (\d+) 👥 (\d+) 📢 (\d+)"
)


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a short push interval, a group, a channel and a Georgian reader."""
    add_newsroom_chats(api)
    async with running_bot(make_settings(api, database, push_interval=0.3)) as application:
        yield application


async def seed(
    app: Any, kind: DeliveryKind, article_id: int, chats: Sequence[int], *, days_ago: int
) -> None:
    stamp = int(time.time()) - days_ago * DAY
    async with storage_of(app).database.transaction() as connection:
        await record_deliveries(connection, kind, [(article_id, c) for c in chats], stamp)


def png_of(api: LocalBotApi, message: SentMessage) -> bytes:
    assert message.method == "sendPhoto" and message.photo is not None
    content = api.file_content(message.photo)
    assert content is not None
    return content


def text_days(text: str) -> dict[str, tuple[int, ...]]:
    """The per-day lines of the /stats text: dd.mm -> (reads, alerts, inline, private,
    groups, channels), each line's views checked to be reads + alerts + inline shares."""
    days = {}
    for match in TEXT_DAY.finditer(text):
        day, month, views, *numbers = match.groups()
        assert int(views) == sum(int(n) for n in numbers[:3]), match.group()
        days[f"{day}.{month}"] = tuple(int(n) for n in numbers)
    return days


def chart_days(png: bytes) -> dict[str, tuple[int, ...]]:
    """The figures the chart was drawn from, as its PNG keeps them (one line per day:
    ISO date, reads, alerts, inline, private, groups, channels)."""
    image = Image.open(io.BytesIO(png))
    image.load()
    description = image.info["Description"]
    days = {}
    for line in description.splitlines():
        iso, *numbers = line.split()
        days[datetime.fromisoformat(iso).strftime("%d.%m")] = tuple(int(n) for n in numbers)
    return days


async def test_stats_sends_a_png_chart_drawn_from_the_numbers_in_the_text(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe_newsroom(app)
    first = await publish(app, "First")
    second = await publish(app, "Second")
    await seed(app, "read", first, [1, 2], days_ago=0)
    await seed(app, "alert", second, [1, 2, 3], days_ago=3)
    await seed(app, "read", second, [4], days_ago=40)  # out of the window
    async with storage_of(app).database.transaction() as connection:  # shared inline yesterday
        await record_inline(connection, first, READER_ID, "chosen-1", int(time.time()) - DAY)

    text, chart = await ask(api, EDITOR_ID, "/stats", count=2)

    assert "Last 30 days" in text.text
    assert "👁 6 views: 📖 2 articles read, 🔔 3 in headline alerts, 🔗 1 shared inline" in text.text
    # Subscribers stay before the days, the rounds last (as before the chart).
    assert text.text.index("Private chats:") < text.text.index("Last 30 days")
    assert text.text.index("Last 30 days") < text.text.index("Last rounds")
    assert text.callback_data == [f"st:{second}", f"st:{first}"]  # the week's most read

    png = png_of(api, chart)
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        image.verify()  # decodable: chunks and checksums intact
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (1000, 600)
    assert chart.text.startswith("📈 Views per day and subscribers, last 30 days")

    shown, drawn = text_days(text.text), chart_days(png)
    assert len(shown) == 30
    assert shown == drawn
    zone = ZoneInfo("Asia/Tbilisi")  # the default TIMEZONE
    today = datetime.now(zone)
    # Subscribed today: none 3 days ago; two private chats, the group and the channel now.
    assert shown[(today - timedelta(days=3)).strftime("%d.%m")] == (0, 3, 0, 0, 0, 0)
    assert shown[(today - timedelta(days=1)).strftime("%d.%m")] == (0, 0, 1, 0, 0, 0)
    assert shown[today.strftime("%d.%m")] == (2, 0, 0, 2, 1, 1)


async def test_stats_for_one_article_counts_views_chats_copies_and_channel_reactions(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    await subscribe_newsroom(app)
    article = await publish(app, "Bridge reopens")
    services_of(app).delivery.request_round()
    await eventually(lambda: rounds_finished_through(storage, article), "the round finished")
    await ask(api, READER_ID, f"/read {article}")
    [alert] = [m for m in api.messages(NEWSROOM_CHANNEL) if "Bridge reopens" in m.text]

    await storage.articles.correct(article, EDITOR_ID, "Bridge reopens today", "Body.", None)
    assert await propagate(storage, article) == 5  # four alerts and the /read reply
    services_of(app).delivery.wake()

    async def updated() -> bool:
        return (await storage.messages.work_states(article)) == {"done": 5}

    await eventually(updated, "every copy updated")
    api.reaction_count(NEWSROOM_CHANNEL, alert.message_id, {"👍": 4, "🔥": 2, "custom:77": 1})

    async def counted() -> bool:
        insight = await storage.insight.article(article)
        return insight is not None and bool(insight.reactions)

    await eventually(counted, "the reaction counts stored")

    [stats] = await ask(api, EDITOR_ID, f"/stats {article}")

    assert stats.text.splitlines() == [
        f"📊 Bridge reopens today · /read_{article}",
        "👁 5 views: 🔔 4 in alerts, 📖 1 read in the bot, 🔗 0 shared inline",
        "💬 Reached 4 chats",
        "✏️ 5 sent copies updated after corrections or a withdrawal",
        "❤️ Reactions in channels: 👍 4 · 🔥 2 · ✨ 1",
    ]


async def test_stats_buttons_open_an_article_for_editors_and_refuse_readers(
    app: Any, api: LocalBotApi
) -> None:
    article = await publish(app, "Rates hold")
    await seed(app, "read", article, [1], days_ago=1)
    text, _ = await ask(api, EDITOR_ID, "/stats", count=2)

    [opened] = await messages_after(
        api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, text.message_id, f"st:{article}")
    )
    assert opened.text.startswith(f"📊 Rates hold · /read_{article}")
    assert "❤️ No reactions reported yet" in opened.text

    for command in ("/stats", f"/stats {article}"):
        [refusal] = await ask(api, READER_ID, command)
        assert "only the news desk’s editors" in refusal.text, command
    reader_chat = await ask(api, READER_ID, "/top")
    answer = await press(api, READER_ID, reader_chat[0], f"st:{article}", check=False)
    assert answer.get("show_alert") and "editors" in answer.get("text", "")


async def test_stats_and_stats_of_an_article_answer_in_georgian(app: Any, api: LocalBotApi) -> None:
    article = await publish(app, "ხიდი გაიხსნა")
    [menu] = await ask(api, EDITOR_ID, "/language")
    await press(api, EDITOR_ID, menu, "lang:ka")

    text, chart = await ask(api, EDITOR_ID, "/stats", count=2)
    [one] = await ask(api, EDITOR_ID, f"/stats {article}")

    assert "ბოლო 30 დღე" in text.text
    assert chart.method == "sendPhoto" and "30 დღე" in chart.text
    assert one.text.startswith("📊 ხიდი გაიხსნა") and "ნახვა" in one.text


async def test_stats_with_a_bad_or_unknown_id_says_so(app: Any, api: LocalBotApi) -> None:
    [bad] = await ask(api, EDITOR_ID, "/stats twelve")
    [unknown] = await ask(api, EDITOR_ID, "/stats 999")

    assert bad.text.startswith("“twelve” is not an article number.")
    assert unknown.text.startswith("There is no article number 999.")


async def test_python_m_bot_draws_the_chart_in_its_worker_and_stops_cleanly(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    # The worker process is spawned from `python -m bot`: it must start (its main module is
    # imported again, without running the bot) and end with the bot.
    process = await start_bot_process(api, database, tmp_path, capture_output=True)
    try:
        text, chart = await ask(api, EDITOR_ID, "/stats", count=2, timeout=30)
    finally:
        output = (await stop_bot_process(process)).decode()
    assert "Last 30 days" in text.text
    assert png_of(api, chart).startswith(PNG_SIGNATURE)
    assert process.returncode == 0, output
    assert "Traceback" not in output, output
