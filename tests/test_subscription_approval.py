"""CHANNELS_NEED_APPROVAL in storage and rules: a waiting chat is never planned, approval starts
it from the newest article, and only a waiting chat can be approved or rejected."""

from pathlib import Path

import pytest
from telegram import Chat

from bot.news.subscriptions import REASON_REJECTED, needs_approval
from storage import Storage

CHANNEL = -1001


@pytest.fixture
async def storage(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


def test_only_chats_added_by_non_editors_wait_and_only_when_the_setting_asks() -> None:
    for kind in (Chat.CHANNEL, Chat.GROUP, Chat.SUPERGROUP):
        assert needs_approval(kind, approval_required=True, by_editor=False)
        assert not needs_approval(kind, approval_required=True, by_editor=True)
        assert not needs_approval(kind, approval_required=False, by_editor=False)
    assert not needs_approval(Chat.PRIVATE, approval_required=True, by_editor=False)


async def test_a_waiting_chat_is_never_planned_and_approval_starts_it_after_the_newest(
    storage: Storage,
) -> None:
    subscriptions = storage.subscriptions
    await subscriptions.subscribe(1, "private")
    assert await subscriptions.hold(
        CHANNEL, "channel", title="Wire", subscribed_by=7, subscribed_by_name="Olga"
    )
    assert not await subscriptions.hold(CHANNEL, "channel", subscribed_by=8)  # waits already
    waiting = await subscriptions.get(CHANNEL)
    assert waiting is not None and waiting.pending and not waiting.active
    assert (waiting.subscribed_by, waiting.subscribed_by_name) == (7, "Olga")
    assert [s.chat_id for s in await subscriptions.list()] == [CHANNEL]

    await storage.articles.publish("While it waits", "b", 1)
    opened = await storage.outbox.plan_round(chunk=100)
    assert opened is not None
    assert [a.chat_id for a in await storage.outbox.claim(10)] == [1]

    assert await subscriptions.approve(CHANNEL)
    assert not await subscriptions.approve(CHANNEL) and not await subscriptions.reject(CHANNEL, "x")
    approved = await subscriptions.get(CHANNEL)
    assert approved is not None and approved.active and not approved.pending
    assert await storage.outbox.plan_round(chunk=100) is None  # nothing new since the approval
    assert not await subscriptions.hold(CHANNEL, "channel")  # active chats never wait again


async def test_rejected_or_removed_waiting_chats_can_no_longer_be_approved(
    storage: Storage,
) -> None:
    subscriptions = storage.subscriptions
    await subscriptions.hold(CHANNEL, "channel")
    assert await subscriptions.reject(CHANNEL, REASON_REJECTED)
    assert not await subscriptions.approve(CHANNEL)
    rejected = await subscriptions.get(CHANNEL)
    assert rejected is not None and rejected.inactive_reason == REASON_REJECTED

    assert await subscriptions.hold(CHANNEL, "channel")  # promoted again: asks again
    assert await subscriptions.deactivate(CHANNEL, "bot removed")
    assert not await subscriptions.approve(CHANNEL)
    removed = await subscriptions.get(CHANNEL)
    assert removed is not None and removed.inactive_reason == "bot removed"
