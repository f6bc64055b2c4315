"""Forum topics over the real HTTP path: each topic of a forum supergroup is a subscription of
its own, alerts and replies land in the topic they belong to, a deleted topic stops only itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.delivery.propagation import propagate
from bot.limits import GROUP_CHAT_BURST
from bot.settings import Settings
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage import Subscription
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    SUBSCRIBED_SETTINGS,
    edited_by_press,
    eventually,
    make_settings,
    messages_after,
    press,
    publish,
    rounds_finished_through,
    running_bot,
    services_of,
    storage_of,
)

FORUM = -1005550001
ADMIN_ID = 2101
MEMBER_ID = 2102
PUSH_INTERVAL = 0.3
# A group's pace where a test needs one: far above a round trip to the local server.
PACE = 0.5


# Many replies go into one group here: its pace (tests/e2e/test_group_pacing.py) is not what
# these tests are about.
pytestmark = pytest.mark.usefixtures("quick_group_pace")


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a short push interval, and a forum supergroup with an administrator."""
    api.add_group(
        FORUM, "Newsroom forum", supergroup=True, admins=[ADMIN_ID], members=[MEMBER_ID], forum=True
    )
    async with running_bot(make_settings(api, database, push_interval=PUSH_INTERVAL)) as bot:
        yield bot


def topic(api: LocalBotApi, name: str) -> int:
    """A new topic of the forum, by its message_thread_id."""
    return int(api.create_topic(FORUM, name)["message_thread_id"])


async def ask_in(
    api: LocalBotApi, thread_id: int | None, command: str, *, from_user: int = ADMIN_ID
) -> list[SentMessage]:
    """A member sends `command` in the topic (None: General); the bot's new messages there."""
    return await messages_after(
        api,
        FORUM,
        lambda: api.send_command(FORUM, command, from_user=from_user, thread_id=thread_id),
    )


async def subscribed(api: LocalBotApi, *names: str, general: bool = False) -> list[int]:
    """New topics of the forum, each subscribed by its administrator's /subscribe in it (and
    the General topic too, with `general`); their thread ids."""
    threads = [topic(api, name) for name in names]
    for thread_id in [*threads, *([None] if general else [])]:
        [done] = await ask_in(api, thread_id, "/subscribe")
        assert "Subscribed!" in done.text, done.text
    return threads


async def subscription(app: Any, thread_id: int = 0) -> Subscription | None:
    return await storage_of(app).subscriptions.get(FORUM, thread_id=thread_id)


async def active(app: Any, thread_id: int = 0) -> bool:
    found = await subscription(app, thread_id)
    return found is not None and found.active


def alerts(api: LocalBotApi, headline: str) -> list[SentMessage]:
    """The forum's messages (as they are now) announcing `headline`."""
    return [m for m in api.messages(FORUM) if m.text.startswith("📰 ") and headline in m.text]


async def delivered(app: Any, api: LocalBotApi, headline: str) -> dict[int | None, SentMessage]:
    """Publish `headline`, wait until its round is over; its alerts by topic (None: General)."""
    article_id = await publish(app, headline)
    await eventually(
        lambda: rounds_finished_through(storage_of(app), article_id), f"{headline!r} delivered"
    )
    found = alerts(api, headline)
    by_thread = {m.message_thread_id: m for m in found}
    assert len(by_thread) == len(found), "one alert per topic"
    return by_thread


async def test_topics_subscribe_separately_and_each_gets_its_alert_in_its_thread(
    app: Any, api: LocalBotApi
) -> None:
    world, sport = topic(api, "World"), topic(api, "Sport")
    [done] = await ask_in(api, world, "/subscribe")
    assert "Subscribed!" in done.text and done.message_thread_id == world
    [done] = await ask_in(api, sport, "/subscribe")
    assert "Subscribed!" in done.text and done.message_thread_id == sport
    [again] = await ask_in(api, world, "/subscribe")
    assert "already subscribed" in again.text and again.message_thread_id == world
    assert await active(app, world) and await active(app, sport)
    assert await subscription(app) is None  # the chat itself (General) is not subscribed
    stored = await subscription(app, world)
    assert stored is not None and (stored.thread_id, stored.topic) == (world, "World")
    assert (stored.kind, stored.title, stored.subscribed_by) == (
        "supergroup",
        "Newsroom forum",
        ADMIN_ID,
    )

    assert set(await delivered(app, api, "Topics only")) == {world, sport}

    [done] = await ask_in(api, None, "/subscribe")  # in General: the chat itself
    assert "Subscribed!" in done.text and done.message_thread_id is None
    assert await active(app)
    assert set(await delivered(app, api, "General too")) == {None, world, sport}
    counts = await storage_of(app).subscriptions.counts()
    assert counts == {("supergroup", True): 3}


