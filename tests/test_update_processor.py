"""The update processor: one chat's updates in order, different chats at once, bounded, no leak.

Updates are fed the way PTB's Application feeds them: one task per update, created in arrival
order, each calling `process_update`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import random
from collections.abc import Awaitable, Callable, Iterable

import pytest
from telegram import (
    CallbackQuery,
    Chat,
    ChatMember,
    ChatMemberUpdated,
    InlineQuery,
    Message,
    Poll,
    Update,
    User,
)

from bot.telegram.update_processor import ChatOrderedUpdateProcessor, ordering_key

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# A liveness bound for each test, not a speed claim.
TIMEOUT = 10.0


def user(user_id: int) -> User:
    return User(user_id, f"User {user_id}", is_bot=False)


def private_chat(user_id: int) -> Chat:
    return Chat(user_id, Chat.PRIVATE)


def group(chat_id: int) -> Chat:
    return Chat(chat_id, Chat.SUPERGROUP)


def message(update_id: int, chat: Chat, sender: int | None = None) -> Update:
    sender_id = chat.id if sender is None else sender
    return Update(
        update_id,
        message=Message(update_id, NOW, chat, from_user=user(sender_id), text=f"#{update_id}"),
    )


async def feed(
    processor: ChatOrderedUpdateProcessor,
    updates: Iterable[Update],
    handle: Callable[[Update], Awaitable[None]],
) -> None:
    """As PTB's Application does: a task per update in arrival order; wait for all of them."""
    async with asyncio.timeout(TIMEOUT):
        tasks = [
            asyncio.create_task(processor.process_update(update, handle(update)))
            for update in updates
        ]
        await asyncio.gather(*tasks)


async def test_one_chats_updates_run_one_at_a_time_in_arrival_order() -> None:
    processor = ChatOrderedUpdateProcessor(running=16)
    rng = random.Random(8)
    chats = [private_chat(100 + n) for n in range(4)]
    updates = [message(number, rng.choice(chats)) for number in range(120)]
    log: list[tuple[str, int, int]] = []  # (start|end, chat, update id)

    async def handle(update: Update) -> None:
        chat_id = update.effective_chat.id  # type: ignore[union-attr]
        log.append(("start", chat_id, update.update_id))
        await asyncio.sleep(rng.uniform(0, 0.004))  # later updates often finish sooner
        log.append(("end", chat_id, update.update_id))

    await feed(processor, updates, handle)
    for chat in chats:
        events = [(kind, number) for kind, chat_id, number in log if chat_id == chat.id]
        sent = [u.update_id for u in updates if u.effective_chat == chat]
        # start 1, end 1, start 2, end 2...: in order, and never two at once.
        assert events == [(kind, n) for n in sent for kind in ("start", "end")]
    assert _most_running_at_once(log) > 1  # and the chats did run side by side


def _most_running_at_once(log: list[tuple[str, int, int]]) -> int:
    running: set[int] = set()
    most = 0
    for kind, _, number in log:
        if kind == "start":
            running.add(number)
            most = max(most, len(running))
        else:
            running.discard(number)
    return most


async def test_different_chats_run_at_the_same_time() -> None:
    processor = ChatOrderedUpdateProcessor(running=16)
    chats = 10
    all_in = asyncio.Event()
    inside = 0

    async def handle(update: Update) -> None:
        nonlocal inside
        inside += 1
        if inside == chats:
            all_in.set()
        await all_in.wait()  # finishes only if every chat's update is running at once

    await feed(processor, [message(n, private_chat(200 + n)) for n in range(chats)], handle)
    assert all_in.is_set()


async def test_no_more_than_the_bound_run_at_once() -> None:
    processor = ChatOrderedUpdateProcessor(running=4)
    inside = peak = 0

    async def handle(update: Update) -> None:
        nonlocal inside, peak
        inside += 1
        peak = max(peak, inside)
        await asyncio.sleep(0.002)
        inside -= 1

    await feed(processor, [message(n, private_chat(300 + n)) for n in range(40)], handle)
    assert peak == 4


