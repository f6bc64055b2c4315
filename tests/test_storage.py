import asyncio
import contextlib
import time
from pathlib import Path

import pytest

from storage import Storage
from tests.audit import delivery_rows


@pytest.fixture
async def storage(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = await Storage.open(tmp_path / "nested" / "db.sqlite3")
    yield opened
    await opened.close()


async def test_open_creates_directory_and_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "db.sqlite3"
    first = await Storage.open(path)
    await first.articles.publish("Kept", "body", 1)
    version = await first.database.schema_version()
    await first.close()
    second = await Storage.open(path)
    assert await second.database.schema_version() == version >= 1
    assert [h.headline for h in await second.articles.latest(5)] == ["Kept"]
    async with second.database.connection.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"  # type: ignore[index]
    async with second.database.connection.execute("PRAGMA foreign_keys") as cursor:
        assert (await cursor.fetchone())[0] == 1  # type: ignore[index]
    await second.close()


async def test_latest_pages_newest_first_by_cursor(storage: Storage) -> None:
    ids = [(await storage.articles.publish(f"A{n}", "b", 1)).id for n in range(7)]
    first = await storage.articles.latest(3)
    assert [h.id for h in first] == ids[::-1][:3]
    second = await storage.articles.latest(3, before_id=first[-1].id)
    assert [h.id for h in second] == ids[::-1][3:6]
    assert await storage.articles.latest(3, before_id=ids[0]) == []
    assert await storage.articles.latest(3, before_id=999) == []


async def test_concurrent_deliveries_never_lose_an_increment(storage: Storage) -> None:
    article = await storage.articles.publish("Hot", "b", 1)
    results = await asyncio.gather(
        *(storage.articles.record_delivery(article.id, chat, "read") for chat in range(200))
    )
    assert sorted(r.views for r in results if r) == list(range(1, 201))
    assert await delivery_rows(storage, article.id) == 200
    assert await storage.articles.record_delivery(424242, 1, "read") is None


async def test_related_excludes_the_article_itself(storage: Storage) -> None:
    ids = [(await storage.articles.publish(f"A{n}", "b", 1)).id for n in range(5)]
    assert [h.id for h in await storage.articles.related(ids[-1], 3)] == [ids[3], ids[2], ids[1]]


async def test_invalid_rows_are_refused_by_the_schema(storage: Storage) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        await storage.articles.publish("x" * 201, "b", 1)
    assert await storage.articles.latest(5) == []


async def test_queries_behind_latest_and_read_use_indexes(storage: Storage) -> None:
    ids = [(await storage.articles.publish(f"A{n}", "b", 1)).id for n in range(3)]
    # The statements the repository itself runs, as SQLite ran them (parameters inlined).
    executed: list[str] = []
    await storage.database.connection.set_trace_callback(executed.append)
    try:
        await storage.articles.latest(5)
        await storage.articles.latest(5, before_id=ids[-1])
        await storage.articles.get(ids[0])
    finally:
        await storage.database.connection.set_trace_callback(None)
    queries = [sql for sql in executed if sql.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 3 and all("FROM articles" in sql for sql in queries), executed
    plans = {}
    for sql in queries:
        async with storage.database.connection.execute("EXPLAIN QUERY PLAN " + sql) as cursor:
            plans[sql] = " | ".join(str(row[3]) for row in await cursor.fetchall())
    for sql, plan in plans.items():
        assert "SCAN articles" not in plan or "INDEX" in plan, (sql, plan)
        assert "USE TEMP B-TREE" not in plan, (sql, plan)


async def test_chat_language_choice_is_remembered(storage: Storage) -> None:
    assert await storage.chats.language(5) is None
    await storage.chats.set_language(5, "private", None, "ka")
    assert await storage.chats.language(5) == "ka"
    await storage.chats.set_language(5, "private", None, None)
    assert await storage.chats.language(5) is None


async def test_a_transaction_cancelled_midway_leaves_the_connection_usable(
    storage: Storage,
) -> None:
    for steps in range(6):
        task = asyncio.create_task(storage.outbox.claim(10))
        for _ in range(steps):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert await storage.subscriptions.subscribe(100 + steps, "private")
    assert not storage.database.connection.in_transaction


async def test_round_planned_in_chunks_covers_every_behind_chat_once(storage: Storage) -> None:
    for chat_id in range(1, 11):
        await storage.subscriptions.subscribe(chat_id, "private")
    await storage.subscriptions.unsubscribe(5)
    article = await storage.articles.publish("News", "b", 1)
    opened = await storage.outbox.plan_round(chunk=3)
    assert opened is not None
    planned = await storage.outbox.round(opened[0])
    assert planned is not None and planned.planned == 9 and planned.due == 9
    assert await storage.outbox.plan_round(chunk=3) is None  # nobody is behind any more
    alerts = await storage.outbox.claim(100)
    assert sorted(a.chat_id for a in alerts) == [1, 2, 3, 4, 6, 7, 8, 9, 10]
    assert {(a.after_article_id, a.through_article_id) for a in alerts} == {(0, article.id)}


async def test_a_round_cannot_finish_while_it_is_still_being_planned(storage: Storage) -> None:
    from storage import Sent

    for chat_id in (1, 2):
        await storage.subscriptions.subscribe(chat_id, "private")
    article = await storage.articles.publish("News", "b", 1)
    opened = await storage.outbox.open_round()
    assert opened is not None
    round_id, through = opened
    last = await storage.outbox.plan_chunk(round_id, through, None, 1)
    [alert] = await storage.outbox.claim(10)
    await storage.outbox.record([Sent(alert.id, alert.chat_id, 1, (article.id,))])
    stats = await storage.outbox.round(round_id)
    assert stats is not None and stats.finished_at is None  # chat 2 is not planned yet
    assert last == 1
    assert await storage.outbox.close_interrupted_planning() == 1  # as after a crash
    opened = await storage.outbox.plan_round(chunk=100)  # chat 2, left behind, goes next round
    assert opened is not None
    following = await storage.outbox.round(opened[0])
    assert following is not None and following.planned == 1
    [late] = await storage.outbox.claim(10)
    assert late.chat_id == 2
    await storage.outbox.record([Sent(late.id, late.chat_id, 2, (article.id,))])
    first = await storage.outbox.round(round_id)
    assert first is not None and first.finished_at is not None and first.delivered == 1


async def test_pruning_forgets_old_rounds_but_never_lets_a_headline_repeat(
    storage: Storage,
) -> None:
    from storage import Sent

    for chat_id in range(1, 8):
        await storage.subscriptions.subscribe(chat_id, "private")
    article = await storage.articles.publish("Old news", "b", 1)
    await storage.outbox.plan_round(chunk=100)
    alerts = await storage.outbox.claim(100)
    await storage.outbox.record([Sent(a.id, a.chat_id, 1, (article.id,)) for a in alerts])
    assert await storage.outbox.prune(finished_before=0) == 0  # nothing that old
    assert await storage.outbox.prune(finished_before=time.time() + 1, chunk=3) == 7
    assert await storage.outbox.recent_rounds() == []
    assert await storage.outbox.plan_round(chunk=100) is None  # the cursors still know
    stored = await storage.articles.get(article.id)
    assert stored is not None and stored.views == 7


async def test_views_are_the_delivery_rows_even_when_an_alert_is_recorded_twice(
    storage: Storage,
) -> None:
    from storage import Sent

    for chat_id in (1, 2):
        await storage.subscriptions.subscribe(chat_id, "private")
    article = await storage.articles.publish("News", "b", 1)
    await storage.outbox.plan_round(chunk=100)
    alerts = await storage.outbox.claim(10)
    outcomes = [Sent(a.id, a.chat_id, 1, (article.id,)) for a in alerts]
    await storage.outbox.record(outcomes)
    await storage.outbox.record(outcomes[:1])  # the same delivery again: no second view
    read = await storage.articles.record_delivery(article.id, 1, "read")
    assert read is not None and read.views == 3  # two alerts and one read
    assert await delivery_rows(storage, article.id) == 3


async def _alerts_by_chat(storage: Storage) -> dict[int, str]:
    async with storage.database.connection.execute(
        "SELECT chat_id, state FROM outbox ORDER BY id"
    ) as cursor:
        return {int(row[0]): str(row[1]) for row in await cursor.fetchall()}


async def test_migrating_onto_a_chat_subscribed_too_leaves_it_one_alert_per_headline(
    storage: Storage,
) -> None:
    from storage import Sent

    old, new = -300, -1001234567890
    await storage.subscriptions.subscribe(old, "group")
    await storage.subscriptions.subscribe(new, "supergroup")
    article = await storage.articles.publish("Once", "b", 1)
    await storage.outbox.plan_round(chunk=100)
    assert await _alerts_by_chat(storage) == {new: "due", old: "due"}
    # Both are in hand (claimed), and the old id's send meets the migration.
    [old_alert] = [a for a in await storage.outbox.claim(10) if a.chat_id == old]
    superseded = await storage.subscriptions.migrate(old, new)
    # The new chat has its own alert of the same headlines: the old one's is not to be sent.
    assert superseded == {old_alert.id}
    assert await _alerts_by_chat(storage) == {new: "claimed", old: "failed"}
    # A second migration error for the old id (another alert of it in flight) changes nothing.
    assert await storage.subscriptions.migrate(old, new) == set()
    moved = await storage.subscriptions.get(new)
    assert moved is not None and moved.active and moved.cursor_article_id == article.id
    gone = await storage.subscriptions.get(old)
    assert gone is not None and not gone.active

    await storage.outbox.release_claims()
    [alert] = await storage.outbox.claim(10)  # only the new chat's alert is left to send
    assert alert.chat_id == new
    await storage.outbox.record([Sent(alert.id, new, 1, (article.id,))])
    stored = await storage.articles.get(article.id)
    assert stored is not None and stored.views == 1 == await delivery_rows(storage, article.id)
    [stats] = await storage.outbox.recent_rounds(1)
    assert (stats.delivered, stats.failed, stats.due) == (1, 1, 0)


async def test_migration_moves_the_alert_in_hand_and_the_due_ones_to_the_new_chat(
    storage: Storage,
) -> None:
    old, new = -300, -1001234567890
    await storage.subscriptions.subscribe(old, "group")
    await storage.articles.publish("First", "b", 1)
    await storage.outbox.plan_round(chunk=100)
    [in_hand] = await storage.outbox.claim(10)
    await storage.articles.publish("Second", "b", 1)
    await storage.outbox.plan_round(chunk=100)
    assert await storage.subscriptions.migrate(old, new) == set()
    async with storage.database.connection.execute(
        "SELECT id, chat_id, chat_kind, state FROM outbox ORDER BY id"
    ) as cursor:
        rows = [tuple(row) for row in await cursor.fetchall()]
    assert [row[1:] for row in rows] == [
        (new, "supergroup", "claimed"),
        (new, "supergroup", "due"),
    ]
    assert rows[0][0] == in_hand.id
    # Stopped before its outcome: the alert in hand goes to the new chat after the restart.
    await storage.outbox.release_claims()
    assert {a.chat_id for a in await storage.outbox.claim(10)} == {new}