async def test_unsubscribe_in_one_topic_leaves_the_other_and_the_chat(
    app: Any, api: LocalBotApi
) -> None:
    world, sport = await subscribed(api, "World", "Sport", general=True)
    [refused] = await ask_in(api, world, "/unsubscribe", from_user=MEMBER_ID)
    assert "Only the group’s administrators" in refused.text
    assert refused.message_thread_id == world and await active(app, world)
    [stopped] = await ask_in(api, world, "/unsubscribe")
    assert "Unsubscribed" in stopped.text and stopped.message_thread_id == world
    assert not await active(app, world)
    assert await active(app, sport) and await active(app)
    assert set(await delivered(app, api, "Not for World")) == {None, sport}


async def test_replies_to_commands_and_buttons_in_a_topic_stay_in_that_topic(
    app: Any, api: LocalBotApi
) -> None:
    world = topic(api, "World")
    await publish(app, "Something happened")
    for command in ("/latest", "/help", "/start", "/settings"):
        [answer] = await ask_in(api, world, command, from_user=MEMBER_ID)
        assert answer.message_thread_id == world, (command, answer.text)
    [headlines] = await ask_in(api, world, "/latest", from_user=MEMBER_ID)
    [read] = [data for data in headlines.callback_data if data.startswith("r:")]
    opened = await messages_after(
        api, FORUM, lambda: api.press_button(FORUM, headlines.message_id, read, MEMBER_ID)
    )
    assert [m.message_thread_id for m in opened] == [world] * len(opened)
    assert opened[0].text.startswith("Something happened")
    [wrong] = await ask_in(api, world, "/read 9999", from_user=MEMBER_ID)
    assert wrong.message_thread_id == world

    # /settings in the topic is the topic's; its button subscribes the topic it was pressed in.
    [settings] = await ask_in(api, world, "/settings", from_user=MEMBER_ID)
    assert "Not subscribed" in settings.text and settings.callback_data == ["sub:on"]
    answer = await press(api, FORUM, settings, "sub:on", from_user=MEMBER_ID)
    assert "Only the group’s administrators" in answer["text"] and not await active(app, world)
    edited = await edited_by_press(api, FORUM, settings, "sub:on", from_user=ADMIN_ID)
    assert "Subscribed!" in edited.text and edited.callback_data == ["sub:off"]
    assert await active(app, world) and await subscription(app) is None
    [settings] = await ask_in(api, world, "/settings", from_user=MEMBER_ID)
    assert "Subscribed since" in settings.text
    assert settings.callback_data == SUBSCRIBED_SETTINGS
    [general] = await ask_in(api, None, "/settings", from_user=MEMBER_ID)
    assert "Not subscribed" in general.text and general.message_thread_id is None


async def test_a_deleted_topic_deactivates_itself_alone_with_the_reason(
    app: Any, api: LocalBotApi
) -> None:
    world, sport = await subscribed(api, "World", "Sport", general=True)
    api.delete_topic(FORUM, world)
    assert set(await delivered(app, api, "After the deletion")) == {None, sport}
    gone = await subscription(app, world)
    assert gone is not None and not gone.active
    assert (gone.inactive_reason or "").lower() == "message thread not found"
    assert await active(app, sport) and await active(app)
    [round_stats] = await storage_of(app).outbox.recent_rounds(1)
    assert (round_stats.delivered, round_stats.failed) == (2, 1)
    # The next round does not try the deleted topic again.
    tries = len([e for e in api.errors if "thread not found" in (e.description or "")])
    assert tries == 1
    assert set(await delivered(app, api, "Later still")) == {None, sport}
    assert len([e for e in api.errors if "thread not found" in (e.description or "")]) == tries


