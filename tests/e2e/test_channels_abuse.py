"""Channels are broadcast-only: no viewer, button or channel post makes the bot post there.

A channel's posts come from the channel itself (`sender_chat`), and anyone who can see a post can
press its buttons. So the bot answers nothing in a channel except its scheduled alerts: buttons on
its channel posts only link to the bot, commands posted in the channel are ignored, and who may
manage the channel is asked of Telegram for the presser, never inferred from the bot's own post.

Each test ends with a marker: a press of an unknown button on a bot post in the same channel.
Updates of one channel are handled in order, so once the marker is answered, everything before
it has been handled too and "nothing was sent" is a fact, not a guess.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardMarkup

from bot.views.callbacks import ChangeSubscription, ChatId, ChooseLanguage, ReadArticle, ReviewChat
from bot.views.i18n import Translator
from bot.views.keyboards import (
    deep_link,
    language_keyboard,
    related_keyboard,
    subscription_keyboard,
)
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage import Subscription
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    ask,
    edited_by_press,
    eventually,
    make_settings,
    messages_after,
    press,
    publish,
    rounds_finished_through,
    running_bot,
    storage_of,
)

CHANNEL = -1005101
OWNER_ID = 2101
VIEWER_ID = 2102
BOT_USERNAME = "newsbot_test_bot"


async def channel_with_bot(app: Any, api: LocalBotApi) -> None:
    """A channel whose owner made the bot an administrator: subscribed, alerts go there."""
    api.add_channel(CHANNEL, title="Wire", username="wire_channel", bot_is_admin=False)
    api.user(VIEWER_ID, first_name="Viewer")
    api.my_chat_member(CHANNEL, "administrator", "left", from_user=OWNER_ID)

    async def active() -> bool:
        subscription = await storage_of(app).subscriptions.get(CHANNEL)
        return subscription is not None and subscription.active

    await eventually(active, f"channel {CHANNEL} subscribed")


async def bot_post(
    app: Any, api: LocalBotApi, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> SentMessage:
    """A post the bot made in the channel earlier (say, by an older version): its buttons stay."""
    sent = await app.bot.send_message(CHANNEL, text, reply_markup=keyboard)
    return next(m for m in api.messages(CHANNEL) if m.message_id == sent.message_id)


async def settled(api: LocalBotApi, post: SentMessage) -> list[SentMessage]:
    """Wait until the channel's earlier updates are handled; the bot's posts there since `post`."""
    await press(api, CHANNEL, post, "marker:1", from_user=VIEWER_ID, check=False)
    return [m for m in api.messages(CHANNEL) if m.message_id > post.message_id]


async def test_read_buttons_in_a_channel_link_to_the_bot_and_post_nothing(
    app: Any, api: LocalBotApi
) -> None:
    await channel_with_bot(app, api)
    first = await publish(app, "Bridge reopens")
    second = await publish(app, "Rates hold")
    [also] = await storage_of(app).articles.latest(1, second)
    post = await bot_post(app, api, "Rates hold", related_keyboard([also]))
    views = (await storage_of(app).articles.get(first)).views  # type: ignore[union-attr]

    answer = await press(api, CHANNEL, post, ReadArticle(first).pack(), from_user=VIEWER_ID)

    assert answer["url"] == deep_link(BOT_USERNAME, first)
    assert not answer["show_alert"]
    assert await settled(api, post) == []
    assert (await storage_of(app).articles.get(first)).views == views  # type: ignore[union-attr]


async def test_other_buttons_in_a_channel_only_explain(app: Any, api: LocalBotApi) -> None:
    await channel_with_bot(app, api)
    translator = Translator("en")
    keyboard = InlineKeyboardMarkup(
        [
            *subscription_keyboard(translator, "en", subscribed=True).inline_keyboard,
            *language_keyboard(translator).inline_keyboard,
        ]
    )
    post = await bot_post(app, api, "Settings", keyboard)
    for data in ("l:0:5", "post:publish"):
        answer = await press(api, CHANNEL, post, data, from_user=OWNER_ID, check=False)
        assert answer["show_alert"] and answer["url"] is None, (data, answer)
        assert "bot" in answer["text"].lower(), answer
    assert await settled(api, post) == []


async def test_a_viewers_forged_presses_neither_unsubscribe_nor_change_the_language(
    app: Any, api: LocalBotApi
) -> None:
    await channel_with_bot(app, api)
    translator = Translator("en")
    keyboard = InlineKeyboardMarkup(
        [
            *subscription_keyboard(translator, "en", subscribed=True).inline_keyboard,
            *language_keyboard(translator).inline_keyboard,
        ]
    )
    post = await bot_post(app, api, "Settings", keyboard)

    for data in (ChangeSubscription("off").pack(), ChooseLanguage("ka").pack()):
        answer = await press(api, CHANNEL, post, data, from_user=VIEWER_ID)
        assert answer["show_alert"], (data, answer)

    await settled(api, post)
    subscription = await storage_of(app).subscriptions.get(CHANNEL)
    assert subscription is not None and subscription.active
    assert await storage_of(app).chats.language(CHANNEL) is None
    assert [m for m in api.sent if m.chat_id == CHANNEL and m.edited] == []


async def test_commands_posted_in_a_channel_get_no_answer_there(app: Any, api: LocalBotApi) -> None:
    await channel_with_bot(app, api)
    article = await publish(app, "Bridge reopens")
    post = await bot_post(app, api, "An earlier post")
    for command in (
        "/stats@newsbot_test_bot",
        f"/read {article}",
        f"/read_{article}",
        "/latest",
        "/settings",
        "/language",
        "/subscribe",
        "/unsubscribe",
        "/help",
        "/start",
    ):
        api.send_command(CHANNEL, command)
    posted = api.send_command(CHANNEL, "/help")
    api.edit_text(CHANNEL, posted["channel_post"]["message_id"], f"/read {article}")

    assert await settled(api, post) == []
    subscription = await storage_of(app).subscriptions.get(CHANNEL)
    assert subscription is not None and subscription.active
    assert (await storage_of(app).articles.get(article)).views == 0  # type: ignore[union-attr]


# ----- who added a chat, and CHANNELS_NEED_APPROVAL -------------------------------------------

SECOND_EDITOR_ID = 501
GROUP = -4101
GROUP_ADMIN_ID = 2103


@pytest.fixture
async def approval_app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """Two editors, new channels and groups wait for approval, alerts every 0.3 s."""
    api.add_private_chat(SECOND_EDITOR_ID, first_name="Nino", language_code="ka")
    api.user(OWNER_ID, first_name="Olga", last_name="<Owner>")
    api.user(VIEWER_ID, first_name="Viewer")
    settings = make_settings(
        api,
        database,
        admin_ids=f"{EDITOR_ID},{SECOND_EDITOR_ID}",
        channels_need_approval=True,
        push_interval=0.3,
    )
    async with running_bot(settings) as application:
        yield application


async def subscription(app: Any, chat_id: int) -> Subscription:
    found = await storage_of(app).subscriptions.get(chat_id)
    assert found is not None, chat_id
    return found


async def delivered_through(app: Any, api: LocalBotApi, headline: str) -> int:
    """Publish an article and wait until its round is over (the reader has it): its id."""
    article = await publish(app, headline)
    await eventually(
        lambda: any(headline in m.text for m in api.messages(READER_ID)),
        f"{headline!r} alerted to the reader",
    )
    await eventually(
        lambda: rounds_finished_through(storage_of(app), article), f"round through {article}"
    )
    return article


def review_data(decision: str, chat_id: int) -> str:
    return ReviewChat(decision, ChatId(chat_id)).pack()  # type: ignore[arg-type]


async def test_a_channel_added_by_a_reader_waits_until_an_editor_approves_it(
    approval_app: Any, api: LocalBotApi
) -> None:
    app = approval_app
    await ask(api, SECOND_EDITOR_ID, "/language")
    await press(api, SECOND_EDITOR_ID, api.messages(SECOND_EDITOR_ID)[-1], "lang:ka")
    await storage_of(app).subscriptions.subscribe(READER_ID, "private")
    api.add_channel(CHANNEL, title="Wire", username="wire_channel", bot_is_admin=False)

    [request] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.my_chat_member(CHANNEL, "administrator", "left", from_user=OWNER_ID),
    )
    assert "Olga <Owner> added the channel Wire (@wire_channel)" in request.text
    assert f'<a href="tg://user?id={OWNER_ID}">Olga &lt;Owner&gt;</a>' in request.html
    assert request.callback_data == [review_data("ok", CHANNEL), review_data("no", CHANNEL)]
    [georgian] = (await api.wait_for_messages(SECOND_EDITOR_ID, 2, timeout=TIMEOUT))[-1:]
    assert "ითხოვს სათაურებს" in georgian.text and "Wire" in georgian.text
    assert (await subscription(app, CHANNEL)).inactive_reason == "pending"

    await delivered_through(app, api, "While it waits")
    assert api.messages(CHANNEL) == []

    [refusal] = await ask(api, READER_ID, "/help")
    answer = await press(api, READER_ID, refusal, review_data("ok", CHANNEL), check=False)
    assert "only the news desk’s editors" in answer["text"]
    listing, repeated = await ask(api, EDITOR_ID, "/channels", count=2)
    assert listing.text.splitlines()[1] == (
        "⏳ Wire (channel) · @wire_channel · waiting for approval · added by Olga <Owner>"
    )
    assert repeated.text == request.text and repeated.callback_data == request.callback_data

    approved = await edited_by_press(api, EDITOR_ID, request, review_data("ok", CHANNEL))
    assert "Approved: Wire (channel, @wire_channel) gets new headlines" in approved.text
    assert approved.buttons == []
    assert (await subscription(app, CHANNEL)).active
    late = await press(api, SECOND_EDITOR_ID, georgian, review_data("no", CHANNEL))
    assert late["show_alert"] and "დადასტურებას აღარ ელოდება" in late["text"]

    after = await delivered_through(app, api, "After approval")
    await eventually(lambda: len(api.messages(CHANNEL)) == 1, "the channel's first alert")
    [alert] = api.messages(CHANNEL)
    assert "After approval" in alert.text and "While it waits" not in alert.text
    urls = [button["url"] for row in alert.buttons for button in row]
    assert urls == [deep_link(BOT_USERNAME, after)]
    [listing, *_] = await ask(api, EDITOR_ID, "/channels")
    assert listing.text.splitlines()[1] == (
        "✅ Wire (channel) · @wire_channel · added by Olga <Owner>"
    )


async def test_rejected_or_removed_chats_stay_without_alerts_and_editors_need_no_approval(
    approval_app: Any, api: LocalBotApi
) -> None:
    app = approval_app
    await storage_of(app).subscriptions.subscribe(READER_ID, "private")
    api.add_channel(CHANNEL, title="Wire", bot_is_admin=False)
    api.add_channel(CHANNEL - 1, title="Gone", bot_is_admin=False)
    api.add_channel(CHANNEL - 2, title="Desk's own", bot_is_admin=False)
    api.add_group(GROUP, title="Readers' club", admins=[GROUP_ADMIN_ID, EDITOR_ID])

    [request] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.my_chat_member(CHANNEL, "administrator", "left", from_user=OWNER_ID),
    )
    rejected = await edited_by_press(api, EDITOR_ID, request, review_data("no", CHANNEL))
    assert "Rejected: Wire" in rejected.text
    assert (await subscription(app, CHANNEL)).inactive_reason == "rejected by an editor"

    [gone] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.my_chat_member(CHANNEL - 1, "administrator", "left", from_user=OWNER_ID),
    )
    api.my_chat_member(CHANNEL - 1, "left", "administrator", from_user=OWNER_ID)
    await eventually(
        lambda: _reason_is(app, CHANNEL - 1, "bot removed"), "the waiting channel removed"
    )
    answer = await press(api, EDITOR_ID, gone, review_data("ok", CHANNEL - 1))
    assert answer["show_alert"] and "no longer waits" in answer["text"]

    api.my_chat_member(CHANNEL - 2, "administrator", "left", from_user=EDITOR_ID)
    await eventually(lambda: _is_active(app, CHANNEL - 2), "the editor's channel active at once")

    [pending] = await ask(api, GROUP, "/subscribe", from_user=GROUP_ADMIN_ID)
    assert "editors approve new groups first" in pending.text
    [request] = (await api.wait_for_messages(EDITOR_ID, 3, timeout=TIMEOUT))[-1:]
    assert "added the group Readers' club (-4101)" in request.text
    [again] = await ask(api, GROUP, "/subscribe", from_user=GROUP_ADMIN_ID)
    assert "editors approve new groups first" in again.text
    [settings, *_] = await ask(api, GROUP, "/settings", from_user=GROUP_ADMIN_ID)
    assert "Waiting for an editor’s approval" in settings.text
    [done] = await ask(api, GROUP, "/subscribe", from_user=EDITOR_ID)
    assert "Subscribed!" in done.text

    await delivered_through(app, api, "Only for approved chats")
    assert api.messages(CHANNEL) == [] and api.messages(CHANNEL - 1) == []
    assert len(api.messages(CHANNEL - 2)) == 1
    assert len(api.messages(EDITOR_ID)) == 3  # the three requests, none for the editor's own


async def _is_active(app: Any, chat_id: int) -> bool:
    found = await storage_of(app).subscriptions.get(chat_id)
    return found is not None and found.active


async def _reason_is(app: Any, chat_id: int, reason: str) -> bool:
    found = await storage_of(app).subscriptions.get(chat_id)
    return found is not None and found.inactive_reason == reason


async def test_a_failure_while_handling_a_channels_update_is_not_reported_into_it(
    app: Any, api: LocalBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.add_channel(CHANNEL, title="Wire", bot_is_admin=True)
    api.user(VIEWER_ID, first_name="Viewer")
    post = await bot_post(app, api, "An earlier post")

    async def locked(*args: Any, **kwargs: Any) -> bool:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(storage_of(app).subscriptions, "subscribe", locked)
    api.my_chat_member(CHANNEL, "administrator", "left", from_user=OWNER_ID)

    assert await settled(api, post) == []
