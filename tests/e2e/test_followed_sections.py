"""Followed sections over the real HTTP path (issue 11): /settings shows a toggle per live
section and an "All sections" button, changing it in place; digests carry only the headlines of
followed sections (and count only those in "…and N more"); a round with nothing followed sends
that chat nothing and still moves its cursor; a new section is followed by chats that follow
all, not by those that chose; in groups only administrators change it; each forum topic follows
its own; a correction re-renders an alert with the same filter; breaking news of an unfollowed
section does not reach the chat; editors choose a channel's sections with `/channels <channel>`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.context import services_of
from bot.delivery.propagation import propagate
from bot.news import sections
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage import Section, Storage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ask,
    edited_by_press,
    eventually,
    make_settings,
    messages_after,
    press,
    rounds_finished_through,
    running_bot,
    storage_of,
)

OTHER_READER = 1003
CHANNEL = -1005550103
GROUP = -1005550101
FORUM = -1005550102
ADMIN_ID = 2201
MEMBER_ID = 2202
PUSH_INTERVAL = 0.3
TOGGLES = ("fs:", "cs:")  # the prefixes of the toggles under /settings and /channels <channel>


# Several alerts go into one group here: its pace is not what these tests are about.
pytestmark = pytest.mark.usefixtures("quick_group_pace")


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a short push interval; a second reader, a group and a forum, each with an
    administrator and a member."""
    api.add_private_chat(OTHER_READER, first_name="Other", language_code="en")
    api.add_channel(CHANNEL, "News channel", username="newsroom_news")
    api.add_group(GROUP, "Newsroom group", supergroup=True, admins=[ADMIN_ID], members=[MEMBER_ID])
    api.add_group(
        FORUM, "Newsroom forum", supergroup=True, admins=[ADMIN_ID], members=[MEMBER_ID], forum=True
    )
    async with running_bot(make_settings(api, database, push_interval=PUSH_INTERVAL)) as bot:
        yield bot


async def define(storage: Storage, *names: str) -> list[Section]:
    """Sections added straight through the domain (`English | Georgian` each)."""
    added = []
    for text in names:
        section = await sections.add(storage, text)
        assert isinstance(section, Section), section
        added.append(section)
    return added


def toggles(message: SentMessage) -> list[str]:
    """The section toggles under /settings (or an editor's `/channels <channel>`), as labelled
    (✅ followed, ⬜ not)."""
    return [b["text"] for row in message.buttons for b in row if b["callback_data"][:3] in TOGGLES]


def toggle(message: SentMessage, name: str) -> str:
    """The payload of the toggle of the section (or "All sections") called `name`."""
    for row in message.buttons:
        for entry in row:
            if entry["text"][2:] == name and str(entry["callback_data"])[:3] in TOGGLES:
                return str(entry["callback_data"])
    raise AssertionError(f"no toggle {name!r} in {message.button_texts}")


async def settings(
    api: LocalBotApi, chat_id: int, *, thread_id: int | None = None, from_user: int | None = None
) -> SentMessage:
    """/settings in the chat (or its topic): the bot's answer."""
    [shown] = await ask(api, chat_id, "/settings", from_user=from_user, thread_id=thread_id)
    return shown


async def follow_only(
    api: LocalBotApi,
    chat_id: int,
    *names: str,
    thread_id: int | None = None,
    from_user: int | None = None,
) -> SentMessage:
    """Through /settings' toggles: follow exactly the sections `names`; the message as left."""
    shown = await settings(api, chat_id, thread_id=thread_id, from_user=from_user)
    for label in toggles(shown):
        mark, name = label[0], label[2:]
        if name == "All sections" or (mark == "✅") == (name in names):
            continue
        shown = await edited_by_press(api, chat_id, shown, toggle(shown, name), from_user=from_user)
    return shown


async def subscribe(api: LocalBotApi, chat_id: int, *, from_user: int | None = None) -> None:
    [done] = await ask(api, chat_id, "/subscribe", from_user=from_user)
    assert "Subscribed!" in done.text, done.text


def alerts(api: LocalBotApi, chat_id: int) -> list[SentMessage]:
    """The chat's digest and breaking alerts, as they are now."""
    return [m for m in api.messages(chat_id) if m.text.startswith(("📰 ", "🔴"))]


async def round_over(app: Any, article_id: int) -> None:
    storage = storage_of(app)
    await eventually(
        lambda: rounds_finished_through(storage, article_id), f"rounds through {article_id}"
    )


