"""Updates of different chats are handled at the same time, each chat's strictly in order."""

from __future__ import annotations

import re
from pathlib import Path

from bot.telegram.flood_control import Pacer
from local_bot_api import LocalBotApi
from tests.e2e.harness import READER_ID, TIMEOUT, make_settings, publish, running_bot

READERS = range(20_000, 20_200)
# A body long enough for several messages: a later, shorter reply would overtake it if one
# chat's updates ran side by side.
LONG_BODY = "\n\n".join(f"Paragraph {n}: " + "a few plain words " * 20 for n in range(40))


def without_views(text: str) -> str:
    return re.sub(r"👁 \d+", "👁", text)


async def test_a_burst_of_200_readers_with_3_commands_each_is_answered_each_chat_in_order(
    api: LocalBotApi, database: Path
) -> None:
    api.add_private_chats(READERS[0], len(READERS))
    api.latency = 0.02  # each of the long article's messages takes a round trip
    # The rate limit is not what this test is about: lift it so the burst goes out quickly
    # (RATE_LIMIT alone would not: above 30 only broadcasts are paid for, replies keep to 30/s).
    async with running_bot(make_settings(api, database, rate_limit=1000), pacer=Pacer(1000)) as app:
        long_id = await publish(app, "Long read", LONG_BODY)
        short_id = await publish(app, "Short read", "Short.")
        commands = [f"/read {long_id}", "/latest 1", f"/read {short_id}"]
        # What one reader gets, asking alone: everything before the answer to a later /help.
        for command in [*commands, "/help"]:
            api.send_command(READER_ID, command)
        await api.wait_for(
            lambda m: m.chat_id == READER_ID and m.text.startswith("Commands"), timeout=TIMEOUT
        )
        expected = [without_views(m.text) for m in api.messages(READER_ID)][:-1]
        long_parts, listing, short = expected[:-2], expected[-2], expected[-1]
        assert len(long_parts) >= 3 and long_parts[0].startswith("Long read")
        assert not any("Short read" in part for part in long_parts)
        assert listing.startswith("📰 Latest news") and short.startswith("Short read")

        for reader in READERS:
            for command in commands:
                api.send_command(reader, command)
        for reader in READERS:
            got = await api.wait_for_messages(reader, len(expected), timeout=3 * TIMEOUT)
            assert [without_views(m.text) for m in got] == expected, reader
