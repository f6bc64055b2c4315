"""Flood control on a virtual clock: spacing, replies first, 429s waited out, per-chat gaps."""

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable

import pytest
from telegram.error import RetryAfter

from bot.limits import (
    GROUP_CHAT_BURST,
    GROUP_CHAT_INTERVAL,
    HEADROOM,
    MAX_FLOOD_WAITS,
    PRIVATE_CHAT_INTERVAL,
    WINDOW_MARGIN,
)
from bot.telegram.flood_control import Pacer, PacingRateLimiter


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
    await pacer.wait_for_reply_slot()
    await pacer.wait_for_reply_slot()
    assert time_.now == 0.0  # below the limit a reply goes at once
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
    group = await send_times(pacer, time_, [(-5, "group")] * (GROUP_CHAT_BURST + 2))
    # A group takes a short burst (at the overall rate), then keeps its interval.
    assert group[GROUP_CHAT_BURST - 1] - start < 0.01
    assert group[GROUP_CHAT_BURST] - group[0] >= GROUP_CHAT_INTERVAL
    for earlier, later in itertools.pairwise(group[GROUP_CHAT_BURST:]):
        assert later - earlier >= GROUP_CHAT_INTERVAL
    [other] = await send_times(pacer, time_, [(-6, "channel")])
    assert other - group[-1] < 0.01  # another chat is not held back by -5


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
        await pacer.wait_for_reply_slot()
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


class ManyTasksTime:
    """Virtual time for concurrent tasks: a sleep ends when the clock reaches it, and `run`
    moves the clock from one wake-up to the next once every task has done what it can."""

    def __init__(self, late: float = 0.0) -> None:
        self.now = 0.0
        self.late = late  # every sleep wakes this much after its time, as on a busy loop
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        wakes = self.now + max(seconds, 0.0) + self.late
        heapq.heappush(self._sleepers, (wakes, next(self._order), future))
        await future

    async def run(self, tasks: list[asyncio.Task[None]], max_wake_ups: int = 10_000) -> None:
        for _ in range(max_wake_ups):
            for _ in range(20):  # lock hand-overs take a few turns of the loop
                await asyncio.sleep(0)
            if all(task.done() for task in tasks):
                for task in tasks:
                    task.result()  # re-raise what failed inside
                return
            assert self._sleepers, "tasks wait for something other than time"
            self.now, _, future = heapq.heappop(self._sleepers)
            if not future.cancelled():
                future.set_result(None)
        raise AssertionError("tasks did not finish")


def most_in_one_second(times: list[float]) -> int:
    ordered = sorted(times)
    return max(len([t for t in ordered[i:] if t < start + 1.0]) for i, start in enumerate(ordered))


async def test_replies_beyond_the_rate_queue_in_arrival_order_spaced_as_slots_free() -> None:
    clock = ManyTasksTime()
    pacer = Pacer(5, clock=clock.clock, sleep=clock.sleep)
    sent: list[tuple[int, float]] = []

    async def reply(number: int, arrives: float = 0.0) -> None:
        if arrives:
            await clock.sleep(arrives)
        await pacer.wait_for_reply_slot()
        sent.append((number, clock.now))

    # Number 12 arrives the moment a slot frees, when 5 to 11 are already waiting for it (and
    # wakes before them): it must not cut in.
    tasks = [asyncio.create_task(reply(12, arrives=1.0 + WINDOW_MARGIN))]
    tasks += [asyncio.create_task(reply(n)) for n in range(12)]
    await clock.run(tasks)
    assert [number for number, _ in sent] == list(range(13))  # first come, first served
    times = [t for _, t in sent]
    assert times[:5] == [0.0] * 5  # the second had room: no wait at all
    assert most_in_one_second(times) == 5
    # Each queued reply goes at the first moment both rules allow, never later: the send five
    # places back is a second (and margin) old, and the previous reply an interval old.
    interval = 1 / (5 * HEADROOM)
    for index in range(5, len(times)):
        window_frees = times[index - 5] + 1.0 + WINDOW_MARGIN
        assert times[index] == pytest.approx(max(window_frees, times[index - 1] + interval))


