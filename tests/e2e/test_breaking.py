"""Breaking news over the real HTTP path: /breaking in a draft, the preview's button, one-shot
posts (text and photo), an alert of that one article to every subscriber at once, with sound,
never repeated in a later digest; corrections of its alerts; editors only; a crash mid-delivery.

PUSH_INTERVAL is 300 s here, so no digest round is due while a test waits for the breaking
alerts: the alerts say they are breaking news and go out with `disable_notification=false`, which
no digest does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.context import services_of
from bot.delivery.propagation import propagate
from bot.views.i18n import Translator
from local_bot_api import LocalBotApi, parse_html
from local_bot_api.models import SentMessage
from storage import Storage
from tests.e2e.harness import (
    EDITOR_ID,
    GEORGIAN_READER_ID,
    NEWSROOM_CHANNEL,
    NEWSROOM_GROUP,
    READER_ID,
    TIMEOUT,
    add_newsroom_chats,
    ask,
    eventually,
    kill_bot_process,
    make_settings,
    messages_after,
    outbox_states,
    press,
    publish,
    rounds_finished_through,
    running_bot,
    start_bot_process,
    stop_bot_process,
    storage_of,
    subscribe_newsroom,
)
from tests.e2e.test_photos import largest, photo_of

GROUP = NEWSROOM_GROUP
CHANNEL = NEWSROOM_CHANNEL
PRIVATE_KA = GEORGIAN_READER_ID
SUBSCRIBERS = (READER_ID, PRIVATE_KA, GROUP, CHANNEL)
TRANSLATOR = Translator()


def catalog(key: str, language: str = "en") -> str:
    """A catalog message as readers see it (looked up when a test runs)."""
    return parse_html(TRANSLATOR.html(language, key))[0]


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a long push interval, a group, a channel and a Georgian reader."""
    add_newsroom_chats(api)
    async with running_bot(make_settings(api, database, push_interval=300)) as application:
        yield application


def alerts_about(api: LocalBotApi, chat_id: int, headline: str) -> list[SentMessage]:
    """The bot's messages in the chat that announce `headline`."""
    return [m for m in api.messages(chat_id) if headline in m.text]


async def breaking_alerts(
    api: LocalBotApi, headline: str, chats: tuple[int, ...] = SUBSCRIBERS
) -> dict[int, SentMessage]:
    """Wait until each chat has its alert about `headline`; the alert of each chat."""
    await eventually(
        lambda: all(alerts_about(api, chat_id, headline) for chat_id in chats),
        f"every chat alerted about {headline!r}",
    )
    found = {}
    for chat_id in chats:
        [alert] = alerts_about(api, chat_id, headline)
        found[chat_id] = alert
    return found


def article_id_in(confirmation: SentMessage) -> int:
    match = re.search(r"/read_(\d+)", confirmation.text)
    assert match, confirmation.text
    return int(match.group(1))


async def draft(api: LocalBotApi, headline: str, body: str = "The details.") -> None:
    await ask(api, EDITOR_ID, "/post")
    await ask(api, EDITOR_ID, headline)
    await ask(api, EDITOR_ID, body)


def assert_breaking(alert: SentMessage, language: str = "en") -> None:
    """Announced alone, marked as breaking, sent with sound (the parameter given as false)."""
    assert alert.text.startswith(catalog("alert-breaking-title", language)), alert.text
    assert alert.disable_notification is False, alert


# ----- publishing as breaking -------------------------------------------------------------------


async def test_breaking_in_a_draft_reaches_private_chats_a_group_and_a_channel_with_sound(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe_newsroom(app)
    older = await publish(app, "Earlier story")  # not yet in any digest: stays out of this alert
    await draft(api, "Earthquake in the capital")
    confirmation, note = await ask(api, EDITOR_ID, "/breaking", count=2)
    assert "Published" in confirmation.text
    assert catalog("post-breaking-started") in note.text
    article_id = article_id_in(confirmation)

    alerts = await breaking_alerts(api, "Earthquake in the capital")
    assert_breaking(alerts[READER_ID])
    assert_breaking(alerts[CHANNEL])
    assert_breaking(alerts[PRIVATE_KA], "ka")
    assert_breaking(alerts[GROUP], "ka")
    assert f"/read_{article_id}" in alerts[READER_ID].text
    assert all("Earlier story" not in alert.text for alert in alerts.values())
    # The channel's button opens the article in the bot; commands reach nobody there.
    assert all("url" in button for row in alerts[CHANNEL].buttons for button in row)
    assert "/read_" not in alerts[CHANNEL].text
    # The breaking delivery moved no cursor (a digest may have moved it to the earlier story).
    subscription = await storage_of(app).subscriptions.get(READER_ID)
    assert subscription is not None and subscription.cursor_article_id <= older < article_id


async def test_the_preview_button_publishes_as_breaking(app: Any, api: LocalBotApi) -> None:
    await storage_of(app).subscriptions.subscribe(READER_ID, "private", language="en")
    await draft(api, "Dam breached upstream")
    [*_, actions] = await ask(api, EDITOR_ID, "/done", count=3)
    assert "post:breaking" in actions.callback_data
    confirmation, note = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, actions.message_id, "post:breaking"),
        count=2,
    )
    assert "Published" in confirmation.text and note.text
    alerts = await breaking_alerts(api, "Dam breached upstream", (READER_ID,))
    assert_breaking(alerts[READER_ID])
    # Pressed again: the preview was decided, nothing is published or sent twice.
    answer = await press(api, EDITOR_ID, actions, "post:breaking", check=False)
    assert answer.get("show_alert")
    assert len(await storage_of(app).articles.latest(10)) == 1


