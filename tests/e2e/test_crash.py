"""SIGKILL mid-round, then restart: no alert lost, only in-flight ones repeated."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from local_bot_api import LocalBotApi
from storage import Storage
from tests.audit import delivery_rows
from tests.e2e.harness import (
    EDITOR_ID,
    alert_counts,
    eventually,
    kill_bot_process,
    marker_round,
    outbox_states,
    start_bot_process,
    stop_bot_process,
)

CHATS = range(10_000, 10_400)
SETTINGS = {"PUSH_INTERVAL": "0.5", "RATE_LIMIT": "100", "DELIVERY_WORKERS": "16"}


def delivered(api: LocalBotApi, until: int) -> Counter[int]:
    """Alerts each chat got from sendMessage calls among the first `until` server requests."""
    return Counter(
        r.chat_id
        for r in api.requests[:until]
        if r.method == "sendMessage" and r.status == 200 and r.chat_id in CHATS
    )


async def first_get_me(api: LocalBotApi, since: int) -> int:
    """Index in the server's request log of the restarted bot's first call (getMe).

    The restarted bot sends nothing before it; and whatever the killed bot had sent was already
    in the server's hands while the new process was still importing, so it is logged before.
    """

    def find() -> int | None:
        requests = api.requests
        return next((i for i in range(since, len(requests)) if requests[i].method == "getMe"), None)

    await eventually(lambda: find() is not None, "the restarted bot's getMe", timeout=30)
    index = find()
    assert index is not None
    return index


async def test_sigkill_mid_round_then_restart_loses_nothing_and_repeats_only_in_flight(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    for chat_id in CHATS:
        api.add_private_chat(chat_id, first_name="Reader")
    storage = await Storage.open(database)
    for chat_id in CHATS:
        await storage.subscriptions.subscribe(chat_id, "private")
    article = await storage.articles.publish("Breaking", "Body.", EDITOR_ID)
    await storage.close()

    process = await start_bot_process(api, database, tmp_path, **SETTINGS)
    try:
        await eventually(
            lambda: len(alert_counts(api, "Breaking", CHATS)) >= 120,
            "120 chats alerted before the kill",
            timeout=30,
        )
    finally:
        await kill_bot_process(process)
    # What the database says at the moment of the kill: 'sent' alerts are recorded as
    # delivered; 'claimed' ones were taken by the engine, queued or being sent, not recorded;
    # 'due' ones untouched.
    states = outbox_states(database)
    claimed = {chat_id for chat_id, state in states.items() if state == "claimed"}
    recorded = {chat_id for chat_id, state in states.items() if state == "sent"}
    # Premise: 400 chats are one planning chunk, so the round was planned whole before sending.
    assert set(states) == set(CHATS), "the whole round was planned before the kill"
    assert set(states.values()) <= {"due", "claimed", "sent"}, Counter(states.values())

    restart = len(api.requests)
    process = await start_bot_process(api, database, tmp_path, **SETTINGS)
    try:
        before_kill = delivered(api, await first_get_me(api, restart))
        assert 0 < sum(before_kill.values()) < len(CHATS), "the kill must land mid-round"
        assert max(before_kill.values()) == 1
        assert recorded <= set(before_kill), "recorded as sent, yet never sent"
        assert set(before_kill) <= claimed | recorded, "sent, yet not claimed"
        # In flight for real: sent to Telegram, not yet recorded. Only these may repeat.
        unrecorded = claimed & set(before_kill)
        await eventually(
            lambda: len(alert_counts(api, "Breaking", CHATS)) == len(CHATS),
            "every chat alerted after the restart",
            timeout=60,
        )
        marker_id = await marker_round(api, database, CHATS)
    finally:
        await stop_bot_process(process)

    counts = alert_counts(api, "Breaking", CHATS)
    lost = [chat_id for chat_id in CHATS if counts[chat_id] == 0]
    repeated = {chat_id: count for chat_id, count in counts.items() if count > 1}
    repeats = sum(count - 1 for count in counts.values())
    print(
        f"delivered before kill {sum(before_kill.values())}, claimed at the kill {len(claimed)}"
        f" of which sent but unrecorded {len(unrecorded)}, repeats {repeats}"
    )
    assert lost == []
    # Claimed alerts go back to due at the restart and are sent again: a chat repeats only if
    # its alert had reached Telegram before the kill without being recorded, and only once.
    assert set(repeated) <= unrecorded, sorted(set(repeated) - unrecorded)
    assert max(counts.values()) <= 2, repeated
    assert repeats <= len(unrecorded), (repeats, len(unrecorded))
    # The marker's round found every cursor moved on: it announced the marker alone, once.
    assert alert_counts(api, "Marker", CHATS) == Counter({chat_id: 1 for chat_id in CHATS})
    assert not [m for m in api.sent if "Marker" in m.text and "Breaking" in m.text]
    storage = await Storage.open(database)
    try:
        for counted in (article.id, marker_id):
            stored = await storage.articles.get(counted)
            assert stored is not None and stored.views == len(CHATS)  # each chat counted once
            assert await delivery_rows(storage, counted) == len(CHATS)
        rounds = await storage.outbox.recent_rounds(5)
        assert [(r.delivered, r.failed, r.due) for r in rounds] == [(len(CHATS), 0, 0)] * 2
    finally:
        await storage.close()
