"""Each reader's budget of replies, on a clock the test moves."""

import asyncio

import pytest

from bot.limits import READER_BUDGET, READER_REFILL_GROUP, READER_REFILL_PRIVATE
from bot.telegram import reply_budget
from bot.telegram.reply_budget import (
    Admission,
    BudgetKey,
    ReplyBudget,
    budget_key,
    charge_replies_to,
    charged_for,
)

READER = 1001
GROUP = -100123
EDITORS_CHAT = -100999


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def budget(clock: Clock) -> ReplyBudget:
    return ReplyBudget(clock)


def admissions(budget: ReplyBudget, key: BudgetKey, count: int) -> list[Admission]:
    return [budget.admit(key) for _ in range(count)]


def test_a_chat_is_admitted_while_tokens_last_then_warned_once_then_silent(
    budget: ReplyBudget,
) -> None:
    verdicts = admissions(budget, READER, READER_BUDGET + 3)
    assert verdicts[:READER_BUDGET] == [Admission.ADMITTED] * READER_BUDGET
    assert verdicts[READER_BUDGET:] == [Admission.WARN, Admission.SILENT, Admission.SILENT]


def test_messages_sent_run_the_budget_into_debt_and_refill_pays_it_back(
    budget: ReplyBudget, clock: Clock
) -> None:
    assert budget.admit(READER) is Admission.ADMITTED
    budget.spend(READER, READER_BUDGET + 4)  # an article longer than what was left
    assert budget.tokens(READER) == -5
    assert budget.admit(READER) is Admission.WARN
    clock.now += 5.5 / READER_REFILL_PRIVATE
    assert budget.admit(READER) is Admission.SILENT  # 0.5: not a whole token yet
    clock.now += 0.5 / READER_REFILL_PRIVATE
    assert budget.admit(READER) is Admission.ADMITTED


def test_the_warning_comes_again_only_after_a_full_refill(
    budget: ReplyBudget, clock: Clock
) -> None:
    admissions(budget, READER, READER_BUDGET + 1)  # exhausted and warned
    clock.now += 1 / READER_REFILL_PRIVATE
    assert admissions(budget, READER, 3) == [Admission.ADMITTED, Admission.SILENT, Admission.SILENT]
    clock.now += READER_BUDGET / READER_REFILL_PRIVATE
    verdicts = admissions(budget, READER, READER_BUDGET + 1)
    assert verdicts[-1] is Admission.WARN


def test_the_budget_never_grows_past_full(budget: ReplyBudget, clock: Clock) -> None:
    clock.now += 3600
    assert budget.tokens(READER) == READER_BUDGET


def test_groups_refill_at_telegrams_rate_for_groups(budget: ReplyBudget, clock: Clock) -> None:
    budget.spend(GROUP, READER_BUDGET)
    budget.spend(READER, READER_BUDGET)
    clock.now += 3.0
    assert budget.tokens(GROUP) == pytest.approx(3.0 * READER_REFILL_GROUP)
    assert budget.tokens(READER) == pytest.approx(3.0 * READER_REFILL_PRIVATE)


def test_one_chat_over_its_budget_takes_nothing_from_another(budget: ReplyBudget) -> None:
    budget.spend(READER, 10 * READER_BUDGET)
    assert budget.admit(READER) is Admission.WARN
    assert admissions(budget, 2002, READER_BUDGET) == [Admission.ADMITTED] * READER_BUDGET


def test_budgets_kept_are_bounded_forgetting_full_ones_first(
    budget: ReplyBudget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reply_budget, "BUDGETS_KEPT", 10)
    budget.spend(READER, READER_BUDGET)  # in debt: worth remembering
    for chat_id in range(2000, 2100):
        budget.tokens(chat_id)  # seen, and full: nothing to remember
        assert len(budget) <= 10
    assert budget.tokens(READER) == pytest.approx(0.0)
    for chat_id in range(3000, 3100):
        budget.admit(chat_id)  # none of them full: the longest known go first
        assert len(budget) <= 10


def test_a_reader_is_their_private_chat_and_a_member_in_a_group() -> None:
    assert budget_key(READER, "private", READER) == READER
    assert budget_key(GROUP, "supergroup", READER) == (GROUP, READER)
    assert budget_key(GROUP, "group", 2002) == (GROUP, 2002)


def test_a_member_over_their_budget_takes_nothing_from_the_others(budget: ReplyBudget) -> None:
    spammer, neighbour = budget_key(GROUP, "group", READER), budget_key(GROUP, "group", 2002)
    budget.spend(spammer, 10 * READER_BUDGET)
    assert budget.admit(spammer) is Admission.WARN
    assert admissions(budget, neighbour, READER_BUDGET) == [Admission.ADMITTED] * READER_BUDGET
    assert budget.tokens(READER) == READER_BUDGET  # nor from their own private chat


def test_a_member_refills_at_the_group_rate(budget: ReplyBudget, clock: Clock) -> None:
    member = budget_key(GROUP, "supergroup", READER)
    budget.spend(member, READER_BUDGET)
    clock.now += 3.0
    assert budget.tokens(member) == pytest.approx(3.0 * READER_REFILL_GROUP)


async def test_messages_are_charged_to_the_update_of_their_own_task() -> None:
    async def handling(key: BudgetKey) -> BudgetKey:
        charge_replies_to(key)
        await asyncio.sleep(0)  # let the other update's handler set its key meanwhile
        return charged_for(GROUP)

    first, second = (GROUP, READER), (GROUP, 2002)
    charged = await asyncio.gather(handling(first), handling(second))
    assert charged == [first, second]
    assert charged_for(GROUP) == GROUP  # outside an update: the chat's own


async def test_a_message_into_another_chat_is_charged_to_that_chat() -> None:
    async def handling() -> BudgetKey:
        charge_replies_to((GROUP, READER))
        return charged_for(EDITORS_CHAT)

    assert await asyncio.create_task(handling()) == EDITORS_CHAT