async def test_one_chats_backlog_leaves_room_for_other_chats() -> None:
    processor = ChatOrderedUpdateProcessor(running=2)
    busy, quiet = private_chat(401), private_chat(402)
    gate = asyncio.Event()
    quiet_done = asyncio.Event()

    async def handle(update: Update) -> None:
        if update.effective_chat == busy:
            await gate.wait()  # the busy chat's first update hangs until the quiet one is done
        else:
            quiet_done.set()

    backlog = [message(n, busy) for n in range(10)]
    tasks = [
        asyncio.create_task(processor.process_update(u, handle(u)))
        for u in [*backlog, message(99, quiet)]
    ]
    async with asyncio.timeout(TIMEOUT):
        await quiet_done.wait()  # 9 updates wait for the busy chat; none takes a running slot
        gate.set()
        await asyncio.gather(*tasks)


async def test_idle_chats_are_forgotten() -> None:
    processor = ChatOrderedUpdateProcessor(running=8)
    seen_in_use: list[int] = []

    async def handle(update: Update) -> None:
        seen_in_use.append(processor.keys_in_use)
        await asyncio.sleep(0)

    updates = [message(n, private_chat(500 + n % 50)) for n in range(500)]
    await feed(processor, updates, handle)
    assert max(seen_in_use) > 1  # keys were tracked while their updates ran or waited
    assert processor.keys_in_use == 0


async def test_an_update_cancelled_while_waiting_never_runs_and_leaves_nothing_behind() -> None:
    processor = ChatOrderedUpdateProcessor(running=1)
    chat = private_chat(600)
    gate = asyncio.Event()
    ran: list[int] = []

    async def handle(update: Update) -> None:
        ran.append(update.update_id)
        await gate.wait()

    first, second = message(1, chat), message(2, chat)
    waiting_coroutine = handle(second)
    running = asyncio.create_task(processor.process_update(first, handle(first)))
    waiting = asyncio.create_task(processor.process_update(second, waiting_coroutine))
    await asyncio.sleep(0.01)
    waiting.cancel()
    gate.set()
    async with asyncio.timeout(TIMEOUT):
        await running
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert ran == [1]
    # Closed: no "never awaited" warning later.
    assert inspect.getcoroutinestate(waiting_coroutine) == inspect.CORO_CLOSED
    assert processor.keys_in_use == 0


def test_keys_follow_conversations() -> None:
    ann, bob = 701, 702
    a_group = group(-100777)
    in_private = ordering_key(message(1, private_chat(ann)))
    inline = ordering_key(Update(2, inline_query=InlineQuery("q", user(ann), "news", "")))
    ann_in_group = ordering_key(message(3, a_group, sender=ann))
    bob_in_group = ordering_key(message(4, a_group, sender=bob))
    ann_presses = ordering_key(
        Update(
            5,
            callback_query=CallbackQuery(
                "c", user(ann), "i", message=Message(9, NOW, a_group), data="r:1"
            ),
        )
    )
    member = ChatMember(user(999), ChatMember.MEMBER)
    removed = ordering_key(
        Update(
            6,
            my_chat_member=ChatMemberUpdated(
                a_group, user(ann), NOW, member, ChatMember(user(999), ChatMember.LEFT)
            ),
        )
    )
    channel = Chat(-100888, Chat.CHANNEL)
    post = ordering_key(Update(7, channel_post=Message(10, NOW, channel, text="x")))
    question = Poll(
        "p",
        "?",
        [],
        0,
        False,
        False,
        Poll.REGULAR,
        False,
        allows_revoting=False,
        members_only=False,
    )
    poll = ordering_key(Update(8, poll=question))

    assert inline == in_private  # one user, one line, in or outside the chat
    assert ann_in_group == ann_presses  # a member's messages and presses in one group
    assert len({in_private, ann_in_group, bob_in_group, removed}) == 4
    assert post != removed and poll not in {post, removed, in_private}
    assert ordering_key(message(11, private_chat(ann))) == in_private  # stable per chat
