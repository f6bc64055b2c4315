"""Notifications over the real HTTP path (issue 11): /settings shows how a chat (or forum topic)
is notified, with three buttons that change it in place: with sound (the default: digests leave
`disable_notification` out, breaking news sends it false), silent digests (digests send it
true; breaking news keeps its sound) and silent for everything (breaking news silent too). In
groups only administrators change it; each forum topic chooses its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

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
    rounds_finished_through,
    running_bot,
    storage_of,
)

GROUP = -1005550201
FORUM = -1005550202
ADMIN_ID = 2301
MEMBER_ID = 2302
PUSH_INTERVAL = 0.3
CHOICES = {"With sound": "sound", "Silent digests": "silent_digests", "Silent": "silent"}


# Several alerts go into one group here: its pace is not what these tests are about.
pytestmark = pytest.mark.usefixtures("quick_group_pace")


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a short push interval; a group and a forum, each with an administrator and
    a member."""
    api.add_group(GROUP, "Newsroom group", supergroup=True, admins=[ADMIN_ID], members=[MEMBER_ID])
    api.add_group(
        FORUM, "Newsroom forum", supergroup=True, admins=[ADMIN_ID], members=[MEMBER_ID], forum=True
    )
    async with running_bot(make_settings(api, database, push_interval=PUSH_INTERVAL)) as bot:
        yield bot


async def subscribe(
    api: LocalBotApi, chat_id: int, *, thread_id: int | None = None, from_user: int | None = None
) -> None:
    [done] = await ask(api, chat_id, "/subscribe", from_user=from_user, thread_id=thread_id)
    assert "Subscribed!" in done.text, done.text


async def settings(
    api: LocalBotApi, chat_id: int, *, thread_id: int | None = None, from_user: int | None = None
) -> SentMessage:
    """/settings in the chat (or its topic): the bot's answer."""
    [shown] = await ask(api, chat_id, "/settings", from_user=from_user, thread_id=thread_id)
    return shown


def notification_buttons(message: SentMessage) -> list[str]:
    """The notification buttons under /settings, as labelled (the current one marked ✓)."""
    return [b["text"] for row in message.buttons for b in row if b["callback_data"][:5] == "nt:0:"]


