"""Notifications in storage (migration 0017): the planner copies each subscription's choice into
its alerts' disable_notification in the same INSERT ... SELECT: digests NULL with sound (as
before there was a choice) and 1 otherwise; breaking news 0 unless silent for everything. A
choice outside the three is refused by the schema."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.views.callbacks import HERE, ChooseNotifications, TargetChat
from bot.views.i18n import Translator
from bot.views.keyboards import settings_keyboard
from storage import NOTIFICATIONS, Storage, Subscription

EDITOR = 1
CHATS = dict(zip(range(1, 4), NOTIFICATIONS, strict=True))  # chat id: its choice


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    for chat_id, choice in CHATS.items():
        await opened.subscriptions.subscribe(chat_id, "private")
        assert await opened.subscriptions.set_notifications(chat_id, 0, choice)
    yield opened
    await opened.close()


async def silences(storage: Storage, kind: str) -> dict[int, int | None]:
    """chat: disable_notification of its alert of `kind`."""
    async with storage.database.connection.execute(
        "SELECT chat_id, disable_notification FROM outbox WHERE kind = ?", (kind,)
    ) as cursor:
        return {int(row[0]): row[1] for row in await cursor.fetchall()}


async def test_each_chats_choice_lands_in_its_alerts(storage: Storage) -> None:
    assert NOTIFICATIONS == ("sound", "silent_digests", "silent")
    await storage.articles.publish("Budget passed", "Body.", EDITOR)
    assert await storage.outbox.plan_round(2) is not None
    assert await silences(storage, "digest") == {1: None, 2: 1, 3: 1}
    await storage.articles.publish("Quake", "Body.", EDITOR, breaking=True)
    assert await storage.outbox.plan_breaking(2)
    assert await silences(storage, "breaking") == {1: 0, 2: 0, 3: 1}
    claimed = {
        (a.chat_id, a.breaking): a.disable_notification for a in await storage.outbox.claim(10)
    }
    assert claimed[(1, False)] is None and claimed[(2, False)] is True
    assert claimed[(2, True)] is False and claimed[(3, True)] is True


async def test_the_choice_is_kept_per_topic_and_checked(storage: Storage) -> None:
    subscription = await storage.subscriptions.get(2)
    assert subscription is not None and subscription.notifications == "silent_digests"
    assert not await storage.subscriptions.set_notifications(2, 7, "silent")  # no such topic
    with pytest.raises(sqlite3.IntegrityError):
        await storage.subscriptions.set_notifications(1, 0, "loud")  # type: ignore[arg-type]


def test_settings_mark_the_current_choice_once_subscribed() -> None:
    translator = Translator()

    def labels(subscribed: bool, language: str = "en") -> list[tuple[str, object]]:
        chosen = Subscription(5, "private", None, None, "en", True, 0, 0, None, None)
        chosen = dataclasses.replace(chosen, notifications="silent_digests")
        keyboard = settings_keyboard(
            translator, language, subscription=chosen if subscribed else None
        )
        return [(b.text, b.callback_data) for row in keyboard.inline_keyboard for b in row]

    assert labels(False) == [("🔔 Subscribe", "sub:on")]
    assert labels(True)[1:4] == [
        ("With sound", "nt:0:sound"),
        ("✓ Silent digests", "nt:0:silent_digests"),
        ("Silent", "nt:0:silent"),
    ]
    assert [text for text, _ in labels(True, "ka")[1:4]] == ["ხმით", "✓ ჩუმი დაიჯესტები", "ჩუმად"]
    assert ChooseNotifications.parse("nt:0:silent") == ChooseNotifications(HERE, "silent")
    assert ChooseNotifications.parse("nt:-100:silent") == ChooseNotifications(
        TargetChat(-100), "silent"
    )
    assert ChooseNotifications.parse("nt:0:loud") is None
    assert ChooseNotifications.parse("nt:x:silent") is None