async def test_broadcast_sends_yield_to_waiting_replies_and_resume_after_them() -> None:
    clock = ManyTasksTime()
    pacer = Pacer(5, clock=clock.clock, sleep=clock.sleep)
    chats = itertools.count(1)
    broadcast: list[float] = []
    replies: list[float] = []
    arrived = 0.5

    async def worker() -> None:
        while clock.now < 6.0:
            await pacer.wait_for_slot(next(chats), "private")
            broadcast.append(clock.now)

    async def reply() -> None:
        await clock.sleep(arrived)
        await pacer.wait_for_reply_slot()
        replies.append(clock.now)

    tasks = [asyncio.create_task(worker()) for _ in range(3)]
    tasks += [asyncio.create_task(reply()) for _ in range(8)]
    await clock.run(tasks)
    assert len(replies) == 8
    assert not [t for t in broadcast if arrived <= t < max(replies)]  # nothing cut in
    assert [t for t in broadcast if t > max(replies)]  # and the broadcast went on after
    assert most_in_one_second(broadcast + replies) <= 5


async def test_a_reply_waits_out_a_429_pause(time_: VirtualTime) -> None:
    pacer = Pacer(30, clock=time_.clock, sleep=time_.sleep)
    pacer.pause(3)
    await pacer.wait_for_reply_slot()
    assert time_.now >= 3


async def test_a_reply_cancelled_while_waiting_holds_nothing_back() -> None:
    clock = ManyTasksTime()
    pacer = Pacer(2, clock=clock.clock, sleep=clock.sleep)
    await pacer.wait_for_reply_slot()
    clock.now = 0.3
    await pacer.wait_for_reply_slot()  # the second is full until 1.005
    waiting = asyncio.create_task(pacer.wait_for_reply_slot())
    await asyncio.sleep(0)
    waiting.cancel()
    sent: list[float] = []

    async def broadcast() -> None:
        await pacer.wait_for_slot(1, "private")
        sent.append(clock.now)

    tasks = [asyncio.create_task(broadcast())]
    await clock.run(tasks)
    assert waiting.cancelled()
    # The broadcast's next slot after two replies (2 / (2 * HEADROOM) s), not the one after
    # the cancelled reply (when the reply at 0.3 is a second old: 1.305).
    assert sent == [pytest.approx(1 / HEADROOM)]


async def test_replies_waiting_out_a_429_pause_go_before_the_broadcast_when_it_ends() -> None:
    clock = ManyTasksTime()
    pacer = Pacer(2, clock=clock.clock, sleep=clock.sleep)
    pacer.pause(1.0)
    sent: list[tuple[str, float]] = []

    async def broadcast(chat_id: int) -> None:
        await pacer.wait_for_slot(chat_id, "private")
        sent.append(("broadcast", clock.now))

    async def reply() -> None:
        await pacer.wait_for_reply_slot()
        sent.append(("reply", clock.now))

    # The broadcast started waiting first, so it would also wake first when the pause ends.
    tasks = [asyncio.create_task(broadcast(n)) for n in (1, 2)]
    tasks += [asyncio.create_task(reply()) for _ in range(2)]
    await clock.run(tasks)
    spaced = 1.0 + 1 / (2 * HEADROOM)  # queued replies keep the broadcast's spacing
    assert sent[:2] == [("reply", 1.0), ("reply", pytest.approx(spaced))]
    assert all(kind == "broadcast" and t > spaced for kind, t in sent[2:])


async def test_two_sends_to_one_chat_waiting_for_slots_together_keep_the_chat_gap() -> None:
    """Say a retry and the next alert for a chat, both queued behind other chats' sends: the
    chat's gap must hold when each takes its slot, not only when it began to wait."""
    clock = ManyTasksTime()
    pacer = Pacer(10, clock=clock.clock, sleep=clock.sleep)
    sent: dict[int, list[float]] = {}

    async def send(chat_id: int, kind: str) -> None:
        await pacer.wait_for_slot(chat_id, kind)
        sent.setdefault(chat_id, []).append(clock.now)

    tasks = [asyncio.create_task(send(n, "private")) for n in range(100, 105)]
    tasks += [asyncio.create_task(send(1, "private")) for _ in range(2)]
    tasks += [asyncio.create_task(send(-5, "group")) for _ in range(GROUP_CHAT_BURST + 1)]
    await clock.run(tasks)
    [first, second] = sent[1]
    assert second - first >= PRIVATE_CHAT_INTERVAL
    group = sorted(sent[-5])
    assert group[-1] - group[0] >= GROUP_CHAT_INTERVAL  # past the burst, the group's gap
    assert most_in_one_second([t for times in sent.values() for t in times]) <= 10


