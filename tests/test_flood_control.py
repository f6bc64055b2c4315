"""Flood control on a virtual clock: spacing, replies first, 429s waited out, per-chat gaps."""

import asyncio
import heapq
import itertools

import pytest
from telegram.error import RetryAfter

from bot.limits import GROUP_CHAT_INTERVAL, HEADROOM, MAX_FLOOD_WAITS, PRIVATE_CHAT_INTERVAL
from bot.telegram.flood_control import Pacer


class VirtualTime:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


@pytest.fixture
def time_() -> VirtualTime:
    return VirtualTime()


async def send_times(pacer: Pacer, time_: VirtualTime, chats: list[tuple[int, str]]) -> list[float]:
    times = []
    for chat_id, kind in chats:
        await pacer.wait_for_slot(chat_id, kind)
        times.append(time_.now)
    return times


async def test_broadcast_slots_are_evenly_spaced_just_under_the_rate(time_: VirtualTime) -> None:
    pacer = Pacer(30, clock=time_.clock, sleep=time_.sleep)
    times = await send_times(pacer, time_, [(n, "private") for n in range(91)])
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) == pytest.approx(1 / (30 * HEADROOM))
    window = [t for t in times if t < times[0] + 1.0]
    assert len(window) <= 30
    assert 90 / (times[-1] - times[0]) == pytest.approx(30 * HEADROOM)


async def test_a_reply_takes_a_slot_and_pushes_the_broadcast_back(time_: VirtualTime) -> None:
    pacer = Pacer(10, clock=time_.clock, sleep=time_.sleep)
    await pacer.wait_for_slot(1, "private")
    pacer.note_reply()
    pacer.note_reply()
    await pacer.wait_for_slot(2, "private")
    assert time_.now == pytest.approx(3 / (10 * HEADROOM))


async def test_pause_holds_every_broadcast_until_it_ends(time_: VirtualTime) -> None:
    pacer = Pacer(100, clock=time_.clock, sleep=time_.sleep)
    await pacer.wait_for_slot(1, "private")
    pacer.pause(5)
    await pacer.wait_for_slot(2, "private")
    assert time_.now >= 5


async def test_same_chat_waits_its_own_interval_by_kind(time_: VirtualTime) -> None:
    pacer = Pacer(1000, clock=time_.clock, sleep=time_.sleep)
    private = await send_times(pacer, time_, [(1, "private"), (1, "private")])
    assert private[1] - private[0] >= PRIVATE_CHAT_INTERVAL
    start = time_.now
    group = await send_times(pacer, time_, [(-5, "group"), (-5, "group"), (-6, "channel")])
    assert group[1] - group[0] >= GROUP_CHAT_INTERVAL == 3.0
    assert group[2] - start < GROUP_CHAT_INTERVAL * 2  # another chat is not held back by -5


async def test_a_late_wake_up_cannot_let_later_sends_crowd_one_second() -> None:
    """Many workers wait for slots; one wakes 0.3 s late (an event-loop stall)."""
    now = 0.0
    sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
    calls = 0

    async def sleep(seconds: float) -> None:
        nonlocal calls
        calls += 1
        late = 0.3 if calls == 2 else 0.0
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(sleepers, (now + max(seconds, 0.0) + late, calls, future))
        await future

    pacer = Pacer(10, clock=lambda: now, sleep=sleep)
    sent: list[float] = []

    async def worker(chat_id: int) -> None:
        await pacer.wait_for_slot(chat_id, "private")
        sent.append(now)

    tasks = [asyncio.create_task(worker(n)) for n in range(40)]
    for _ in range(10_000):
        await asyncio.sleep(0)
        if all(task.done() for task in tasks):
            break
        if sleepers:
            now, _, future = heapq.heappop(sleepers)
            future.set_result(None)
    assert len(sent) == 40
    for index, start in enumerate(sorted(sent)):
        inside = [t for t in sorted(sent)[index:] if t < start + 1.0]
        assert len(inside) <= 10, (start, inside)


async def test_replies_count_in_the_window_too(time_: VirtualTime) -> None:
    pacer = Pacer(5, clock=time_.clock, sleep=time_.sleep)
    for _ in range(5):
        pacer.note_reply()
    await pacer.wait_for_slot(1, "private")
    assert time_.now >= 1.0


def _flood(seconds: int) -> RetryAfter:
    return RetryAfter(seconds)


async def test_a_429_pauses_every_send_and_the_same_request_is_made_again(
    time_: VirtualTime,
) -> None:
    pacer = Pacer(30, clock=time_.clock, sleep=time_.sleep)
    answers: list[object] = [_flood(4), "sent"]
    made_at: list[float] = []

    async def request() -> str:
        made_at.append(time_.now)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return str(answer)

    assert await pacer.call(request, before=pacer.wait_while_paused) == "sent"
    assert made_at[1] - made_at[0] >= 4
    # Everything else holds as well: a broadcast slot and a reply both wait for the pause.
    pacer.pause(2)
    start = time_.now
    await pacer.wait_for_slot(7, "private")
    assert time_.now - start >= 2
    pacer.pause(2)
    start = time_.now
    await pacer.wait_while_paused()
    assert time_.now - start >= 2


async def test_flood_waits_are_bounded_and_the_last_429_reaches_the_caller(
    time_: VirtualTime,
) -> None:
    pacer = Pacer(30, clock=time_.clock, sleep=time_.sleep)
    attempts = 0

    async def always_flooded() -> None:
        nonlocal attempts
        attempts += 1
        raise _flood(1)

    with pytest.raises(RetryAfter):
        await pacer.call(always_flooded, before=pacer.wait_while_paused)
    assert attempts == MAX_FLOOD_WAITS
