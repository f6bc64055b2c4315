"""Subscribing over the real HTTP path: readers, group admins, channels, editors' tools, /stats."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.settings import Settings
from bot.views.formatting import format_date
from local_bot_api import LocalBotApi
from storage import Failed, Retry, Sent, Storage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    SUBSCRIBED_SETTINGS,
    ask,
    edited_by_press,
    eventually,
    messages_after,
    press,
    running_bot,
    services_of,
    storage_of,
)

ADMIN_ID = 2001
MEMBER_ID = 2002
OWNER_ID = 2003
GEORGIAN_ID = 3001
ANONYMOUS_ADMIN = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


async def is_active(app: Any, chat_id: int) -> bool:
    subscription = await storage_of(app).subscriptions.get(chat_id)
    return subscription is not None and subscription.active


def anonymous_command(
    api: LocalBotApi, chat: dict[str, Any], text: str, sender: dict[str, Any]
) -> dict[str, Any]:
    """A command posted on behalf of a chat (`sender_chat`), as anonymous admins do."""
    return api.inject_update(
        {
            "message": {
                "message_id": 90_000 + len(api.sent),
                "from": ANONYMOUS_ADMIN,
                "sender_chat": sender,
                "chat": chat,
                "date": int(time.time()),
                "text": text,
                "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
            }
        }
    )


# ----- private chats -------------------------------------------------------------------------


async def test_private_subscribe_and_unsubscribe_say_what_happened(
    app: Any, api: LocalBotApi
) -> None:
    [done] = await ask(api, READER_ID, "/subscribe")
    assert "Subscribed!" in done.text and "every 5 minutes" in done.text
    subscription = await storage_of(app).subscriptions.get(READER_ID)
    assert subscription is not None and subscription.active
    assert (subscription.kind, subscription.language, subscription.subscribed_by) == (
        "private",
        "en",
        READER_ID,
    )
    [again] = await ask(api, READER_ID, "/subscribe")
    assert "already subscribed" in again.text
    [stopped] = await ask(api, READER_ID, "/unsubscribe")
    assert "Unsubscribed" in stopped.text
    subscription = await storage_of(app).subscriptions.get(READER_ID)
    assert subscription is not None and not subscription.active
    assert subscription.inactive_reason == "unsubscribed"
    [nothing] = await ask(api, READER_ID, "/unsubscribe")
    assert "not subscribed" in nothing.text
    assert await storage_of(app).subscriptions.counts() == {("private", False): 1}


async def test_settings_shows_the_state_and_its_button_toggles_it(
    app: Any, api: LocalBotApi
) -> None:
    [settings] = await ask(api, READER_ID, "/settings")
    assert "Not subscribed" in settings.text and "Language: English" in settings.text
    assert settings.callback_data == ["sub:on"]
    edited = await edited_by_press(api, READER_ID, settings, "sub:on")
    assert "Subscribed!" in edited.text and edited.callback_data == ["sub:off"]
    subscription = await storage_of(app).subscriptions.get(READER_ID)
    assert subscription is not None and subscription.active

    [settings] = await ask(api, READER_ID, "/settings")
    since = format_date(subscription.subscribed_at, services_of(app).settings.zone)
    assert f"Subscribed since {since}" in settings.text and "every 5 minutes" in settings.text
    assert settings.callback_data == SUBSCRIBED_SETTINGS
    edited = await edited_by_press(api, READER_ID, settings, "sub:off")
    assert "Unsubscribed" in edited.text and edited.callback_data == ["sub:on"]
    assert not await is_active(app, READER_ID)


async def test_start_offers_the_button_that_changes_the_chats_state(
    app: Any, api: LocalBotApi
) -> None:
    [hello] = await ask(api, READER_ID, "/start")
    assert "Hello, Reader!" in hello.text and hello.button_texts == ["🔔 Subscribe"]
    edited = await edited_by_press(api, READER_ID, hello, "sub:on")
    assert "Subscribed!" in edited.text and edited.button_texts == ["🔕 Unsubscribe"]
    assert await is_active(app, READER_ID)
    [hello] = await ask(api, READER_ID, "/start")
    assert hello.callback_data == ["sub:off"]
    # An out-of-date button (the first greeting's Unsubscribe) tells the state, then flips.
    [old_hello] = api.messages(READER_ID)[:1]
    await ask(api, READER_ID, "/unsubscribe")
    edited = await edited_by_press(api, READER_ID, old_hello, "sub:off")
    assert "not subscribed" in edited.text and edited.callback_data == ["sub:on"]
    article = await storage_of(app).articles.publish("Deep links still work", "Body.", EDITOR_ID)
    [opened] = await ask(api, READER_ID, f"/start read_{article.id}")
    assert opened.text.startswith("Deep links still work")


async def test_georgian_reader_is_answered_in_georgian(app: Any, api: LocalBotApi) -> None:
    api.add_private_chat(GEORGIAN_ID, first_name="ნინო", language_code="ka")
    [done] = await ask(api, GEORGIAN_ID, "/subscribe")
    assert "გამოწერილია!" in done.text and "ყოველ 5 წუთში" in done.text
    subscription = await storage_of(app).subscriptions.get(GEORGIAN_ID)
    assert subscription is not None and subscription.language == "ka"
    [again] = await ask(api, GEORGIAN_ID, "/subscribe")
    assert "უკვე გამოწერილია" in again.text
    [settings] = await ask(api, GEORGIAN_ID, "/settings")
    assert "ამ ჩატის პარამეტრები" in settings.text and "ენა: ქართული" in settings.text
    assert settings.button_texts == [
        "🔕 გამოწერის გაუქმება",
        "✓ ხმით",
        "ჩუმი დაიჯესტები",
        "ჩუმად",
        "✓ ყოველ რაუნდში",
        "📅 ყოველდღიური დაიჯესტი…",
        "✓ მშვიდი საათების გარეშე",
        "🌙 მშვიდი საათები…",
    ]
    [stopped] = await ask(api, GEORGIAN_ID, "/unsubscribe")
    assert "გამოწერა გაუქმებულია" in stopped.text
    [nothing] = await ask(api, GEORGIAN_ID, "/unsubscribe")
    assert "გამოწერილი არ არის" in nothing.text
    assert not await is_active(app, GEORGIAN_ID)


# ----- groups --------------------------------------------------------------------------------


async def test_only_group_administrators_subscribe_the_group(app: Any, api: LocalBotApi) -> None:
    group = -4001
    api.add_group(group, title="Readers club", admins=[ADMIN_ID], members=[MEMBER_ID])
    [refused] = await ask(api, group, "/subscribe", from_user=MEMBER_ID)
    assert "Only the group’s administrators" in refused.text
    assert await storage_of(app).subscriptions.get(group) is None

    [done] = await ask(api, group, "/subscribe", from_user=ADMIN_ID)
    assert "Subscribed!" in done.text
    subscription = await storage_of(app).subscriptions.get(group)
    assert subscription is not None and subscription.active
    assert (subscription.kind, subscription.title, subscription.subscribed_by) == (
        "group",
        "Readers club",
        ADMIN_ID,
    )
    [refused] = await ask(api, group, "/unsubscribe", from_user=MEMBER_ID)
    assert "Only the group’s administrators" in refused.text
    assert await is_active(app, group)

    # Anyone may look at /settings; only an administrator's press changes anything.
    [settings] = await ask(api, group, "/settings", from_user=MEMBER_ID)
    assert settings.callback_data == SUBSCRIBED_SETTINGS
    answer = await press(api, group, settings, "sub:off", from_user=MEMBER_ID)
    assert "Only the group’s administrators" in answer["text"] and answer["show_alert"]
    assert await is_active(app, group)
    edited = await edited_by_press(api, group, settings, "sub:off", from_user=ADMIN_ID)
    assert "Unsubscribed" in edited.text
    assert not await is_active(app, group)


async def test_anonymous_administrator_posting_as_the_group_may_subscribe(
    app: Any, api: LocalBotApi
) -> None:
    group = -1004002
    chat = api.add_group(group, title="Quiet admins", supergroup=True, creator=OWNER_ID)
    # A post forwarded from a linked channel also has a sender_chat, but not the group itself.
    linked = {"id": -1009999, "type": "channel", "title": "Linked channel"}
    [refused] = await messages_after(
        api, group, lambda: anonymous_command(api, chat, "/subscribe", linked)
    )
    assert "Only the group’s administrators" in refused.text
    assert await storage_of(app).subscriptions.get(group) is None
    [done] = await messages_after(
        api, group, lambda: anonymous_command(api, chat, "/subscribe", chat)
    )
    assert "Subscribed!" in done.text
    subscription = await storage_of(app).subscriptions.get(group)
    assert subscription is not None and subscription.active and subscription.kind == "supergroup"
    [stopped] = await ask(api, group, "/unsubscribe", from_user=OWNER_ID)  # the creator is admin
    assert "Unsubscribed" in stopped.text and not await is_active(app, group)


async def test_bot_added_to_a_group_waits_for_subscribe_and_removal_stops_alerts(
    app: Any, api: LocalBotApi
) -> None:
    group = -4003
    api.add_group(group, title="Book club", admins=[ADMIN_ID])
    api.my_chat_member(group, "member", "left", from_user=ADMIN_ID)
    # Updates are handled in order: once /settings is answered, the join has been handled too.
    [settings] = await ask(api, group, "/settings", from_user=ADMIN_ID)
    assert "Not subscribed" in settings.text
    assert await storage_of(app).subscriptions.get(group) is None
    await ask(api, group, "/subscribe", from_user=ADMIN_ID)
    assert await is_active(app, group)

    api.my_chat_member(group, "kicked", "member", from_user=ADMIN_ID)
    await eventually(
        lambda: _inactive_because(app, group, "bot removed"),
        f"chat {group} inactive: bot removed",
    )


async def _inactive_because(app: Any, chat_id: int, reason: str) -> bool:
    subscription = await storage_of(app).subscriptions.get(chat_id)
    return (
        subscription is not None
        and not subscription.active
        and (subscription.inactive_reason == reason)
    )


# ----- channels ------------------------------------------------------------------------------


async def test_channel_subscribes_while_the_bot_is_an_administrator(
    app: Any, api: LocalBotApi
) -> None:
    channel = -1005001
    api.add_channel(channel, title="Daily Wire", username="daily_wire", bot_is_admin=False)
    api.my_chat_member(channel, "administrator", "left", from_user=OWNER_ID)
    await eventually(lambda: is_active(app, channel), f"chat {channel} active")
    subscription = await storage_of(app).subscriptions.get(channel)
    assert subscription is not None
    assert (subscription.kind, subscription.title, subscription.username) == (
        "channel",
        "Daily Wire",
        "daily_wire",
    )
    assert (subscription.language, subscription.subscribed_by) == (None, OWNER_ID)

    api.my_chat_member(channel, "member", "administrator", from_user=OWNER_ID)
    await eventually(
        lambda: _inactive_because(app, channel, "bot demoted"),
        f"chat {channel} inactive: bot demoted",
    )
    api.my_chat_member(channel, "administrator", "member", from_user=OWNER_ID)
    await eventually(lambda: is_active(app, channel), f"chat {channel} active")
    api.my_chat_member(channel, "left", "administrator", from_user=OWNER_ID)
    await eventually(
        lambda: _inactive_because(app, channel, "bot removed"),
        f"chat {channel} inactive: bot removed",
    )
    api.my_chat_member(channel, "administrator", "left", from_user=OWNER_ID)
    await eventually(lambda: is_active(app, channel), f"chat {channel} active")
    api.my_chat_member(channel, "kicked", "administrator", from_user=OWNER_ID)
    await eventually(
        lambda: _inactive_because(app, channel, "bot removed"),
        f"chat {channel} inactive: bot removed",
    )
    assert api.messages(channel) == []  # nothing is posted into the channel about it

    # An editor's /removechannel holds when the owner later changes some other right of the bot.
    api.my_chat_member(channel, "administrator", "left", from_user=OWNER_ID)
    await eventually(lambda: is_active(app, channel), f"chat {channel} active")
    await ask(api, EDITOR_ID, "/removechannel @daily_wire")
    api.my_chat_member(channel, "administrator", "administrator", from_user=OWNER_ID)
    await ask(api, EDITOR_ID, "/channels")  # handled in order: the rights change came first
    assert await _inactive_because(app, channel, "removed by an editor")
    assert await storage_of(app).subscriptions.counts() == {("channel", False): 1}


async def test_addchannel_by_username_or_id_subscribes_after_checking_rights(
    app: Any, api: LocalBotApi
) -> None:
    api.add_channel(-1006001, title="Morning <Post>", username="morning_post")
    [done] = await ask(api, EDITOR_ID, "/addchannel @morning_post")
    assert done.text == "✅ Morning <Post> (@morning_post) now gets new headlines every 5 minutes."
    subscription = await storage_of(app).subscriptions.get(-1006001)
    assert subscription is not None and subscription.active
    assert (subscription.kind, subscription.username, subscription.subscribed_by) == (
        "channel",
        "morning_post",
        EDITOR_ID,
    )
    [again] = await ask(api, EDITOR_ID, "/addchannel https://t.me/morning_post")
    assert "already gets new headlines" in again.text

    api.add_group(-1006002, title="Desk chat", supergroup=True, admins=[ADMIN_ID])
    [done] = await ask(api, EDITOR_ID, "/addchannel -1006002")
    assert "✅ Desk chat (-1006002) now gets new headlines" in done.text
    subscription = await storage_of(app).subscriptions.get(-1006002)
    assert subscription is not None and subscription.active and subscription.kind == "supergroup"
    assert await storage_of(app).subscriptions.counts() == {
        ("channel", True): 1,
        ("supergroup", True): 1,
    }


async def test_addchannel_explains_what_is_missing_and_changes_nothing(
    app: Any, api: LocalBotApi
) -> None:
    api.add_channel(-1007001, title="No rights here", username="no_rights", bot_is_admin=False)
    api.add_group(-4007, title="Left us", admins=[ADMIN_ID])
    api.my_chat_member(-4007, "left", "member", from_user=ADMIN_ID)
    expectations = {
        "/addchannel": "Which chat?",
        "/addchannel hello!": "“hello!” is not a chat",
        "/addchannel @no <b>": "“@no <b>” is not a chat",
        "/addchannel @no_rights": "not an administrator of the channel No rights here",
        "/addchannel -1007001": "not an administrator of the channel No rights here",
        "/addchannel @nobody_here": "Telegram does not know the chat @nobody_here",
        "/addchannel -1009876": "Telegram does not know the chat -1009876",
        "/addchannel -4007": "not a member of the group Left us",
        f"/addchannel {READER_ID}": f"{READER_ID} is a private chat",
    }
    for command, expected in expectations.items():
        [answer] = await ask(api, EDITOR_ID, command)
        assert expected in answer.text, (command, answer.text)
    assert await storage_of(app).subscriptions.counts() == {}


async def test_channels_lists_targets_and_removechannel_stops_them(
    app: Any, api: LocalBotApi
) -> None:
    [empty] = await ask(api, EDITOR_ID, "/channels")
    assert "No channel or group gets headlines yet" in empty.text

    api.add_channel(-1008001, title="Evening News", username="evening_news")
    api.add_channel(-1008002, title="Gone channel", bot_is_admin=False)
    api.add_group(-4008, title="Newsroom", admins=[ADMIN_ID])
    await ask(api, EDITOR_ID, "/addchannel @evening_news")
    await ask(api, EDITOR_ID, "/addchannel -4008")
    api.my_chat_member(-1008002, "administrator", "left", from_user=OWNER_ID)
    await eventually(lambda: is_active(app, -1008002), f"chat {-1008002} active")
    api.my_chat_member(-1008002, "kicked", "administrator", from_user=OWNER_ID)
    await eventually(
        lambda: _inactive_because(app, -1008002, "bot removed"),
        f"chat {-1008002} inactive: bot removed",
    )
    await ask(api, READER_ID, "/subscribe")  # private chats are not listed

    [listing] = await ask(api, EDITOR_ID, "/channels")
    lines = listing.text.splitlines()
    assert lines[0] == "📡 Channels and groups (3)"
    assert sorted(lines[1:3]) == [
        "✅ Evening News (channel) · @evening_news · added by Editor",
        "✅ Newsroom (group) · -4008 · added by Editor",
    ]
    assert lines[3].startswith("⛔ Gone channel (channel) · -1008002 · inactive: bot removed")
    assert f'<a href="tg://user?id={OWNER_ID}">' in listing.html.splitlines()[3]

    [removed] = await ask(api, EDITOR_ID, "/removechannel @Evening_News")
    assert removed.text == "🔕 Evening News (@evening_news) gets no more headlines."
    assert await _inactive_because(app, -1008001, "removed by an editor")
    [removed] = await ask(api, EDITOR_ID, "/removechannel -4008")
    assert "Newsroom (-4008) gets no more headlines" in removed.text
    assert await _inactive_because(app, -4008, "removed by an editor")

    expectations = {
        "/removechannel": "Which chat?",
        "/removechannel ???": "“???” is not a chat",
        "/removechannel @evening_news": "@evening_news does not get headlines",
        "/removechannel @unknown_chan": "@unknown_chan does not get headlines",
        f"/removechannel {READER_ID}": f"{READER_ID} is a private chat",
    }
    for command, expected in expectations.items():
        [answer] = await ask(api, EDITOR_ID, command)
        assert expected in answer.text, (command, answer.text)
    assert await is_active(app, READER_ID)
    assert await storage_of(app).subscriptions.counts() == {
        ("private", True): 1,
        ("channel", False): 2,
        ("group", False): 1,
    }
    [listing] = await ask(api, EDITOR_ID, "/channels")
    assert listing.text.count("⛔") == 3 and "inactive: removed by an editor" in listing.text


async def test_editor_commands_refuse_everyone_else(app: Any, api: LocalBotApi) -> None:
    api.add_channel(-1009001, title="Target", username="target_channel")
    group = -4009
    api.add_group(group, title="Admins are not editors", admins=[ADMIN_ID])
    for command in (
        "/channels",
        "/addchannel @target_channel",
        "/removechannel -1009001",
        "/stats",
    ):
        [refusal] = await ask(api, READER_ID, command)
        assert "only the news desk’s editors" in refusal.text, command
        [refusal] = await ask(api, group, command, from_user=ADMIN_ID)
        assert "only the news desk’s editors" in refusal.text, command
    assert await storage_of(app).subscriptions.counts() == {}


# ----- /stats --------------------------------------------------------------------------------


async def test_stats_before_anything_happened(app: Any, api: LocalBotApi) -> None:
    stats, _chart = await ask(api, EDITOR_ID, "/stats", count=2)
    assert "Private chats: 0 active, 0 inactive" in stats.text
    assert "Groups: 0 active, 0 inactive" in stats.text
    assert "Channels: 0 active, 0 inactive" in stats.text
    assert "No delivery rounds yet." in stats.text


async def two_rounds(storage: Storage) -> int:
    """Subscribers of every kind and two rounds, played by hand: one finished, one not."""
    subscriptions, outbox = storage.subscriptions, storage.outbox
    for chat_id in (5001, 5002, 5003):
        await subscriptions.subscribe(chat_id, "private", language="en")
    await subscriptions.subscribe(-5004, "group", title="Group")
    await subscriptions.subscribe(-1005005, "supergroup", title="Supergroup")
    await subscriptions.subscribe(-1005006, "channel", title="Channel")
    await subscriptions.subscribe(-1005007, "channel", title="Old channel")
    await subscriptions.unsubscribe(5003)
    await subscriptions.deactivate(-1005007, "bot removed")

    first = await storage.articles.publish("First", "Body.", EDITOR_ID)
    opened = await outbox.plan_round(chunk=100)
    assert opened is not None
    planned = await outbox.round(opened[0])
    assert planned is not None and planned.planned == 5
    alerts = {alert.chat_id: alert for alert in await outbox.claim(10)}
    assert set(alerts) == {5001, 5002, -5004, -1005005, -1005006}
    await outbox.record(
        [
            Sent(alerts[5001].id, 5001, 1, (first.id,)),
            Sent(alerts[5002].id, 5002, 1, (first.id,)),
            Sent(alerts[-5004].id, -5004, 1, (first.id,)),
            Failed(alerts[-1005005].id, "Bad Request: not enough rights"),
            # Due again only in an hour: the round stays open while the test runs.
            Retry(alerts[-1005006].id, time.time() + 3600, "Timed out"),
        ]
    )
    second = await storage.articles.publish("Second", "Body.", EDITOR_ID)
    assert await outbox.plan_round(chunk=100) is not None
    alerts = {alert.chat_id: alert for alert in await outbox.claim(10)}
    assert set(alerts) == {5001, 5002, -5004, -1005005, -1005006}
    await outbox.record(
        [Sent(alert.id, chat_id, 2, (second.id,)) for chat_id, alert in alerts.items()]
    )
    return planned.id


async def test_stats_counts_subscribers_by_kind_and_reports_the_last_rounds(
    settings: Settings, api: LocalBotApi
) -> None:
    # The rounds are written before the bot starts, so that its delivery engine finds nothing
    # left to claim and the figures stay exactly as played here.
    prepared = await Storage.open(settings.database_path)
    try:
        first_round = await two_rounds(prepared)
    finally:
        await prepared.close()

    async with running_bot(settings) as app:
        stats, _chart = await ask(api, EDITOR_ID, "/stats", count=2)
        rounds = await storage_of(app).outbox.recent_rounds(5)
    text = stats.text
    assert "Private chats: 2 active, 1 inactive" in text
    assert "Groups: 2 active, 0 inactive" in text
    assert "Channels: 1 active, 1 inactive" in text
    lines = text[text.index("Last rounds") :].splitlines()[1:]
    stamp = r"\d\d\.\d\d\.\d{4} \d\d:\d\d"
    assert len(lines) == 2
    assert re.fullmatch(
        stamp + r" — ✅ 5 delivered, ❌ 0 failed, ⏳ 0 still due · \d+(\.\d)? s", lines[0]
    ), lines[0]
    assert re.fullmatch(
        stamp + r" — ✅ 3 delivered, ❌ 1 failed, ⏳ 1 still due · running", lines[1]
    ), lines[1]
    assert [(r.id, r.delivered, r.failed, r.due) for r in rounds] == [
        (first_round + 1, 5, 0, 0),
        (first_round, 3, 1, 1),
    ]