async def test_a_correction_edits_the_alert_in_its_topic(app: Any, api: LocalBotApi) -> None:
    [world] = await subscribed(api, "World")
    storage = storage_of(app)
    article_id = await publish(app, "Mayor resigns")
    await eventually(lambda: rounds_finished_through(storage, article_id), "alert delivered")
    [alert] = alerts(api, "Mayor resigns")
    assert alert.message_thread_id == world
    assert await storage.articles.correct(article_id, EDITOR_ID, "Mayor stays", "Body.", None)
    assert await propagate(storage, article_id) == 1
    services_of(app).delivery.wake()
    edited = await api.wait_for(
        lambda m: m.chat_id == FORUM and m.message_id == alert.message_id and m.edited
    )
    assert "Mayor stays" in edited.text and edited.message_thread_id == world


async def test_the_bot_removed_from_the_forum_stops_every_topic(
    app: Any, api: LocalBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = await subscribed(api, *(f"Topic {n}" for n in range(5)), general=True)
    # A group's pace from here (a few alerts at once, then one by one), quicker than Telegram's.
    monkeypatch.setattr("bot.telegram.flood_control.GROUP_CHAT_INTERVAL", PACE)
    monkeypatch.setattr("bot.telegram.flood_control._GROUP_AHEAD", PACE * (GROUP_CHAT_BURST - 1))
    api.block(FORUM)  # kicked: every send to the group gets 403
    await storage_of(app).subscriptions.subscribe(READER_ID, "private")  # rounds keep coming
    assert await delivered(app, api, "Nobody in the forum") == {}
    reason = "Forbidden: bot was kicked from the supergroup chat"
    for thread_id in [*threads, 0]:
        stopped = await subscription(app, thread_id)
        assert stopped is not None and not stopped.active and stopped.inactive_reason == reason
    # Only the alerts that went at once met the 403: those waiting for the group's pace failed
    # unsent, as the chat was stopped meanwhile.
    assert 1 <= len([e for e in api.errors if e.status == 403]) <= GROUP_CHAT_BURST
    [round_stats] = await storage_of(app).outbox.recent_rounds(1)
    assert (round_stats.delivered, round_stats.failed) == (1, 6)


async def test_the_bot_leaving_the_forum_stops_every_topic(app: Any, api: LocalBotApi) -> None:
    [world] = await subscribed(api, "World", general=True)
    api.my_chat_member(FORUM, "left", "member", from_user=ADMIN_ID)
    await eventually(
        lambda: _all_inactive(app, (world, 0)), "every topic inactive once the bot left"
    )


async def _all_inactive(app: Any, threads: tuple[int, ...]) -> bool:
    for thread_id in threads:
        if await active(app, thread_id):
            return False
    return True


async def test_a_topic_waits_for_an_editors_approval_of_itself(
    api: LocalBotApi, database: Path
) -> None:
    api.add_group(
        FORUM, "Newsroom forum", supergroup=True, admins=[ADMIN_ID], members=[MEMBER_ID], forum=True
    )
    world, sport = topic(api, "World"), topic(api, "Sport")
    settings: Settings = make_settings(api, database, channels_need_approval=True)
    async with running_bot(settings) as app:
        for thread_id in (world, sport):
            [pending] = await ask_in(api, thread_id, "/subscribe")
            assert pending.message_thread_id == thread_id
            waiting = await subscription(app, thread_id)
            assert waiting is not None and waiting.pending
        requests = await api.wait_for_messages(EDITOR_ID, 2)
        [world_request] = [m for m in requests if "World" in m.text]
        assert "Newsroom forum" in world_request.text
        [approve] = [data for data in world_request.callback_data if ":ok:" in data]
        await edited_by_press(api, EDITOR_ID, world_request, approve, from_user=EDITOR_ID)
        assert await active(app, world)
        still = await subscription(app, sport)
        assert still is not None and still.pending
        [listing] = await messages_after(
            api, EDITOR_ID, lambda: api.send_command(EDITOR_ID, "/channels")
        )
        assert "World" in listing.text and "Sport" in listing.text


async def test_an_editor_removing_the_forum_stops_every_topic(app: Any, api: LocalBotApi) -> None:
    world, sport = await subscribed(api, "World", "Sport")
    [listing] = await messages_after(
        api, EDITOR_ID, lambda: api.send_command(EDITOR_ID, "/channels")
    )
    assert "Newsroom forum › World" in listing.text and "Newsroom forum › Sport" in listing.text
    [removed] = await messages_after(
        api, EDITOR_ID, lambda: api.send_command(EDITOR_ID, f"/removechannel {FORUM}")
    )
    assert "Newsroom forum" in removed.text
    assert not await active(app, world) and not await active(app, sport)