async def test_one_shot_breaking_text_and_photo_and_a_redelivered_update_plans_nothing_twice(
    app: Any, api: LocalBotApi
) -> None:
    await storage_of(app).subscriptions.subscribe(READER_ID, "private", language="en")
    confirmation, _ = await ask(api, EDITOR_ID, "/breaking Border closed\nAll crossings.", count=2)
    assert "Published" in confirmation.text
    [text_alert] = (await breaking_alerts(api, "Border closed", (READER_ID,))).values()
    assert_breaking(text_alert)
    assert text_alert.method == "sendMessage"

    before = len(api.messages(EDITOR_ID))
    update = api.send_photo(
        EDITOR_ID, caption="/breaking Flood in the valley\nRoads are closed.", width=800
    )
    replies = await api.wait_for_messages(EDITOR_ID, before + 2, timeout=TIMEOUT)
    assert "Published" in replies[before].text, replies[before].text
    [photo_alert] = (await breaking_alerts(api, "Flood in the valley", (READER_ID,))).values()
    assert_breaking(photo_alert)
    assert photo_alert.method == "sendPhoto"
    assert photo_alert.photo == photo_of(largest(update)).file_id

    # Telegram delivers the same update again (a crash before it was confirmed).
    again = {key: value for key, value in update.items() if key != "update_id"}
    [repeat] = await messages_after(api, EDITOR_ID, lambda: api.inject_update(again))
    assert "already published" in repeat.text
    storage = storage_of(app)
    assert len(await storage.articles.latest(10)) == 2
    assert len(alerts_about(api, READER_ID, "Flood in the valley")) == 1
    async with storage.database.connection.execute(
        "SELECT count(*) FROM outbox WHERE chat_id = ?", (READER_ID,)
    ) as cursor:
        assert tuple(await cursor.fetchone() or ()) == (2,)  # one alert per article


async def test_breaking_without_a_draft_or_a_text_explains_itself(
    app: Any, api: LocalBotApi
) -> None:
    [usage] = await ask(api, EDITOR_ID, "/breaking")
    assert usage.text == catalog("post-breaking-usage")
    [usage] = await ask(api, EDITOR_ID, "/breaking Only a headline")
    assert usage.text == catalog("post-breaking-usage")
    assert await storage_of(app).articles.latest(10) == []


# ----- never repeated in a digest -------------------------------------------------------------


