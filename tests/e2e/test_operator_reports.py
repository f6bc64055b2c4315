"""ERROR_CHAT_ID: unexpected errors reach the operator's chat, a storm as one summary."""

from __future__ import annotations

import logging
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

        monkeypatch.setattr(storage_of(app).articles, "related", broken)
        for _ in range(5):
            [apology] = await ask(api, READER_ID, f"/read {article_id}")
            assert "went wrong" in apology.text
        [first, summary] = await api.wait_for_messages(OPERATOR_CHAT, 2, timeout=10)
    assert "newsbot: an error" in first.text and "storage on fire" in first.text
    assert "/read" in first.text  # the update that failed
    assert "4 more errors since" in summary.text and "storage on fire" in summary.text
    assert all(TOKEN not in m.text and TOKEN.split(":")[1] not in m.text for m in (first, summary))
    assert len(api.messages(OPERATOR_CHAT)) == 2


async def test_a_failing_update_is_reported_by_its_ids_never_its_text_or_names(
    api: LocalBotApi,
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    api.add_private_chat(OPERATOR_CHAT, first_name="Operator")
    api.add_private_chat(4242, first_name="Tamar", last_name="Privatename", username="tamar_p")
    settings = make_settings(api, database, error_chat_id=OPERATOR_CHAT)
    async with running_bot(settings) as app:
        article_id = await publish(app, "Fine")

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("storage on fire")

        monkeypatch.setattr(storage_of(app).articles, "related", broken)
        [apology] = await ask(api, 4242, f"/read {article_id} my secret words")
        assert "went wrong" in apology.text
        [report] = await api.wait_for_messages(OPERATOR_CHAT, 1, timeout=10)
    formatter = logging.Formatter()
    logged = "\n".join(formatter.format(r) for r in caplog.records if r.levelno >= logging.ERROR)
    for shown in (report.text, logged):
        assert "storage on fire" in shown and "/read" in shown and "4242" in shown
        for private in ("secret words", "Tamar", "Privatename", "tamar_p"):
            assert private not in shown, shown
