"""Corrections and retractions reaching every copy the bot sent, over the real HTTP path:
alerts and /read replies in private chats, groups and channels, in both languages, through
the engine's update work (planned by `propagate`, paced and fault-handled like alerts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.context import services_of
from bot.delivery.propagation import count_copies, propagate
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage import NewMessage, Photo, Storage
from tests.e2e.harness import (
    EDITOR_ID,
    GEORGIAN_READER_ID,
    NEWSROOM_CHANNEL,
    NEWSROOM_GROUP,
    READER_ID,
    add_newsroom_chats,
    alert_counts,
    ask,
    eventually,
    kill_bot_process,
    make_settings,
    publish,
    rounds_finished_through,
    running_bot,
    start_bot_process,
    stop_bot_process,
    storage_of,
    subscribe_newsroom,
)
from tests.e2e.test_photos import issued_photo

GROUP = NEWSROOM_GROUP
CHANNEL = NEWSROOM_CHANNEL
PRIVATE_KA = GEORGIAN_READER_ID
TWO_DAYS = 49 * 3600
LONG_BODY = " ".join(f"Word{n}" for n in range(1500))  # three messages or so


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a short push interval, a group, a channel and a Georgian reader."""
    add_newsroom_chats(api)
    async with running_bot(make_settings(api, database, push_interval=0.3)) as application:
        yield application


async def round_through(app: Any, article_id: int) -> None:
    services_of(app).delivery.request_round()
    await eventually(
        lambda: rounds_finished_through(storage_of(app), article_id), "the round finished"
    )


async def sent_out(app: Any, *headlines: str) -> list[int]:
    """Publish the articles and deliver them in one round; their ids."""
    ids = [await publish(app, headline) for headline in headlines]
    await round_through(app, ids[-1])
    return ids


async def settled(storage: Storage, article_id: int) -> dict[str, int]:
    """Wait until no update planned for the article is waiting or in flight; their states."""

    async def idle() -> bool:
        states = await storage.messages.work_states(article_id)
        return not states.get("due") and not states.get("claimed")

    await eventually(idle, f"updates of article {article_id} carried out")
    return await storage.messages.work_states(article_id)


async def correct(app: Any, article_id: int, headline: str, body: str = "Body.", **kw: Any) -> int:
    """Correct the article as helper R's domain does (storage, then propagate), and wake."""
    storage = storage_of(app)
    article = await storage.articles.get(article_id)
    assert article is not None
    photo: Photo | None = kw.get("photo", article.photo)
    assert await storage.articles.correct(article_id, EDITOR_ID, headline, body, photo)
    return await propagated(app, article_id)


async def retract(app: Any, article_id: int) -> int:
    assert await storage_of(app).articles.retract(article_id, EDITOR_ID)
    return await propagated(app, article_id)


async def propagated(app: Any, article_id: int) -> int:
    """Queue the update of every copy of the article and wake the engine; how many."""
    queued = await propagate(storage_of(app), article_id)
    services_of(app).delivery.wake()
    return queued


def showing(api: LocalBotApi, chat_id: int, text: str) -> list[SentMessage]:
    return [m for m in api.messages(chat_id) if text in m.text]