async def test_the_next_digest_leaves_the_breaking_article_out_and_late_subscribers_miss_it(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    await storage.subscriptions.subscribe(READER_ID, "private", language="en")
    await ask(api, EDITOR_ID, "/breaking Storm makes landfall\nWinds of 150 km/h.", count=2)
    await breaking_alerts(api, "Storm makes landfall", (READER_ID,))
    breaking_id = (await storage.articles.latest(1))[0].id
    # A chat subscribing after the publication: the breaking alert is not for it.
    await storage.subscriptions.subscribe(PRIVATE_KA, "private", language="ka")
    # A round asked for now finds nothing new: the breaking article alone opens none.
    assert await storage.outbox.open_round() is None

    normal = await publish(app, "Schools reopen")
    services_of(app).delivery.request_round()
    await eventually(
        lambda: (
            bool(alerts_about(api, READER_ID, "Schools reopen"))
            and bool(alerts_about(api, PRIVATE_KA, "Schools reopen"))
        ),
        "the digest reached both chats",
    )
    [digest] = alerts_about(api, READER_ID, "Schools reopen")
    assert (
        digest.text.startswith(catalog("alert-title")) and "Storm makes landfall" not in digest.text
    )
    assert digest.disable_notification is None  # digests keep Telegram's default
    assert len(alerts_about(api, READER_ID, "Storm makes landfall")) == 1
    assert not alerts_about(api, PRIVATE_KA, "Storm makes landfall")
    # The cursors moved past the breaking article with the digest.
    subscription = await storage.subscriptions.get(READER_ID)
    assert subscription is not None and subscription.cursor_article_id == normal > breaking_id


async def test_breaking_alerts_go_ahead_of_a_round_already_queued(
    api: LocalBotApi, database: Path
) -> None:
    chats = range(40_000, 40_300)
    api.add_private_chats(chats.start, len(chats))
    settings = make_settings(api, database, push_interval=300, rate_limit=100)
    async with running_bot(settings) as app:
        storage = storage_of(app)
        for chat_id in chats:
            await storage.subscriptions.subscribe(chat_id, "private", language="en")
        await publish(app, "Weather as usual")
        services_of(app).delivery.request_round()

        def sends(headline: str) -> list[int]:
            return [i for i, m in enumerate(api.sent) if m.chat_id in chats and headline in m.text]

        # The whole round is claimed and queued (300 alerts, a queue of 512) and on its way.
        await eventually(lambda: len(sends("Weather as usual")) >= 20, "the round under way")
        api.send_command(EDITOR_ID, "/breaking Tornado warning\nTake shelter.")
        await eventually(
            lambda: len(sends("Tornado warning")) == len(sends("Weather as usual")) == len(chats),
            "both deliveries done",
            timeout=30,
        )
        # Most of the round was still waiting when the breaking alerts went out.
        first_breaking = sends("Tornado warning")[0]
        assert sum(i > first_breaking for i in sends("Weather as usual")) > len(chats) // 2


# ----- corrections ------------------------------------------------------------------------------


async def test_a_correction_edits_the_breaking_alerts_as_breaking_alerts(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe_newsroom(app)
    storage = storage_of(app)
    await publish(app, "Older news")  # in the range before the breaking article's id
    confirmation, _ = await ask(api, EDITOR_ID, "/breaking Minister resigns\nToday.", count=2)
    article_id = article_id_in(confirmation)
    await breaking_alerts(api, "Minister resigns")
    await eventually(
        lambda: rounds_finished_through(storage, article_id), "the alerts' outcomes recorded"
    )

    assert await storage.articles.correct(article_id, EDITOR_ID, "Minister stays", "Today.", None)
    assert await propagate(storage, article_id) == len(SUBSCRIBERS)
    services_of(app).delivery.wake()

    async def settled() -> bool:
        return await storage.messages.work_states(article_id) == {"done": len(SUBSCRIBERS)}

    await eventually(settled, "every breaking alert updated")
    for chat_id in SUBSCRIBERS:
        [alert] = api.messages(chat_id)
        assert alert.edited and "Minister stays" in alert.text, alert.text
        language = "ka" if chat_id in (PRIVATE_KA, GROUP) else "en"
        assert alert.text.startswith(catalog("alert-breaking-title", language))
        assert "Older news" not in alert.text


# ----- editors only -----------------------------------------------------------------------------


async def test_readers_are_refused_breaking_and_its_button(app: Any, api: LocalBotApi) -> None:
    [refusal] = await ask(api, READER_ID, "/breaking Fake news\nBody.")
    assert refusal.text == catalog("editor-only")
    [hello] = await ask(api, READER_ID, "/start")
    answer = await press(api, READER_ID, hello, "post:breaking", check=False)
    assert answer.get("text") == catalog("editor-only")
    assert await storage_of(app).articles.latest(10) == []


# ----- planning that a crash cut short, and a crash mid-delivery -------------------------------


async def test_a_breaking_article_published_before_a_crash_is_planned_at_start(
    api: LocalBotApi, database: Path
) -> None:
    storage = await Storage.open(database)
    try:
        await storage.subscriptions.subscribe(READER_ID, "private", language="en")
        # Published, and the process died before planning a single alert.
        await storage.articles.publish("Power cut", "Body.", EDITOR_ID, breaking=True)
    finally:
        await storage.close()
    async with running_bot(make_settings(api, database, push_interval=300)):
        [alert] = (await breaking_alerts(api, "Power cut", (READER_ID,))).values()
        assert_breaking(alert)


CRASH_CHATS = range(30_000, 30_300)


async def test_sigkill_mid_breaking_delivery_resumes_and_repeats_only_what_was_in_flight(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    api.add_private_chats(CRASH_CHATS.start, len(CRASH_CHATS))
    storage = await Storage.open(database)
    settings = {"PUSH_INTERVAL": "300", "RATE_LIMIT": "100", "DELIVERY_WORKERS": "16"}
    process = None

    def counts() -> Counter[int]:
        return Counter(
            m.chat_id for m in api.sent if m.chat_id in CRASH_CHATS and "Bridge collapses" in m.text
        )

    try:
        for chat_id in CRASH_CHATS:
            await storage.subscriptions.subscribe(chat_id, "private")
        process = await start_bot_process(api, database, tmp_path, **settings)
        api.send_command(EDITOR_ID, "/breaking Bridge collapses\nNo one hurt.")
        await eventually(lambda: len(counts()) >= 30, "part of the alerts sent", timeout=30)
        await kill_bot_process(process)
        in_flight = {c for c, state in outbox_states(database).items() if state == "claimed"}
        assert len(counts()) < len(CRASH_CHATS)  # killed mid-delivery
        process = await start_bot_process(api, database, tmp_path, **settings)
        await eventually(
            lambda: len(counts()) == len(CRASH_CHATS),
            "every chat alerted after the restart",
            timeout=60,
        )
        repeated = {chat_id for chat_id, n in counts().items() if n > 1}
        assert repeated <= in_flight
        assert all(
            m.text.startswith(catalog("alert-breaking-title")) and m.disable_notification is False
            for m in api.sent
            if m.chat_id in CRASH_CHATS
        )
    finally:
        if process is not None:
            await stop_bot_process(process)
        await storage.close()