async def test_late_wake_ups_do_not_slow_a_queue_of_replies_down() -> None:
    clock = ManyTasksTime(late=0.005)
    pacer = Pacer(10, clock=clock.clock, sleep=clock.sleep)
    sent: list[float] = []

    async def reply() -> None:
        await pacer.wait_for_reply_slot()
        sent.append(clock.now)

    tasks = [asyncio.create_task(reply()) for _ in range(70)]
    await clock.run(tasks)
    assert most_in_one_second(sent) <= 10
    # 60 queued replies at the spaced rate. Spacing from the moments they woke would add 5 ms
    # per reply (0.295 s); what remains is one lateness per second, through the window, which
    # sees the actual send times (6 x 5 ms).
    interval = 1 / (10 * HEADROOM)
    assert sent[-1] - sent[10] <= 59 * interval + 7 * clock.late


async def test_a_reply_that_left_late_keeps_its_place_in_the_window_longer(
    time_: VirtualTime,
) -> None:
    pacer = Pacer(10, clock=time_.clock, sleep=time_.sleep)
    sent = [await pacer.wait_for_reply_slot() for _ in range(10)]  # a burst: all at 0
    time_.now = 0.01
    pacer.answered(sent[0])  # the fastest round trip: 10 ms
    time_.now = 0.31
    for sent_at in sent[1:]:
        pacer.answered(sent_at)  # 310 ms: a busy loop held these back 300 ms
    await pacer.wait_for_reply_slot()  # takes the place of the one that left on time
    assert time_.now == pytest.approx(1.0 + WINDOW_MARGIN)
    await pacer.wait_for_reply_slot()
    # A second after the late ones really left, not at the spaced 1.005 + 0.102 s.
    assert time_.now == pytest.approx(0.3 + 1.0 + WINDOW_MARGIN)


async def test_a_broadcast_send_that_left_late_keeps_its_place_in_the_window_longer(
    time_: VirtualTime,
) -> None:
    pacer = Pacer(10, clock=time_.clock, sleep=time_.sleep)
    sent = [await pacer.wait_for_slot(chat, "private", paid=True) for chat in range(10)]
    time_.now = sent[0] + 0.01
    pacer.answered(sent[0])  # the fastest round trip: 10 ms
    for sent_at in sent[1:]:
        time_.now = sent_at + 0.31
        pacer.answered(sent_at)  # 310 ms: a busy loop held it back 300 ms
    await pacer.wait_for_slot(10, "private", paid=True)  # the place of the one on time
    await pacer.wait_for_slot(11, "private", paid=True)
    # A second after the second one really left, not a second after its slot (1.107) nor at
    # its spaced slot.
    assert time_.now == pytest.approx(sent[1] + 0.3 + 1.0 + WINDOW_MARGIN)


# ----- REPLY_SHARE: replies take at most their share while a round runs (issue 9, item 6) ----


async def _replies_against_a_round(
    share: float, *, round_running: bool
) -> tuple[list[float], list[float]]:
    """Replies asked for without pause (one reader's long reads, a crowd) for 5 s at 10/s,
    with or without three broadcast workers wanting every slot; the send times of each."""
    clock = ManyTasksTime()
    pacer = Pacer(10, clock=clock.clock, sleep=clock.sleep, reply_share=share)
    chats = itertools.count(1)
    broadcast: list[float] = []
    replies: list[float] = []

    async def worker() -> None:
        while clock.now < 5.0:
            await pacer.wait_for_slot(next(chats), "private")
            broadcast.append(clock.now)

    async def reader() -> None:
        while clock.now < 5.0:
            replies.append(await pacer.wait_for_reply_slot())

    # The round is under way when the replies begin.
    tasks = [asyncio.create_task(worker()) for _ in range(3 if round_running else 0)]
    tasks.append(asyncio.create_task(reader()))
    await clock.run(tasks)
    return broadcast, replies