def button(message: SentMessage, label: str) -> str:
    """The payload of the notification button labelled `label` (without its mark)."""
    for row in message.buttons:
        for entry in row:
            if entry["callback_data"][:5] == "nt:0:" and entry["text"].removeprefix("✓ ") == label:
                return str(entry["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.button_texts}")


async def choose(
    api: LocalBotApi,
    chat_id: int,
    label: str,
    *,
    thread_id: int | None = None,
    from_user: int | None = None,
) -> SentMessage:
    """Through /settings: choose the notifications labelled `label`; the message as left."""
    shown = await settings(api, chat_id, thread_id=thread_id, from_user=from_user)
    return await edited_by_press(api, chat_id, shown, button(shown, label), from_user=from_user)


async def digest_and_breaking(
    app: Any, api: LocalBotApi, chat_id: int, name: str, *, count: int = 1
) -> tuple[list[SentMessage], list[SentMessage]]:
    """Publish an article, wait for its digest round, then a breaking one and its alerts: the
    `count` digest alerts and breaking alerts the chat got of them."""
    storage = storage_of(app)
    article = await storage.articles.publish(f"{name} digest", "Body.", EDITOR_ID)
    await eventually(
        lambda: rounds_finished_through(storage, article.id), f"the round of {article.id}"
    )
    await storage.articles.publish(f"{name} breaking", "Body.", EDITOR_ID, breaking=True)
    services_of(app).delivery.request_breaking()

    def got(kind: str) -> list[SentMessage]:
        return [m for m in api.messages(chat_id) if f"{name} {kind}" in m.text]

    await eventually(lambda: len(got("breaking")) == count, f"{count} breaking alerts of {name}")
    return got("digest"), got("breaking")


def silences(messages: list[SentMessage]) -> list[bool | None]:
    return [m.disable_notification for m in messages]


async def test_by_default_digests_keep_telegrams_default_and_breaking_news_its_sound(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe(api, READER_ID)
    shown = await settings(api, READER_ID)
    assert "Notifications: with sound" in shown.text, shown.text
    assert notification_buttons(shown) == ["✓ With sound", "Silent digests", "Silent"]
    digests, breaking = await digest_and_breaking(app, api, READER_ID, "Default")
    assert silences(digests) == [None] and silences(breaking) == [False]


async def test_silent_digests_arrive_silently_and_breaking_news_keeps_its_sound(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe(api, READER_ID)
    shown = await choose(api, READER_ID, "Silent digests")
    assert notification_buttons(shown) == ["With sound", "✓ Silent digests", "Silent"]
    assert "Notifications: digests silent" in shown.text, shown.text
    digests, breaking = await digest_and_breaking(app, api, READER_ID, "Quiet")
    assert silences(digests) == [True] and silences(breaking) == [False]


async def test_silent_for_everything_silences_breaking_news_too(app: Any, api: LocalBotApi) -> None:
    await subscribe(api, READER_ID)
    shown = await choose(api, READER_ID, "Silent")
    assert notification_buttons(shown) == ["With sound", "Silent digests", "✓ Silent"]
    digests, breaking = await digest_and_breaking(app, api, READER_ID, "Hush")
    assert silences(digests) == [True] and silences(breaking) == [True]
    # With sound again: as by default.
    shown = await choose(api, READER_ID, "With sound")
    assert notification_buttons(shown)[0] == "✓ With sound"
    digests, breaking = await digest_and_breaking(app, api, READER_ID, "Loud")
    assert silences(digests) == [None] and silences(breaking) == [False]


async def test_in_a_group_only_administrators_change_notifications(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe(api, GROUP, from_user=ADMIN_ID)
    shown = await settings(api, GROUP, from_user=MEMBER_ID)
    answer = await press(api, GROUP, shown, button(shown, "Silent"), from_user=MEMBER_ID)
    assert answer["show_alert"] and "administrators" in answer["text"], answer
    subscription = await storage_of(app).subscriptions.get(GROUP)
    assert subscription is not None and subscription.notifications == "sound"

    shown = await edited_by_press(api, GROUP, shown, button(shown, "Silent"), from_user=ADMIN_ID)
    assert notification_buttons(shown)[2] == "✓ Silent"
    digests, breaking = await digest_and_breaking(app, api, GROUP, "Group")
    assert silences(digests) == [True] and silences(breaking) == [True]


async def test_each_forum_topic_chooses_its_own_notifications(app: Any, api: LocalBotApi) -> None:
    threads = {}
    for name in ("Quiet", "Loud"):
        thread_id = int(api.create_topic(FORUM, name)["message_thread_id"])
        await subscribe(api, FORUM, thread_id=thread_id, from_user=ADMIN_ID)
        threads[name] = thread_id
    shown = await choose(
        api, FORUM, "Silent digests", thread_id=threads["Quiet"], from_user=ADMIN_ID
    )
    assert shown.message_thread_id == threads["Quiet"]
    loud = await settings(api, FORUM, thread_id=threads["Loud"], from_user=ADMIN_ID)
    assert notification_buttons(loud)[0] == "✓ With sound"
    digests, breaking = await digest_and_breaking(app, api, FORUM, "Topic", count=2)
    by_topic = {m.message_thread_id: m.disable_notification for m in digests}
    assert by_topic == {threads["Quiet"]: True, threads["Loud"]: None}
    assert silences(breaking) == [False, False]


async def test_georgian_settings_name_the_notifications(app: Any, api: LocalBotApi) -> None:
    await ask(api, READER_ID, "/subscribe")
    await storage_of(app).chats.set_language(READER_ID, "private", None, "ka")
    shown = await choose(api, READER_ID, "ჩუმი დაიჯესტები")
    assert "შეტყობინებები: დაიჯესტები ჩუმად" in shown.text, shown.text
    assert notification_buttons(shown) == ["ხმით", "✓ ჩუმი დაიჯესტები", "ჩუმად"]
