"""One parser for article ids: commands, tappable links, deep links and buttons refuse alike."""

from __future__ import annotations

from typing import Any

import pytest

from local_bot_api import LocalBotApi
from tests.e2e.harness import READER_ID, ask, press, publish

TOO_BIG = str(2**63)  # one past SQLite's largest integer


@pytest.mark.parametrize(
    "text",
    [
        f"/read {TOO_BIG}",
        f"/read_{TOO_BIG}",
        "/read_" + "9" * 5000,  # more digits than Python's int() takes by default
        f"/start read_{TOO_BIG}",
        "/start read_abc",
    ],
)
async def test_ids_no_article_can_have_get_a_clear_reply(
    app: Any, api: LocalBotApi, text: str
) -> None:
    [reply] = await ask(api, READER_ID, text)
    assert "is not an article number" in reply.text
    assert "went wrong" not in reply.text


async def test_the_largest_possible_id_is_simply_not_found(app: Any, api: LocalBotApi) -> None:
    [reply] = await ask(api, READER_ID, f"/read_{2**63 - 1}")
    assert f"There is no article number {2**63 - 1}" in reply.text


async def test_a_forged_button_with_an_impossible_id_is_a_stale_button(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Real news")
    [hello] = await ask(api, READER_ID, "/start")
    for data in (f"r:{TOO_BIG}", "r:0", f"l:{TOO_BIG}:5"):
        answer = await press(api, READER_ID, hello, data, check=False)
        assert "no longer valid" in answer.get("text", ""), data
    [article] = await ask(api, READER_ID, f"/start read_{article_id}")
    assert article.text.startswith("Real news")