async def test_during_a_round_replies_take_at_most_their_share_and_the_round_the_rest() -> None:
    broadcast, replies = await _replies_against_a_round(0.5, round_running=True)
    assert most_in_one_second(replies) <= 5
    assert most_in_one_second(broadcast + replies) <= 10
    # Every second of the round, the broadcast got the slots replies could not take.
    for second in range(1, 4):
        assert len([t for t in broadcast if second <= t < second + 1]) >= 4


async def test_with_no_round_replies_may_take_the_whole_rate() -> None:
    _, replies = await _replies_against_a_round(0.5, round_running=False)
    assert most_in_one_second(replies) == 10


async def test_a_full_share_keeps_replies_ahead_of_the_broadcast_as_before() -> None:
    broadcast, replies = await _replies_against_a_round(1.0, round_running=True)
    assert most_in_one_second(replies) == 10
    assert not [t for t in broadcast if 0.5 < t < 4.5]  # replies asked for every slot


async def test_every_message_sent_in_reply_is_charged_to_its_chats_budget() -> None:
    pacer = Pacer(1000)
    limiter = PacingRateLimiter(pacer)

    async def answer(*_: object) -> dict[str, object]:
        return {}

    async def request(endpoint: str, chat_id: object = None) -> None:
        data = {} if chat_id is None else {"chat_id": chat_id}
        await limiter.process_request(answer, (), {}, endpoint, data, None)

    full = pacer.budget.tokens(1001)
    await request("sendMessage", 1001)
    await request("sendMessage", 1001)
    await request("answerCallbackQuery")  # not a message
    await request("editMessageText", 1001)  # replaces one, adds none
    await request("sendMessage", "@channel")  # a channel by name: no reader's chat
    assert pacer.budget.tokens(1001) == pytest.approx(full - 2, abs=0.01)


# ----- Groups: replies keep the group's pace, a group's 429 pauses that group only -----------


def most_in(times: list[float], span: float) -> int:
    ordered = sorted(times)
    return max(len([t for t in ordered[i:] if t < start + span]) for i, start in enumerate(ordered))


async def test_replies_into_a_group_take_a_burst_then_keep_under_twenty_a_minute() -> None:
    """Members of one group asking at once: Telegram allows a group ~20 messages a minute."""
    clock = ManyTasksTime()
    pacer = Pacer(30, clock=clock.clock, sleep=clock.sleep)
    sent: list[tuple[int, float]] = []

    async def reply(number: int) -> None:
        await pacer.wait_for_reply_slot(-5)
        sent.append((number, clock.now))

    tasks = [asyncio.create_task(reply(n)) for n in range(45)]
    await clock.run(tasks)
    assert [number for number, _ in sent] == list(range(45))  # in arrival order
    times = [t for _, t in sent]
    assert times[:GROUP_CHAT_BURST] == [0.0] * GROUP_CHAT_BURST  # no wait for the first few
    for earlier, later in itertools.pairwise(times[GROUP_CHAT_BURST - 1 :]):
        assert later - earlier == pytest.approx(GROUP_CHAT_INTERVAL)
    assert most_in(times, 60.0) < 20  # one to spare for jitter
    assert most_in(times, 3.0) <= 3  # and Telegram's short burst per chat


async def test_replies_in_private_chats_do_not_wait_for_their_chat(time_: VirtualTime) -> None:
    pacer = Pacer(30, clock=time_.clock, sleep=time_.sleep)
    for _ in range(10):  # a long /read, back to back
        await pacer.wait_for_reply_slot(7)
    assert time_.now == 0.0


async def test_replies_and_the_broadcast_share_a_groups_pace(time_: VirtualTime) -> None:
    pacer = Pacer(1000, clock=time_.clock, sleep=time_.sleep)
    alerts = await send_times(pacer, time_, [(-5, "supergroup")] * GROUP_CHAT_BURST)
    await pacer.wait_for_reply_slot(-5)  # the alerts took the burst
    assert time_.now - alerts[0] >= GROUP_CHAT_INTERVAL
    # And the other way round: replies take the burst, the alert waits.
    replies = [await pacer.wait_for_reply_slot(-6) for _ in range(GROUP_CHAT_BURST)]
    assert replies[-1] - replies[0] < 0.01
    await pacer.wait_for_slot(-6, "channel")
    assert time_.now - replies[0] >= GROUP_CHAT_INTERVAL


