"""/top over the real HTTP path (issue 13): the week's most read from a seeded deliveries
history, withdrawn articles left out, read buttons, in groups and in Georgian."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from local_bot_api import LocalBotApi
from storage.deliveries import DeliveryKind, record_deliveries
from tests.e2e.harness import (
    EDITOR_ID,
    GEORGIAN_READER_ID,
    NEWSROOM_GROUP,
    READER_ID,
    add_newsroom_chats,
    ask,
    messages_after,
    publish,
    storage_of,
)

DAY = 86400


async def seed(
    app: Any, article_id: int, chats: Sequence[int], *, days_ago: float, kind: DeliveryKind = "read"
) -> None:
    """Deliveries of the article to `chats`, recorded `days_ago` days ago."""
    stamp = int(time.time() - days_ago * DAY)
    async with storage_of(app).database.transaction() as connection:
        await record_deliveries(connection, kind, [(article_id, c) for c in chats], stamp)


async def week_of_reading(app: Any) -> dict[str, int]:
    """Four articles and their history: an old favourite (50 views last month, 1 this week),
    a rising story, a quieter one, and a withdrawn one read most of all."""
    ids = {
        name: await publish(app, headline)
        for name, headline in (
            ("old", "Old favourite"),
            ("rising", "Rising story"),
            ("quiet", "Quiet story"),
            ("withdrawn", "Withdrawn story"),
        )
    }
    await seed(app, ids["old"], range(100, 150), days_ago=20)
    await seed(app, ids["old"], [1], days_ago=1)
    await seed(app, ids["rising"], [1, 2, 3], days_ago=2, kind="alert")
    await seed(app, ids["rising"], [4], days_ago=0.1)
    await seed(app, ids["quiet"], [1, 2], days_ago=6)
    await seed(app, ids["withdrawn"], range(10, 30), days_ago=1)
    await storage_of(app).articles.retract(ids["withdrawn"], EDITOR_ID)
    return ids


async def test_top_ranks_by_views_gained_this_week_without_withdrawn_articles(
    app: Any, api: LocalBotApi
) -> None:
    ids = await week_of_reading(app)

    [top] = await ask(api, READER_ID, "/top")

    assert top.text.startswith("🔥 Most read in the last 7 days")
    assert [line for line in top.text.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")] == [
        "1. Rising story",
        "2. Quiet story",
        "3. Old favourite",
    ]
    assert "👁 +4 in 7 days" in top.text and "👁 +1 in 7 days" in top.text
    assert "Withdrawn" not in top.text
    assert top.callback_data == [f"r:{ids['rising']}", f"r:{ids['quiet']}", f"r:{ids['old']}"]

    [article] = await messages_after(
        api, READER_ID, lambda: api.press_button(READER_ID, top.message_id, f"r:{ids['quiet']}")
    )
    assert article.text.startswith("Quiet story")


async def test_top_in_a_group_answers_any_member_and_georgian_readers_in_georgian(
    app: Any, api: LocalBotApi
) -> None:
    add_newsroom_chats(api)
    ids = await week_of_reading(app)

    [in_group] = await ask(api, NEWSROOM_GROUP, "/top", from_user=READER_ID)
    [in_georgian] = await ask(api, GEORGIAN_READER_ID, "/top")

    assert in_group.callback_data[0] == f"r:{ids['rising']}"
    assert in_georgian.text.startswith("🔥 ყველაზე წაკითხული ბოლო 7 დღეში")
    assert in_georgian.callback_data == in_group.callback_data


async def test_top_with_nothing_read_this_week_says_so(app: Any, api: LocalBotApi) -> None:
    old = await publish(app, "Last month's story")
    await seed(app, old, [1, 2], days_ago=9)

    [top] = await ask(api, READER_ID, "/top")

    assert top.text.startswith("Nothing has been read in the last 7 days yet.")
    assert top.buttons == []
