"""Transient failures (5xx, timeouts) of anything the bot does while handling an update are
retried; only a failure that persists reaches the error handler, which tells the user once."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from bot.limits import REQUEST_TRIES
from bot.telegram.flood_control import Pacer
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    ask,
    eventually,
    make_settings,
    press,
    publish,
    running_bot,
)

SORRY = "Sorry, something went wrong"
ADMIN_ID = 4301


def statuses(api: LocalBotApi, method: str, chat_id: int | None = None) -> list[int]:
    return [
        r.status
        for r in api.requests
        if r.method == method and (chat_id is None or r.chat_id == chat_id)
    ]


def error_reports(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage().startswith("Error while handling")]


async def test_a_reply_whose_first_send_fails_with_502_arrives_once(
    app: Any, api: LocalBotApi
) -> None:
    api.fail_next("sendMessage", chat_id=READER_ID, status=502)
    [reply] = await ask(api, READER_ID, "/latest")
    assert reply.text == "No articles have been published yet."
    assert statuses(api, "sendMessage", READER_ID) == [502, 200]
    # The chat's next update runs only after the first is done: no late second copy.
    [marker] = await ask(api, READER_ID, "/help")
    assert [m.text for m in api.messages(READER_ID)] == [reply.text, marker.text]


async def test_a_reply_that_timed_out_is_sent_again(api: LocalBotApi, database: Path) -> None:
    api.timeout_delay = 3  # longer than the bot's 1 s request timeout
    api.fail_next("sendMessage", chat_id=READER_ID, status="timeout")
    async with running_bot(make_settings(api, database, request_timeout=1)):
        [reply] = await ask(api, READER_ID, "/latest")
        assert reply.text == "No articles have been published yet."
        [marker] = await ask(api, READER_ID, "/help")
        assert [m.text for m in api.messages(READER_ID)] == [reply.text, marker.text]
        # The held request is answered (500, and recorded) only after the retry went through.
        await eventually(
            lambda: len(statuses(api, "sendMessage", READER_ID)) == 3, "the held request answered"
        )
    assert sorted(statuses(api, "sendMessage", READER_ID)) == [200, 200, 500]


async def test_a_button_answer_after_a_500_is_made_again(app: Any, api: LocalBotApi) -> None:
    for n in range(1, 4):
        await publish(app, f"Headline {n}")
    [listing] = await ask(api, READER_ID, "/latest 1")
    api.fail_next("answerCallbackQuery", status=500)
    answer = await press(api, READER_ID, listing, listing.callback_data[-1])
    assert not answer.get("show_alert")  # the plain answer, not the error pop-up
    assert statuses(api, "answerCallbackQuery") == [500, 200]
    assert not [m for m in api.messages(READER_ID) if SORRY in m.text]


async def test_a_group_administrator_check_after_a_502_is_made_again(
    app: Any, api: LocalBotApi
) -> None:
    group = -4301
    api.add_group(group, title="Shaky club", admins=[ADMIN_ID])
    api.fail_next("getChatMember", status=502)
    [done] = await ask(api, group, "/subscribe", from_user=ADMIN_ID)
    assert "Subscribed!" in done.text
    assert statuses(api, "getChatMember") == [502, 200]


async def test_300_readers_under_random_server_errors_each_get_exactly_their_reply(
    api: LocalBotApi, database: Path
) -> None:
    readers = range(10_000, 10_300)
    api.add_private_chats(readers[0], len(readers))
    # The rate limit is not what this test is about: lift it so the burst goes out quickly
    # (RATE_LIMIT alone would not: above 30 only broadcasts are paid for, replies keep to 30/s).
    async with running_bot(make_settings(api, database, rate_limit=1000), pacer=Pacer(1000)):
        api.fail_randomly(0.05, seed=20261130)
        for reader in readers:
            api.send_command(reader, "/subscribe")
        for reader in readers:
            await api.wait_for_messages(reader, 1, timeout=3 * TIMEOUT)
        [marker] = await ask(api, readers[-1], "/help")  # that chat's burst is over
        api.clear_faults()
    failed = [e for e in api.errors if e.status >= 500]
    assert len(failed) >= 5  # the faults did happen (about 5% of 300+)
    for reader in readers:
        texts = [m.text for m in api.messages(reader) if m.text != marker.text]
        assert len(texts) == 1 and "Subscribed!" in texts[0], (reader, texts)
    assert not [m for m in api.sent if SORRY in m.text]


async def test_a_failure_that_persists_reaches_the_error_handler_which_tells_the_user_once(
    app: Any, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    api.fail_next("sendMessage", chat_id=READER_ID, status=502, count=REQUEST_TRIES)
    [sorry] = await ask(api, READER_ID, "/latest")
    assert SORRY in sorry.text
    assert statuses(api, "sendMessage", READER_ID) == [502] * REQUEST_TRIES + [200]
    [marker] = await ask(api, READER_ID, "/help")
    assert [m.text for m in api.messages(READER_ID)] == [sorry.text, marker.text]
    assert len(error_reports(caplog)) == 1


async def test_when_even_the_apology_fails_the_error_is_reported_once_and_nothing_loops(
    app: Any, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    api.fail_next("sendMessage", chat_id=READER_ID, status=500, count=10)
    api.send_command(READER_ID, "/latest")
    # The reply's tries, then the apology's: both bounded; the last two faults are left over
    # for the next reply, which then goes through on its third try.
    [marker] = await ask(api, READER_ID, "/help")
    assert statuses(api, "sendMessage", READER_ID) == [500] * 10 + [200]
    assert [m.text for m in api.messages(READER_ID)] == [marker.text]
    assert len(error_reports(caplog)) == 1
    assert [r for r in caplog.records if r.getMessage().startswith("Could not tell chat")]


async def test_a_reply_to_a_chat_that_blocked_the_bot_is_one_warning_not_an_error(
    app: Any, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """The reader blocked the bot after writing (403 on the reply): not a fault of the bot, so
    no error report with a traceback, one warning line; the apology is tried and refused too."""
    api.block(READER_ID)
    api.send_command(READER_ID, "/latest")
    await eventually(lambda: statuses(api, "sendMessage", READER_ID) == [403, 403], "two 403s")
    api.unblock(READER_ID)
    [marker] = await ask(api, READER_ID, "/help")
    assert statuses(api, "sendMessage", READER_ID) == [403, 403, 200]
    assert [m.text for m in api.messages(READER_ID)] == [marker.text]
    assert not error_reports(caplog)
    [warning] = [r for r in caplog.records if r.getMessage().startswith("Could not answer")]
    assert "blocked" in warning.getMessage() and warning.exc_info is None