async def publish_in(app: Any, section: Section, *headlines: str, breaking: bool = False) -> int:
    """Publish the headlines in the section; the last one's id."""
    storage = storage_of(app)
    last = 0
    for headline in headlines:
        article = await storage.articles.publish(
            headline, "Body.", EDITOR_ID, section_id=section.id, breaking=breaking
        )
        last = article.id
    if breaking:
        services_of(app).delivery.request_breaking()
    return last


async def test_a_private_chat_following_only_world_gets_only_world_headlines(
    app: Any, api: LocalBotApi
) -> None:
    world, georgia, business = await define(
        storage_of(app), "World | მსოფლიო", "Georgia | საქართველო", "Business | ბიზნესი"
    )
    await subscribe(api, READER_ID)
    shown = await settings(api, READER_ID)
    assert toggles(shown) == ["✅ World", "✅ Georgia", "✅ Business", "✅ All sections"]
    shown = await follow_only(api, READER_ID, "World")
    assert toggles(shown) == ["✅ World", "⬜ Georgia", "⬜ Business", "⬜ All sections"]
    assert "Sections: World" in shown.text, shown.text

    await publish_in(app, georgia, "Tbilisi one", "Tbilisi two")
    await publish_in(app, world, *[f"World story {n}" for n in range(1, 13)])
    last = await publish_in(app, business, "Markets up")
    await round_over(app, last)
    [alert] = alerts(api, READER_ID)
    assert "World story 12" in alert.text and "World story 3" in alert.text
    assert "World story 2" not in alert.text  # the 10 newest of the 12 followed
    assert "Tbilisi" not in alert.text and "Markets" not in alert.text
    assert "…and 2 more" in alert.text, alert.text