async def test_a_correction_reaches_alerts_in_every_kind_of_chat_and_language(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe_newsroom(app)
    storage = storage_of(app)
    other, wrong = await sent_out(app, "Bridge reopens", "Mayor resigns")
    assert await count_copies(storage, wrong) == (4, 4)

    assert await correct(app, wrong, "Mayor stays") == 4
    assert await settled(storage, wrong) == {"done": 4}
    for chat_id in (READER_ID, PRIVATE_KA, GROUP, CHANNEL):
        [alert] = [m for m in api.messages(chat_id) if "Bridge reopens" in m.text]
        assert "Mayor stays" in alert.text and "Mayor resigns" not in alert.text
        assert alert.edited and "Mayor stays" in " ".join(alert.button_texts)
    # Each in the language it was sent in; the channel's buttons still deep-link.
    [georgian] = showing(api, GROUP, "Mayor stays")
    [english] = showing(api, READER_ID, "Mayor stays")
    assert georgian.text.split("\n")[0] != english.text.split("\n")[0]
    [channel] = showing(api, CHANNEL, "Mayor stays")
    assert all("url" in button for row in channel.buttons for button in row)
    assert "/read_" not in channel.text
    assert other < wrong


async def test_a_correction_reaches_read_replies_and_never_loses_text(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    article_id = await publish(app, "Budget", "Short body.")
    [reply] = await ask(api, READER_ID, f"/read_{article_id}")
    [group_reply] = await ask(api, GROUP, f"/read_{article_id}", from_user=READER_ID)
    [georgian] = await ask(api, PRIVATE_KA, f"/read_{article_id}")

    async def tracked() -> bool:
        return await count_copies(storage, article_id) == (3, 3)

    await eventually(tracked, "the three replies tracked")

    # Longer than the one message each reply was: it ends with a pointer to the rest.
    await correct(app, article_id, "Budget passes", LONG_BODY)
    assert await settled(storage, article_id) == {"done": 3}
    for chat_id, original in ((READER_ID, reply), (GROUP, group_reply), (PRIVATE_KA, georgian)):
        [edited] = [m for m in api.messages(chat_id) if m.message_id == original.message_id]
        assert edited.edited and edited.text.startswith("Budget passes")
        assert f"/read_{article_id}" in edited.text.split("\n")[-1]
    assert api.messages(PRIVATE_KA)[-1].text != api.messages(READER_ID)[-1].text

    # A reply sent in three parts and corrected to one: the surplus parts are deleted.
    parts = await ask(api, READER_ID, f"/read_{article_id}", count=2)
    parts = [m for m in api.messages(READER_ID) if m.message_id >= parts[0].message_id]
    assert len(parts) >= 2
    await correct(app, article_id, "Budget passes, in short", "Short again.")
    await settled(storage, article_id)
    left = [m for m in api.messages(READER_ID) if m.message_id >= parts[0].message_id]
    assert [m.message_id for m in left] == [parts[0].message_id]
    assert "Short again." in left[0].text and left[0].buttons == parts[-1].buttons


async def test_a_corrected_photo_is_swapped_in_alerts_and_read_replies(
    app: Any, api: LocalBotApi
) -> None:
    await storage_of(app).subscriptions.subscribe(READER_ID, "private", language="en")
    first, second = issued_photo(api, 800, 600), issued_photo(api, 640, 480)
    storage = storage_of(app)
    article = await storage.articles.publish("Flood", "Body.", EDITOR_ID, photo=first)
    await round_through(app, article.id)
    await ask(api, READER_ID, f"/read_{article.id}", count=2)
    await correct(app, article.id, "Flood recedes", "Body.", photo=second)
    assert await settled(storage, article.id) == {"done": 3}
    photos = [m for m in api.messages(READER_ID) if m.photo is not None]
    assert len(photos) == 2, [(m.method, m.text) for m in api.messages(READER_ID)]
    assert all(m.photo == second.file_id and "Flood recedes" in m.text for m in photos)
    assert [r.method for r in api.requests].count("editMessageMedia") == 2


async def test_blocked_chats_and_vanished_messages_are_recorded_and_skipped(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe_newsroom(app)
    storage = storage_of(app)
    [article_id] = await sent_out(app, "Storm")
    api.block(PRIVATE_KA)
    # A message Telegram no longer has (deleted by the group's admins, say).
    await storage.messages.track(
        [NewMessage(GROUP, 999_999, "supergroup", "read", (article_id,), "en")]
    )
    await correct(app, article_id, "Storm passes")
    assert await settled(storage, article_id) == {"done": 3, "failed": 2}
    subscription = await storage.subscriptions.get(PRIVATE_KA)
    assert subscription is not None and not subscription.active
    assert showing(api, READER_ID, "Storm passes") and showing(api, CHANNEL, "Storm passes")
    assert await count_copies(storage, article_id) == (3, 3)  # the two are never planned again
    assert await correct(app, article_id, "Storm passes north") == 3


async def test_a_retraction_deletes_copies_within_48_hours_and_replaces_older_ones(
    app: Any, api: LocalBotApi
) -> None:
    await subscribe_newsroom(app)
    storage = storage_of(app)
    kept, withdrawn = await sent_out(app, "Harvest", "Rumour")
    [alone] = await sent_out(app, "Second rumour")
    [old_reply] = await ask(api, READER_ID, f"/read_{alone}")
    [new_reply] = await ask(api, GROUP, f"/read_{alone}", from_user=READER_ID)
    [old_alert] = showing(api, CHANNEL, "Second rumour")
    [new_alert] = showing(api, PRIVATE_KA, "Second rumour")
    for chat_id, message in ((READER_ID, old_reply), (CHANNEL, old_alert)):
        api.age_message(chat_id, message.message_id, TWO_DAYS)

    await retract(app, alone)
    await retract(app, withdrawn)
    await settled(storage, alone)
    await settled(storage, withdrawn)
    ids = {m.message_id for m in api.messages(GROUP)} | {
        m.message_id for m in api.messages(PRIVATE_KA)
    }
    assert new_reply.message_id not in ids and new_alert.message_id not in ids
    for chat_id, message in ((READER_ID, old_reply), (CHANNEL, old_alert)):
        [now] = [m for m in api.messages(chat_id) if m.message_id == message.message_id]
        assert "Second rumour" not in now.text and str(alone) in now.text and not now.buttons
    # An alert listing several headlines only drops the withdrawn one.
    for chat_id in (READER_ID, PRIVATE_KA, GROUP, CHANNEL):
        [digest] = showing(api, chat_id, "Harvest")
        assert "Rumour" not in digest.text and digest.edited
    assert kept < withdrawn
    # Tracked as sent within 48 hours, the aged two were tried first: Telegram's refusal is
    # what turns a deletion into the notice.
    refused = [r for r in api.errors if r.method == "deleteMessage"]
    assert sorted(r.chat_id for r in refused) == sorted([READER_ID, CHANNEL])


async def test_a_correction_during_a_round_reaches_what_was_sent_and_the_round_finishes(
    app: Any, api: LocalBotApi
) -> None:
    chats = range(3000, 3060)
    api.add_private_chats(chats.start, len(chats))
    for chat_id in chats:
        await storage_of(app).subscriptions.subscribe(chat_id, "private", language="en")
    storage = storage_of(app)
    article_id = await publish(app, "Election night")
    services_of(app).delivery.request_round()
    await eventually(lambda: len(api.sent) >= 10, "part of the round sent")
    await correct(app, article_id, "Election night: results")
    await eventually(lambda: rounds_finished_through(storage, article_id), "the round finished")
    # Copies tracked after the correction was planned got the corrected text at once; the
    # rest were edited; nobody got two alerts, nobody sees the old headline.
    await settled(storage, article_id)
    await propagated(app, article_id)
    await settled(storage, article_id)
    for chat_id in chats:
        [alert] = api.messages(chat_id)
        assert "Election night: results" in alert.text


CRASH_CHATS = range(20_000, 20_300)


async def test_sigkill_mid_correction_resumes_and_no_copy_is_edited_twice(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    api.add_private_chats(CRASH_CHATS.start, len(CRASH_CHATS))
    storage = await Storage.open(database)
    settings = {"PUSH_INTERVAL": "0.5", "RATE_LIMIT": "100", "DELIVERY_WORKERS": "16"}
    process = None
    try:
        for chat_id in CRASH_CHATS:
            await storage.subscriptions.subscribe(chat_id, "private")
        article = await storage.articles.publish("Tariffs rise", "Body.", EDITOR_ID)
        process = await start_bot_process(api, database, tmp_path, **settings)
        await eventually(
            lambda: len(alert_counts(api, "Tariffs rise", CRASH_CHATS)) == len(CRASH_CHATS),
            "every chat alerted",
            timeout=60,
        )
        await eventually(lambda: rounds_finished_through(storage, article.id), "round finished")
        assert await storage.articles.correct(article.id, EDITOR_ID, "Tariffs fall", "Body.", None)
        assert await propagate(storage, article.id) == len(CRASH_CHATS)

        def edits() -> list[SentMessage]:
            return [m for m in api.sent if m.method == "editMessageText"]

        await eventually(lambda: len(edits()) >= 30, "part of the correction sent", timeout=30)
        await kill_bot_process(process)
        assert len(edits()) < len(CRASH_CHATS)  # killed mid-correction
        process = await start_bot_process(api, database, tmp_path, **settings)
        await eventually(
            lambda: all("Tariffs fall" in api.messages(c)[0].text for c in CRASH_CHATS),
            "every copy corrected after the restart",
            timeout=60,
        )
        await settled(storage, article.id)
        # A copy edited before the kill and again after it met "message is not modified":
        # what readers see changed once.
        per_message = Counter((m.chat_id, m.message_id) for m in edits())
        assert set(per_message.values()) == {1}
        assert len(per_message) == len(CRASH_CHATS)
    finally:
        if process is not None:
            await stop_bot_process(process)
        await storage.close()


async def test_with_paid_broadcasts_a_correction_keeps_to_the_free_rate_beside_a_round(
    api: LocalBotApi, database: Path
) -> None:
    """RATE_LIMIT above 30 pays for alerts; edits cannot be paid for and must keep to 30/s
    even while a paid round goes out to the same chats."""
    chats = range(5000, 5060)
    api.add_private_chats(chats.start, len(chats))
    api.flood_limits(enabled=True)  # Telegram's limits: unpaid calls above 30/s get 429
    settings = make_settings(api, database, push_interval=0.3, rate_limit=200)
    async with running_bot(settings) as app:
        storage = storage_of(app)
        for chat_id in chats:
            await storage.subscriptions.subscribe(chat_id, "private", language="en")
        first = await publish(app, "Storm warning")
        await round_through(app, first)
        assert await correct(app, first, "Storm warning lifted") == len(chats)
        second = await publish(app, "Roads reopen")
        await round_through(app, second)
        await settled(storage, first)
    assert not [r for r in api.requests if r.status == 429]
    edits = [r for r in api.requests if r.method == "editMessageText" and r.status == 200]
    assert len(edits) == len(chats)  # each copy once
    for chat_id in chats:
        first_alert, second_alert = api.messages(chat_id)
        assert "Storm warning lifted" in first_alert.text
        assert "Roads reopen" in second_alert.text
