"""Tracked messages and the update work planned for them (storage and `propagate`)."""

import time
from pathlib import Path

import pytest

from bot.delivery.propagation import count_copies, propagate
from storage import NewMessage, Storage, WorkDone, WorkFailed, WorkRetry


@pytest.fixture
async def storage(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


def read_part(chat_id: int, message_id: int, article_id: int, part: int, head: int) -> NewMessage:
    return NewMessage(
        chat_id, message_id, "private", "read", (article_id,), "en", part=part,
        head_message_id=head,
    )  # fmt: skip


def alert(chat_id: int, message_id: int, article_ids: tuple[int, ...]) -> NewMessage:
    return NewMessage(
        chat_id, message_id, "channel", "alert", article_ids, "ka",
        after_article_id=min(article_ids) - 1, through_article_id=max(article_ids),
    )  # fmt: skip


async def test_count_showing_counts_live_messages_and_their_chats(storage: Storage) -> None:
    await storage.messages.track(
        [read_part(1, 10, 7, 0, 10), read_part(1, 11, 7, 1, 10), alert(2, 5, (6, 7, 8))]
    )
    await storage.messages.track([alert(3, 5, (8,)), read_part(1, 10, 7, 0, 10)])  # repeat
    assert await count_copies(storage, 7) == (3, 2)
    assert await storage.messages.count_showing(8) == (2, 2)
    assert await storage.messages.count_showing(99) == (0, 0)


async def test_propagate_plans_one_update_per_message_once(storage: Storage) -> None:
    await storage.messages.track([read_part(1, 10, 7, 0, 10), alert(2, 5, (6, 7))])
    assert await propagate(storage, 7) == 2
    assert await propagate(storage, 7) == 0  # both still waiting: nothing twice
    assert await storage.messages.work_states(7) == {"due": 2}
    claimed = await storage.messages.claim_work(10)
    assert sorted(work.message.kind for work in claimed) == ["alert", "read"]
    # While an update is in flight a new one may wait, but is not claimed beside it.
    assert await propagate(storage, 6) == 1
    assert await storage.messages.claim_work(10) == []
    await storage.messages.record_work([WorkDone(w.id, w.message.id, "edited") for w in claimed])
    assert [w.article_id for w in await storage.messages.claim_work(10)] == [6]


async def test_failed_gone_messages_are_never_planned_again(storage: Storage) -> None:
    await storage.messages.track([read_part(1, 10, 7, 0, 10), read_part(2, 3, 7, 0, 3)])
    await propagate(storage, 7)
    first, second = await storage.messages.claim_work(10)
    await storage.messages.record_work(
        [
            WorkFailed(first.id, first.message.id, "message to edit not found", gone=True),
            WorkDone(second.id, second.message.id, "deleted", state="deleted"),
        ]
    )
    assert await storage.messages.count_showing(7) == (0, 0)
    assert await propagate(storage, 7) == 0


async def test_a_crash_releases_claims_and_a_retry_yields_to_a_newer_update(
    storage: Storage,
) -> None:
    await storage.messages.track([read_part(1, 10, 7, 0, 10), read_part(2, 3, 7, 0, 3)])
    await propagate(storage, 7)
    first, _second = await storage.messages.claim_work(10)
    await propagate(storage, 7)  # a second correction while both are in flight
    await storage.messages.record_work([WorkRetry(first.id, time.time(), "timed out")])
    assert await storage.messages.release_claims() == 0  # the due ones cover both
    assert await storage.messages.work_states(7) == {"due": 2, "done": 2}
    assert len(await storage.messages.claim_work(10)) == 2
    assert await storage.messages.release_claims() == 2


async def test_prune_forgets_old_messages_but_not_pending_work(storage: Storage) -> None:
    old = time.time() - 100
    await storage.messages.track(
        [
            NewMessage(1, 1, "private", "read", (7,), "en", sent_at=old),
            NewMessage(2, 1, "private", "read", (7,), "en", sent_at=old),
            NewMessage(3, 1, "private", "read", (7,), "en"),
        ]
    )
    assert await propagate(storage, 8) == 0  # nothing shows article 8
    await propagate(storage, 7)
    done = [w for w in await storage.messages.claim_work(10) if w.chat_id != 2]
    await storage.messages.record_work([WorkDone(w.id, w.message.id, "edited") for w in done])
    assert await storage.messages.prune(time.time() - 50) == 1  # chat 2's update is in flight
    assert await storage.messages.count_showing(7) == (2, 2)