async def test_a_reply_waiting_for_its_group_holds_back_no_other_chat_nor_the_broadcast() -> None:
    clock = ManyTasksTime()
    pacer = Pacer(10, clock=clock.clock, sleep=clock.sleep)
    for _ in range(GROUP_CHAT_BURST):
        await pacer.wait_for_reply_slot(-5)
    sent: dict[str, float] = {}

    async def reply(name: str, chat_id: int) -> None:
        await pacer.wait_for_reply_slot(chat_id)
        sent[name] = clock.now

    async def broadcast(name: str, chat_id: int) -> None:
        await pacer.wait_for_slot(chat_id, "private")
        sent[name] = clock.now

    # The group's reply arrives first and waits for the group; the others come after it.
    tasks = [asyncio.create_task(reply("group", -5))]
    tasks += [asyncio.create_task(reply("private", 7)), asyncio.create_task(reply("other", -6))]
    tasks += [asyncio.create_task(broadcast("alert", 8))]
    await clock.run(tasks)
    assert sent["group"] == pytest.approx(GROUP_CHAT_INTERVAL)
    assert sent["private"] == sent["other"] == 0.0  # the second has room: at once
    assert sent["alert"] < 1.0  # its slot after the replies, not after the group's wait


async def test_a_429_from_a_group_pauses_that_group_only_and_the_request_is_made_again() -> None:
    clock = ManyTasksTime()
    pacer = Pacer(30, clock=clock.clock, sleep=clock.sleep)
    answers: list[object] = [_flood(20), "sent", "sent"]
    made_at: list[float] = []
    others: dict[str, float] = {}

    async def request() -> str:
        made_at.append(clock.now)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return str(answer)

    async def into_the_group() -> None:
        await pacer.call(request, before=lambda: pacer.wait_for_reply_slot(-5), chat_id=-5)

    async def other(name: str, send: Callable[[], Awaitable[object]]) -> None:
        await clock.sleep(0.5)  # after the 429
        await send()
        others[name] = clock.now

    tasks = [asyncio.create_task(into_the_group())]
    tasks += [
        asyncio.create_task(other("private", lambda: pacer.wait_for_reply_slot(7))),
        asyncio.create_task(other("group", lambda: pacer.wait_for_reply_slot(-6))),
        asyncio.create_task(other("alert", lambda: pacer.wait_for_slot(8, "private"))),
    ]
    await clock.run(tasks)
    assert made_at == [0.0, pytest.approx(20.0)]  # the same request, after retry_after
    assert max(others.values()) < 1.0  # nobody else paused
    # After its pause the group resumes at its pace, without a new burst.
    tasks = [asyncio.create_task(into_the_group())]
    await clock.run(tasks)
    assert made_at[2] - made_at[1] == pytest.approx(GROUP_CHAT_INTERVAL)


async def test_a_reply_queued_for_a_slot_when_its_group_is_paused_lets_the_queue_go_on() -> None:
    """Say an alert into the group drew a 429 while the reply queued behind a full second."""
    clock = ManyTasksTime()
    pacer = Pacer(2, clock=clock.clock, sleep=clock.sleep)
    await pacer.wait_for_reply_slot(7)
    await pacer.wait_for_reply_slot(8)  # the second is full until 1.005
    sent: dict[str, float] = {}

    async def reply(name: str, chat_id: int) -> None:
        await pacer.wait_for_reply_slot(chat_id)
        sent[name] = clock.now

    async def flood_on_the_group() -> None:
        await clock.sleep(0.5)
        pacer.pause_chat(-5, 5.0)

    tasks = [asyncio.create_task(reply("group", -5)), asyncio.create_task(reply("private", 9))]
    tasks.append(asyncio.create_task(flood_on_the_group()))
    await clock.run(tasks)
    assert sent["group"] >= 5.5
    assert sent["private"] < 2.0  # not held behind the paused group's reply


