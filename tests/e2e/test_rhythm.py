"""Each chat's rhythm over the real HTTP path (issue 11), at hours a settable clock chooses (no
test waits for them): /settings' Daily digest… and Quiet hours… open their choices; a daily
digest waits for its time and then lists everything since the last one; quiet hours hold
digests back, then one digest comes, and breaking news goes silently during them. In groups
only administrators change them; channels through an editor's `/channels <channel>`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.context import services_of
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ask,
    edited_by_press,
    eventually,
    make_settings,
    press,
    publish,
    rounds_finished_through,
    running_bot,
    storage_of,
)

OTHER_READER = 2402
GROUP = -1005550301
CHANNEL = -1005550302
ADMIN_ID = 2401
MEMBER_ID = 2403
PUSH_INTERVAL = 0.3
ZONE = "Asia/Tbilisi"

pytestmark = pytest.mark.usefixtures("quick_group_pace")


class SettableClock:
    """The real time shifted so that it reads a chosen time of day in ZONE. Articles are
    stamped with the real time, so moving the clock forward means time has passed since."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._zone = ZoneInfo(ZONE)

    def __call__(self) -> float:
        return time.time() + self._offset

    def set(self, hour: int, minute: int, *, ahead: bool) -> None:
        """The next such time at least ten minutes away (`ahead`), or the last one before now:
        everything published so far came before it, or after it."""
        real = time.time()
        today = datetime.fromtimestamp(real, self._zone)
        moment = today.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if ahead and moment.timestamp() < real + 600:
            moment += timedelta(days=1)
        if not ahead and moment.timestamp() > real:
            moment -= timedelta(days=1)
        self._offset = moment.timestamp() - real


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
async def app(api: LocalBotApi, database: Path, clock: SettableClock) -> AsyncIterator[Any]:
    """The bot with a short push interval and the settable clock; a second reader, a group with
    an administrator and a member, and a channel."""
    api.add_private_chat(OTHER_READER, first_name="Other", language_code="en")
    api.add_group(GROUP, "Newsroom group", supergroup=True, admins=[ADMIN_ID], members=[MEMBER_ID])
    api.add_channel(CHANNEL, "News channel", username="rhythm_news")
    settings = make_settings(api, database, push_interval=PUSH_INTERVAL, timezone=ZONE)
    async with running_bot(settings, clock=clock) as bot:
        yield bot


