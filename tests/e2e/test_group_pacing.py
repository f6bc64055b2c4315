"""Replies into a group keep the group's pace, so a busy group cannot stall the bot.

Telegram lets a group have about 20 messages a minute, after a short burst; past that it answers
429 with a `retry_after` of up to a minute. Replies into a group wait for the group's pace
(shared with the broadcast) without holding anyone else back, and a 429 from a group pauses
only that group.
"""

from __future__ import annotations

from pathlib import Path

from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    eventually,
    make_settings,
    publish,
    running_bot,
    storage_of,
)

GROUP = -100_5151
MEMBERS = range(5001, 5006)  # five members: with the group's alert, twice Telegram's burst
SUBSCRIBERS = range(70_000, 70_020)


async def test_group_members_asking_at_once_during_a_round_provoke_no_429_and_stall_no_one(
    api: LocalBotApi, database: Path
) -> None:
    api.add_private_chats(SUBSCRIBERS[0], len(SUBSCRIBERS))
    api.add_group(GROUP, title="Readers club", supergroup=True, members=list(MEMBERS))
    # Telegram's rules (3 per chat in 3 s, 20 a minute per group), scaled to 5 sends a second.
    api.flood_limits(enabled=True, global_per_second=5)
    settings = make_settings(api, database, push_interval=0.3, rate_limit=5)
    async with running_bot(settings) as app:
        storage = storage_of(app)
        for chat_id in SUBSCRIBERS:
            await storage.subscriptions.subscribe(chat_id, "private")
        await storage.subscriptions.subscribe(GROUP, "supergroup")
        await publish(app, "Breaking")  # a round to 21 chats begins
        for member in MEMBERS:
            api.send_command(GROUP, "/latest", from_user=member)
        # A private reader asking meanwhile does not queue behind the group's replies.
        api.send_command(READER_ID, "/latest")
        # Every member answered and the group alerted: six messages, about 11 s at its pace.
        await api.wait_for_messages(GROUP, 1 + len(MEMBERS), timeout=3 * TIMEOUT)
        await api.wait_for_messages(READER_ID, 1, timeout=TIMEOUT)

        def alerted() -> set[int]:
            return {m.chat_id for m in api.sent if "Breaking" in m.text}

        await eventually(lambda: alerted() >= {*SUBSCRIBERS, GROUP}, "every chat alerted")
    assert [e for e in api.errors if e.status == 429] == []  # not one, for any chat
    sends = [r for r in api.requests if r.method == "sendMessage"]
    assert [r.status for r in sends] == [200] * len(sends)  # and nothing sent twice
    assert len([r for r in sends if r.chat_id == GROUP]) == 1 + len(MEMBERS)
    # The group's last replies waited for its pace; nobody else waited for them.
    last_into_group = max(n for n, r in enumerate(sends) if r.chat_id == GROUP)
    others = [n for n, r in enumerate(sends) if r.chat_id in {*SUBSCRIBERS, READER_ID}]
    assert len(others) == len(SUBSCRIBERS) + 1
    assert max(others) < last_into_group