@pytest.mark.parametrize("chat_id", [None, 7], ids=["no chat", "a private chat"])
async def test_any_other_429_pauses_every_send(time_: VirtualTime, chat_id: int | None) -> None:
    pacer = Pacer(30, clock=time_.clock, sleep=time_.sleep)
    answers: list[object] = [_flood(4), "sent"]

    async def request() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return str(answer)

    await pacer.call(request, before=pacer.wait_while_paused, chat_id=chat_id)
    assert time_.now >= 4
    pacer.pause(2)  # as that 429 did: a group's reply waits too
    start = time_.now
    await pacer.wait_for_reply_slot(-5)
    assert time_.now - start >= 2


def test_a_pacer_is_paid_only_above_the_free_rate() -> None:
    assert Pacer(1000, free_rate=30).paid
    assert not Pacer(30, free_rate=30).paid
    assert not Pacer(1000).paid


async def test_paid_sends_keep_their_rate_while_edits_and_replies_keep_to_the_free_one() -> None:
    clock = ManyTasksTime()
    pacer = Pacer(1000, clock=clock.clock, sleep=clock.sleep, reply_share=0.5, free_rate=30)
    sends: list[float] = []
    edits: list[float] = []
    replies: list[float] = []

    round_chats = iter(range(2000))

    async def send_worker() -> None:  # as the engine's workers: one request each at a time
        for chat_id in round_chats:
            await pacer.wait_for_slot(chat_id, "private", paid=True)
            sends.append(clock.now)

    async def edit(chat_id: int) -> None:
        await pacer.wait_for_slot(chat_id, "private")
        edits.append(clock.now)

    async def reply(arrives: float) -> None:
        await clock.sleep(arrives)
        await pacer.wait_for_reply_slot()
        replies.append(clock.now)

    tasks = [asyncio.create_task(send_worker()) for _ in range(150)]
    tasks += [asyncio.create_task(edit(10_000 + n)) for n in range(60)]
    tasks += [asyncio.create_task(reply(0.5 + n / 10)) for n in range(10)]
    await clock.run(tasks, max_wake_ups=100_000)

    # The paid round is not held to the free rate by the edits and replies beside it.
    assert max(sends) == pytest.approx(2000 / (1000 * HEADROOM), rel=0.05)
    # Unpaid requests, edits and replies together, never exceed the free rate in any second;
    # edits go one free interval apart (as the broadcast does at its rate).
    assert most_in_one_second(edits + replies) <= 30
    assert min(b - a for a, b in itertools.pairwise(sorted(edits))) >= 1 / (30 * HEADROOM) - 1e-9
    # Readers are not starved by the correction: each reply waits at most a couple of slots.
    arrivals = [0.5 + n / 10 for n in range(10)]
    assert max(r - a for r, a in zip(sorted(replies), arrivals, strict=True)) < 0.1
    assert len(edits) == 60 and len(replies) == 10 and len(sends) == 2000
    # The edits go at the free rate from the start, less what the replies took of it.
    assert max(edits) < 70 / (30 * HEADROOM) + 0.1


async def test_an_unpaid_pacer_treats_every_request_alike(time_: VirtualTime) -> None:
    pacer = Pacer(30, clock=time_.clock, sleep=time_.sleep, free_rate=30)
    for chat_id in range(31):
        await pacer.wait_for_slot(chat_id, "private", paid=chat_id % 2 == 0)
    assert time_.now == pytest.approx(30 / (30 * HEADROOM))


async def test_late_wake_ups_do_not_slow_unpaid_requests_down() -> None:
    """On a busy loop every timer fires late; the edits' spacing must not add that up."""
    clock = ManyTasksTime(late=0.003)
    pacer = Pacer(1000, clock=clock.clock, sleep=clock.sleep, free_rate=30)
    edits: list[float] = []

    async def edit(chat_id: int) -> None:
        await pacer.wait_for_slot(chat_id, "private")
        edits.append(clock.now)

    tasks = [asyncio.create_task(edit(n)) for n in range(120)]
    await clock.run(tasks)
    assert most_in_one_second(edits) <= 30
    # 3 ms late each would add 0.36 s over 120 edits; spaced from their due times it does not.
    assert max(edits) == pytest.approx(119 / (30 * HEADROOM), abs=0.05)
