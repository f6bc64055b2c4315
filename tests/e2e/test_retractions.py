"""Retractions over the real HTTP path: /retract with its confirmation, what readers then see
(/read, /latest, "Read also", an alert not yet sent), /restore, bad input, non-editors refused."""

from __future__ import annotations

from typing import Any

import pytest

from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    SUBSCRIBER_ID,
    TIMEOUT,
    ClaimOutage,
    ask,
    eventually,
    publish,
    storage_of,
)
from tests.e2e.test_corrections import bad_ids_are_answered, pressed


async def retract(api: LocalBotApi, article_id: int) -> SentMessage:
    """/retract the article and confirm; the bot's answer."""
    [question] = await ask(api, EDITOR_ID, f"/retract {article_id}")
    assert question.callback_data == [f"rt:yes:{article_id}", f"rt:no:{article_id}"]
    [done] = await pressed(api, question, f"rt:yes:{article_id}")
    return done


async def test_retract_asks_first_then_read_latest_and_read_also_leave_it_out(
    app: Any, api: LocalBotApi
) -> None:
    kept = await publish(app, "Kept story", "Stays.")
    withdrawn = await publish(app, "Wrong story", "Should not have run.")
    [question] = await ask(api, EDITOR_ID, f"/retract {withdrawn}")
    assert "Wrong story" in question.text and "Withdraw" in question.button_texts[0]
    article = await storage_of(app).articles.get(withdrawn)
    assert article is not None and article.retracted_at is None  # nothing happens before

    [kept_answer] = await pressed(api, question, f"rt:no:{withdrawn}")
    assert "stays published" in kept_answer.text
    done = await retract(api, withdrawn)
    assert f"Article {withdrawn} withdrawn" in done.text and f"/restore {withdrawn}" in done.text

    [notice] = await ask(api, READER_ID, f"/read_{withdrawn}")
    assert f"Article {withdrawn} was withdrawn" in notice.text
    assert "Should not have run" not in notice.text and notice.buttons == []
    [listing] = await ask(api, READER_ID, "/latest")
    assert "Kept story" in listing.text and "Wrong story" not in listing.text
    [read] = await ask(api, READER_ID, f"/read_{kept}")
    assert "Wrong story" not in str(read.button_texts)
    article = await storage_of(app).articles.get(withdrawn)
    assert article is not None and article.views == 0  # the notice is no view

    [again] = await ask(api, EDITOR_ID, f"/retract {withdrawn}")
    assert "already withdrawn" in again.text


async def test_restore_publishes_it_again(app: Any, api: LocalBotApi) -> None:
    article_id = await publish(app, "Back again", "Text.")
    await retract(api, article_id)
    [restored] = await ask(api, EDITOR_ID, f"/restore {article_id}")
    assert f"Article {article_id} is published again" in restored.text
    [read] = await ask(api, READER_ID, f"/read_{article_id}")
    assert read.text.startswith("Back again")
    [listing] = await ask(api, READER_ID, "/latest")
    assert "Back again" in listing.text
    [again] = await ask(api, EDITOR_ID, f"/restore {article_id}")
    assert "is not withdrawn" in again.text


async def test_bad_input_gets_a_clear_reply(app: Any, api: LocalBotApi) -> None:
    for command in ("/retract", "/restore"):
        await bad_ids_are_answered(api, command)


async def test_non_editors_are_refused_every_retraction_command_and_button(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Safe story", "Text.")
    for command in (f"/retract {article_id}", f"/restore {article_id}"):
        [refusal] = await ask(api, READER_ID, command)
        assert "only the news desk’s editors" in refusal.text, command
    [question] = await ask(api, EDITOR_ID, f"/retract {article_id}")
    for data in question.callback_data:
        update = api.press_button(READER_ID, question.message_id, data, READER_ID, check=False)
        answer = await api.wait_for_callback_answer(update["callback_query"]["id"], timeout=TIMEOUT)
        assert "only the news desk’s editors" in answer["text"], data
    article = await storage_of(app).articles.get(article_id)
    assert article is not None and article.retracted_at is None


async def test_retractions_speak_georgian(app: Any, api: LocalBotApi) -> None:
    await storage_of(app).chats.set_language(EDITOR_ID, "private", None, "ka")
    api.add_private_chat(SUBSCRIBER_ID, first_name="ნინო", language_code="ka")
    article_id = await publish(app, "შეცდომა", "ტექსტი.")
    [question] = await ask(api, EDITOR_ID, f"/retract {article_id}")
    assert "გაიწვიოთ" in question.text and question.button_texts[0] == "🚫 გაწვევა"
    [done] = await pressed(api, question, f"rt:yes:{article_id}")
    assert "გაიწვია" in done.text
    [notice] = await ask(api, SUBSCRIBER_ID, f"/read_{article_id}")
    assert "გაიწვია" in notice.text
    [restored] = await ask(api, EDITOR_ID, f"/restore {article_id}")
    assert "ხელახლა გამოქვეყნდა" in restored.text


async def test_an_alert_not_yet_sent_leaves_a_withdrawn_article_out(
    supervised_app: Any, api: LocalBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = storage_of(supervised_app)
    await storage.subscriptions.subscribe(SUBSCRIBER_ID, "private")
    outage = ClaimOutage(supervised_app, monkeypatch)  # rounds are planned, nothing is sent
    kept = await publish(supervised_app, "Kept story")
    withdrawn = await publish(supervised_app, "Wrong story")

    async def planned() -> bool:
        async with storage.database.connection.execute(
            "SELECT count(*) FROM outbox WHERE chat_id = ? AND through_article_id >= ?",
            (SUBSCRIBER_ID, withdrawn),
        ) as cursor:
            row = await cursor.fetchone()
        return bool(row and row[0])

    await eventually(planned, "an alert planned for both articles")
    await retract(api, withdrawn)
    outage.end()
    [alert] = await api.wait_for_messages(SUBSCRIBER_ID, 1, timeout=30)
    assert "Kept story" in alert.text and "Wrong story" not in alert.text
    assert [b["callback_data"] for row in alert.buttons for b in row] == [f"r:{kept}"]


async def test_history_shows_each_withdrawal_and_restoration_in_order_with_the_revisions(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Wrong story", "Text.")
    await retract(api, article_id)
    await ask(api, EDITOR_ID, f"/restore {article_id}")
    await ask(api, EDITOR_ID, f"/edit {article_id}\nRight story")
    await retract(api, article_id)
    [history] = await ask(api, EDITOR_ID, f"/history {article_id}")
    lines = history.text.splitlines()
    assert len(lines) == 6, lines
    assert lines[1].startswith("1.") and lines[1].endswith("original")
    assert "Withdrawn" in lines[2] and str(EDITOR_ID) in lines[2]
    assert "Restored" in lines[3] and str(EDITOR_ID) in lines[3]
    assert lines[4].startswith("2.") and lines[4].endswith("headline")
    assert "Withdrawn" in lines[5]
