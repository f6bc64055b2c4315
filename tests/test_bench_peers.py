"""Smoke test of the benchmark peer (aiogram + aiogram-broadcaster) on an in-process server.

aiogram and aiogram-broadcaster are benchmark-only dependencies: without them this is skipped.
"""

from __future__ import annotations

from collections import Counter

import pytest

pytest.importorskip("aiogram")
pytest.importorskip("aiogram_broadcaster")

from bench.peers.__main__ import main as peers_main
from bench.peers.__main__ import register_chats
from bench.peers.aiogram_broadcast import (
    DEFAULT_BUTTONS,
    DEFAULT_TEXT,
    run_aiogram_bare,
    run_aiogram_broadcast,
)
from local_bot_api import LocalBotApi

TOKEN = "123456:TEST-TOKEN"
CHATS = list(range(5_000_000, 5_000_050))


def _root(api: LocalBotApi) -> str:
    return f"http://127.0.0.1:{api.port}"


def _assert_each_chat_got_one_alert(api: LocalBotApi) -> None:
    sends = [m for m in api.sent if m.method == "sendMessage"]
    assert Counter(m.chat_id for m in sends) == Counter(CHATS)
    for message in sends:
        assert message.parse_mode == "HTML"
        assert message.html == DEFAULT_TEXT
        assert message.text.startswith("Parliament passes the 2027 budget")
        assert message.button_texts == [label for label, _ in DEFAULT_BUTTONS]
        assert message.callback_data == [data for _, data in DEFAULT_BUTTONS]


@pytest.mark.parametrize("runner", [run_aiogram_broadcast, run_aiogram_bare])
async def test_peer_sends_one_alert_with_keyboard_to_every_chat(runner) -> None:
    async with LocalBotApi(token=TOKEN, bot_username="newsbot_test_bot") as api:
        for chat_id in CHATS:
            api.add_private_chat(chat_id)
        result = await runner(_root(api), api.token, CHATS, DEFAULT_TEXT, 8, time_limit=30)
        assert (result.sent, result.failed, result.unsent) == (len(CHATS), 0, 0)
        assert not result.timed_out and result.errors == {}
        assert result.seconds > 0 and result.messages_per_second > 0
        assert result.client_cpu_seconds >= 0
        _assert_each_chat_got_one_alert(api)


@pytest.mark.parametrize("runner", [run_aiogram_broadcast, run_aiogram_bare])
async def test_peer_counts_failures(runner) -> None:
    async with LocalBotApi(token=TOKEN, bot_username="newsbot_test_bot") as api:
        for chat_id in CHATS[:-2]:  # the last two chats do not exist: 400 chat not found
            api.add_private_chat(chat_id)
        api.block(CHATS[0])
        result = await runner(_root(api), api.token, CHATS, DEFAULT_TEXT, 4, time_limit=30)
        assert (result.sent, result.failed) == (len(CHATS) - 3, 3)
        assert sum(result.errors.values()) == 3
        assert any("chat not found" in reason for reason in result.errors)


@pytest.mark.parametrize("runner", [run_aiogram_broadcast, run_aiogram_bare])
async def test_peer_stops_at_its_timeout(runner) -> None:
    async with LocalBotApi(token=TOKEN, bot_username="newsbot_test_bot") as api:
        for chat_id in CHATS:
            api.add_private_chat(chat_id)
        api.latency = 0.05  # 50 chats x 50 ms with 2 in flight: ~1.25 s, cut at 0.3 s
        result = await runner(_root(api), api.token, CHATS, DEFAULT_TEXT, 2, time_limit=0.3)
        assert result.timed_out
        assert 0 < result.sent < len(CHATS)
        assert result.sent + result.failed + result.unsent == len(CHATS)
        assert result.seconds < 2


async def test_command_line_prints_one_line(capsys) -> None:
    async with LocalBotApi(token=TOKEN, bot_username="newsbot_test_bot") as api:
        for chat_id in CHATS[:10]:
            api.add_private_chat(chat_id)
        argv = ["--server", _root(api), "--token", api.token, "--chats", "10"]
        argv += ["--first-chat", str(CHATS[0]), "--in-flight", "4"]
        # main() runs its own event loop; run it in a thread so this test's loop keeps serving.
        import asyncio

        code = await asyncio.to_thread(peers_main, argv)
    assert code == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "aiogram-broadcaster: sent=10 failed=0" in out[0]


async def test_register_chats_through_the_control_api() -> None:
    async with LocalBotApi(token=TOKEN, bot_username="newsbot_test_bot") as api:
        how = await register_chats(_root(api), CHATS)
        assert how in ("bulk", "one by one")
        result = await run_aiogram_bare(_root(api), api.token, CHATS, DEFAULT_TEXT, 8)
        assert (result.sent, result.failed) == (len(CHATS), 0)