def payload(message: SentMessage, label: str) -> str:
    """The data of the button labelled `label` (with or without its ✓)."""
    for row in message.buttons:
        for entry in row:
            if entry["text"].removeprefix("✓ ") == label:
                return str(entry["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.button_texts}")


async def choose(
    api: LocalBotApi, chat_id: int, message: SentMessage, *labels: str, by: int | None = None
) -> SentMessage:
    """Press the buttons labelled `labels` one after another; the message as left."""
    for label in labels:
        message = await edited_by_press(
            api, chat_id, message, payload(message, label), from_user=by
        )
    return message


async def round_over(app: Any, headline: str) -> int:
    """Publish an article and wait until its round is over; its id."""
    article_id = await publish(app, headline)
    storage = storage_of(app)
    await eventually(lambda: rounds_finished_through(storage, article_id), f"round of {headline}")
    return article_id


def alerts(api: LocalBotApi, chat_id: int, word: str) -> list[SentMessage]:
    """The alerts in the chat whose text holds `word`."""
    return [m for m in api.messages(chat_id) if word in m.text and not m.edited]


async def test_a_daily_digest_waits_for_its_time_then_lists_everything(
    app: Any, api: LocalBotApi, clock: SettableClock
) -> None:
    for reader in (READER_ID, OTHER_READER):
        await ask(api, reader, "/subscribe")
    [shown] = await ask(api, READER_ID, "/settings")
    assert "Frequency: every round" in shown.text, shown.text
    menu = await choose(api, READER_ID, shown, "📅 Daily digest…")
    assert menu.button_texts[:4] == ["06:00", "07:00", "08:00", "09:00"]
    assert menu.button_texts[-1] == "✓ Every round"
    chosen = await choose(api, READER_ID, menu, "08:00")
    assert "one daily digest at 08:00 (Asia/Tbilisi)" in chosen.text, chosen.text
    assert "every 5 minutes" not in chosen.text  # the interval is no longer how they come
    assert "✓ 📅 Daily at 08:00" in chosen.button_texts

    clock.set(7, 30, ahead=False)  # before the digest time: the others' rounds go on
    await round_over(app, "Morning budget vote")
    await round_over(app, "Storm warning")
    assert len(alerts(api, OTHER_READER, "Storm warning")) == 1
    assert alerts(api, READER_ID, "Storm warning") == []

    clock.set(8, 5, ahead=True)  # past it: one digest of both
    await eventually(lambda: alerts(api, READER_ID, "Storm warning"), "the daily digest")
    [digest] = alerts(api, READER_ID, "Storm warning")
    assert "Morning budget vote" in digest.text, digest.text
    assert len(alerts(api, READER_ID, "Morning budget vote")) == 1

    # Every round again, from the menu.
    menu = await choose(api, READER_ID, chosen, "📅 Daily at 08:00")
    back = await choose(api, READER_ID, menu, "Every round")
    assert "Frequency: every round" in back.text, back.text


async def test_quiet_hours_hold_digests_back_and_silence_breaking_news(
    app: Any, api: LocalBotApi, clock: SettableClock
) -> None:
    for reader in (READER_ID, OTHER_READER):
        await ask(api, reader, "/subscribe")
    [shown] = await ask(api, READER_ID, "/settings")
    menu = await choose(api, READER_ID, shown, "🌙 Quiet hours…")
    assert "23:00–07:00" in menu.button_texts and menu.button_texts[-1] == "✓ No quiet hours"
    chosen = await choose(api, READER_ID, menu, "23:00–07:00")
    assert "Quiet hours: 23:00–07:00 (Asia/Tbilisi)" in chosen.text, chosen.text

    clock.set(23, 30, ahead=False)
    await round_over(app, "Late vote")
    assert alerts(api, READER_ID, "Late vote") == []
    assert len(alerts(api, OTHER_READER, "Late vote")) == 1
    storage = storage_of(app)
    await storage.articles.publish("Earthquake", "Body.", EDITOR_ID, breaking=True)
    services_of(app).delivery.request_breaking()
    await eventually(
        lambda: alerts(api, READER_ID, "Earthquake") and alerts(api, OTHER_READER, "Earthquake"),
        "the breaking alerts",
    )
    [quiet_breaking] = alerts(api, READER_ID, "Earthquake")
    [loud_breaking] = alerts(api, OTHER_READER, "Earthquake")
    assert quiet_breaking.disable_notification is True
    assert loud_breaking.disable_notification is False
    await round_over(app, "Night shift news")

    clock.set(7, 5, ahead=True)  # the quiet hours are over: one digest of what waited
    await eventually(lambda: alerts(api, READER_ID, "Night shift news"), "the morning digest")
    [digest] = alerts(api, READER_ID, "Night shift news")
    assert "Late vote" in digest.text and "Earthquake" not in digest.text, digest.text


async def test_in_a_group_only_administrators_change_the_rhythm(app: Any, api: LocalBotApi) -> None:
    await ask(api, GROUP, "/subscribe", from_user=ADMIN_ID)
    [shown] = await ask(api, GROUP, "/settings", from_user=MEMBER_ID)
    refused = await press(
        api, GROUP, shown, payload(shown, "📅 Daily digest…"), from_user=MEMBER_ID
    )
    assert refused["show_alert"] and "administrators" in refused["text"], refused
    menu = await choose(api, GROUP, shown, "📅 Daily digest…", by=ADMIN_ID)
    refused = await press(api, GROUP, menu, payload(menu, "09:00"), from_user=MEMBER_ID)
    assert refused["show_alert"] and "administrators" in refused["text"], refused
    subscription = await storage_of(app).subscriptions.get(GROUP)
    assert subscription is not None and subscription.digest_at is None
    await choose(api, GROUP, menu, "09:00", by=ADMIN_ID)
    subscription = await storage_of(app).subscriptions.get(GROUP)
    assert subscription is not None and subscription.digest_at == 9 * 60


async def test_editors_set_a_channels_rhythm_and_nobody_else(app: Any, api: LocalBotApi) -> None:
    storage = storage_of(app)
    await storage.subscriptions.subscribe(
        CHANNEL, "channel", title="News channel", username="rhythm_news"
    )
    [refused] = await ask(api, READER_ID, "/channels @rhythm_news")
    assert "only the news desk’s editors" in refused.text, refused.text
    [shown] = await ask(api, EDITOR_ID, "/channels @rhythm_news")
    assert "Frequency: every round" in shown.text and "Quiet hours: none" in shown.text
    # A reader forging the channel's button into their own chat is refused.
    [own] = await ask(api, READER_ID, "/settings")
    forged = payload(shown, "🌙 Quiet hours…")
    assert forged == f"qh:{CHANNEL}:menu:0:0"
    refused = await press(api, READER_ID, own, forged, check=False)
    assert refused["show_alert"] and "only the news desk’s editors" in refused["text"], refused
    menu = await choose(api, EDITOR_ID, shown, "🌙 Quiet hours…")
    chosen = await choose(api, EDITOR_ID, menu, "22:00–07:00")
    assert "Quiet hours: 22:00–07:00" in chosen.text and "News channel" in chosen.text
    chosen = await choose(api, EDITOR_ID, chosen, "Silent digests")
    subscription = await storage.subscriptions.get(CHANNEL)
    assert subscription is not None and subscription.quiet_hours == (22 * 60, 7 * 60)
    assert subscription.notifications == "silent_digests"


async def test_georgian_settings_name_the_rhythm(app: Any, api: LocalBotApi) -> None:
    await ask(api, READER_ID, "/subscribe")
    await storage_of(app).chats.set_language(READER_ID, "private", None, "ka")
    [shown] = await ask(api, READER_ID, "/settings")
    assert "სიხშირე: ყოველ რაუნდში" in shown.text and "მშვიდი საათები: არ არის" in shown.text
    menu = await choose(api, READER_ID, shown, "🌙 მშვიდი საათები…")
    chosen = await choose(api, READER_ID, menu, "23:00–08:00")
    assert "მშვიდი საათები: 23:00–08:00" in chosen.text, chosen.text
