"""ERROR_CHAT_ID: unexpected errors reach the operator's chat, a storm as one summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import operator_reports
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    READER_ID,
    TOKEN,
    ask,
    make_settings,
    publish,
    running_bot,
    storage_of,
)

OPERATOR_CHAT = 9000


async def test_an_error_storm_reaches_the_operator_as_one_report_and_one_summary(
    api: LocalBotApi, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(operator_reports, "ERROR_REPORT_WINDOW", 1.0)
    api.add_private_chat(OPERATOR_CHAT, first_name="Operator")
    settings = make_settings(api, database, error_chat_id=OPERATOR_CHAT)
    async with running_bot(settings) as app:
        article_id = await publish(app, "Fine")

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError(f"storage on fire while holding {TOKEN}")

        monkeypatch.setattr(storage_of(app).articles, "record_delivery", broken)
        for _ in range(5):
            [apology] = await ask(api, READER_ID, f"/read {article_id}")
            assert "went wrong" in apology.text
        [first, summary] = await api.wait_for_messages(OPERATOR_CHAT, 2, timeout=10)
    assert "newsbot: an error" in first.text and "storage on fire" in first.text
    assert "/read" in first.text  # the update that failed
    assert "4 more errors since" in summary.text and "storage on fire" in summary.text
    assert all(TOKEN not in m.text and TOKEN.split(":")[1] not in m.text for m in (first, summary))
    assert len(api.messages(OPERATOR_CHAT)) == 2