async def test_a_round_with_nothing_followed_sends_nothing_and_moves_the_cursor(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, business = await define(storage, "World | მსოფლიო", "Business | ბიზნესი")
    await subscribe(api, READER_ID)
    await subscribe(api, OTHER_READER)
    await follow_only(api, READER_ID, "Business")
    last = await publish_in(app, world, "Only world news")
    await round_over(app, last)
    assert [a.text for a in alerts(api, OTHER_READER)] and not alerts(api, READER_ID)
    subscription = await storage.subscriptions.get(READER_ID)
    assert subscription is not None and subscription.cursor_article_id == last

    last = await publish_in(app, business, "Markets up")
    await round_over(app, last)
    [alert] = alerts(api, READER_ID)
    assert "Markets up" in alert.text and "Only world news" not in alert.text


async def test_a_new_section_is_followed_by_those_who_follow_all(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    [world] = await define(storage, "World | მსოფლიო")
    await subscribe(api, READER_ID)
    await subscribe(api, OTHER_READER)
    # Another section first, so that the other reader can choose World alone.
    [georgia] = await define(storage, "Georgia | საქართველო")
    await follow_only(api, OTHER_READER, "World")
    [sport] = await define(storage, "Sport | სპორტი")
    assert toggles(await settings(api, READER_ID))[2:] == ["✅ Sport", "✅ All sections"]
    assert toggles(await settings(api, OTHER_READER))[2:] == ["⬜ Sport", "⬜ All sections"]
    last = await publish_in(app, sport, "Derby won")
    await round_over(app, last)
    assert [a for a in alerts(api, READER_ID) if "Derby won" in a.text]
    assert not alerts(api, OTHER_READER)

    # "All sections" follows every one again, new ones included.
    shown = await settings(api, OTHER_READER)
    shown = await edited_by_press(api, OTHER_READER, shown, toggle(shown, "All sections"))
    assert toggles(shown) == ["✅ World", "✅ Georgia", "✅ Sport", "✅ All sections"]
    last = await publish_in(app, georgia, "Tbilisi news")
    await round_over(app, last)
    assert [a for a in alerts(api, OTHER_READER) if "Tbilisi news" in a.text]
    assert world.id != georgia.id


async def test_in_a_group_only_administrators_change_what_it_follows(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await subscribe(api, GROUP, from_user=ADMIN_ID)
    shown = await settings(api, GROUP, from_user=MEMBER_ID)
    answer = await press(api, GROUP, shown, toggle(shown, "Georgia"), from_user=MEMBER_ID)
    assert answer["show_alert"] and "administrators" in answer["text"], answer
    [unchanged] = [m for m in api.messages(GROUP) if m.message_id == shown.message_id]
    assert toggles(unchanged) == toggles(shown)

    shown = await edited_by_press(api, GROUP, shown, toggle(shown, "Georgia"), from_user=ADMIN_ID)
    assert toggles(shown)[:2] == ["✅ World", "⬜ Georgia"]
    await publish_in(app, georgia, "Tbilisi news")
    last = await publish_in(app, world, "World news")
    await round_over(app, last)
    [alert] = alerts(api, GROUP)
    assert "World news" in alert.text and "Tbilisi news" not in alert.text


async def test_each_forum_topic_follows_its_own_sections(app: Any, api: LocalBotApi) -> None:
    storage = storage_of(app)
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    threads = {}
    for name in ("World", "Georgia"):
        thread_id = int(api.create_topic(FORUM, name)["message_thread_id"])
        [done] = await messages_after(
            api,
            FORUM,
            lambda t=thread_id: api.send_command(  # type: ignore[misc]
                FORUM, "/subscribe", from_user=ADMIN_ID, thread_id=t
            ),
        )
        assert "Subscribed!" in done.text
        shown = await follow_only(api, FORUM, name, thread_id=thread_id, from_user=ADMIN_ID)
        assert shown.message_thread_id == thread_id
        threads[name] = thread_id
    await publish_in(app, world, "World news")
    last = await publish_in(app, georgia, "Tbilisi news")
    await round_over(app, last)
    by_topic = {alert.message_thread_id: alert.text for alert in alerts(api, FORUM)}
    assert set(by_topic) == {threads["World"], threads["Georgia"]}
    assert "World news" in by_topic[threads["World"]]
    assert "Tbilisi" not in by_topic[threads["World"]]
    assert "Tbilisi news" in by_topic[threads["Georgia"]]
    assert "World news" not in by_topic[threads["Georgia"]]


async def test_a_correction_re_renders_a_filtered_alert_with_its_filter(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await subscribe(api, READER_ID)
    await follow_only(api, READER_ID, "World")
    corrected = await publish_in(app, world, "Mayor resigns")
    last = await publish_in(app, georgia, "Tbilisi news")
    await round_over(app, last)
    [alert] = alerts(api, READER_ID)
    assert "Mayor resigns" in alert.text and "Tbilisi" not in alert.text
    assert await storage.articles.correct(corrected, EDITOR_ID, "Mayor stays", "Body.", None)
    assert await propagate(storage, corrected) == 1
    services_of(app).delivery.wake()
    edited = await api.wait_for(
        lambda m: m.chat_id == READER_ID and m.message_id == alert.message_id and m.edited
    )
    assert "Mayor stays" in edited.text and "Tbilisi" not in edited.text, edited.text


async def test_breaking_news_of_an_unfollowed_section_does_not_reach_the_chat(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await subscribe(api, READER_ID)
    await subscribe(api, OTHER_READER)
    await follow_only(api, READER_ID, "World")
    await publish_in(app, georgia, "Tbilisi flood", breaking=True)
    await eventually(
        lambda: any("Tbilisi flood" in a.text for a in alerts(api, OTHER_READER)),
        "the breaking alert reaches the chat following all",
    )
    await publish_in(app, world, "World quake", breaking=True)
    await eventually(
        lambda: any("World quake" in a.text for a in alerts(api, READER_ID)),
        "the breaking alert reaches the chat following World",
    )
    await eventually(
        lambda: rounds_finished_through(storage, 0), "every breaking round is finished"
    )
    assert [a.text for a in alerts(api, READER_ID) if "Tbilisi" in a.text] == []


async def test_editors_choose_a_channels_sections_through_channels(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await storage.subscriptions.subscribe(
        CHANNEL, "channel", title="News channel", username="newsroom_news"
    )
    [shown] = await ask(api, EDITOR_ID, "/channels @newsroom_news")
    assert "News channel" in shown.text and "Sections: all" in shown.text, shown.text
    assert toggles(shown) == ["✅ World", "✅ Georgia", "✅ All sections"]
    # Only editors: a reader pressing the same button (forged into their chat) is refused.
    [reader_view] = await ask(api, READER_ID, "/settings")
    refused = await press(api, READER_ID, reader_view, toggle(shown, "Georgia"), check=False)
    assert refused["show_alert"] and "only the news desk’s editors" in refused["text"], refused
    shown = await edited_by_press(api, EDITOR_ID, shown, toggle(shown, "Georgia"))
    assert toggles(shown) == ["✅ World", "⬜ Georgia", "⬜ All sections"]
    assert "Sections: World" in shown.text, shown.text
    await publish_in(app, georgia, "Tbilisi news")
    last = await publish_in(app, world, "World news")
    await round_over(app, last)
    [alert] = alerts(api, CHANNEL)
    assert "World news" in alert.text and "Tbilisi news" not in alert.text
    # A chat that does not get headlines has no sections to choose.
    [missing] = await ask(api, EDITOR_ID, "/channels -1005550999")
    assert "does not get headlines" in missing.text, missing.text
