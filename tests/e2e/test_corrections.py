"""Corrections over the real HTTP path: /edit step by step and at once, the preview with the
copies it will update, /history, an edited /post message, bad input, and non-editors refused."""

from __future__ import annotations

import re
from typing import Any

import pytest

from local_bot_api import LocalBotApi
from local_bot_api.images import png_bytes
from local_bot_api.models import SentMessage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    ask,
    eventually,
    messages_after,
    publish,
    storage_of,
)
from tests.e2e.test_photos import issued_photo, publish_with_photo


async def pressed(
    api: LocalBotApi, message: SentMessage, data: str, *, count: int = 1, chat_id: int = EDITOR_ID
) -> list[SentMessage]:
    """Press a button of the bot's message; the bot's new messages in the chat."""
    return await messages_after(
        api,
        chat_id,
        lambda: api.press_button(chat_id, message.message_id, data, from_user=chat_id),
        count=count,
    )


def button(message: SentMessage, label: str) -> str:
    """The callback data of the message's button whose label contains `label`."""
    for row in message.buttons:
        for entry in row:
            if label in entry["text"]:
                return str(entry["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.button_texts}")


async def choices(api: LocalBotApi, article_id: int, *, count: int = 3) -> SentMessage:
    """/edit <id>: the message with the Headline / Text / Photo buttons, after the article
    (`count`: how many messages that takes, the intro and the buttons' message included)."""
    *_, choose = await ask(api, EDITOR_ID, f"/edit {article_id}", count=count)
    return choose


async def bad_ids_are_answered(api: LocalBotApi, command: str) -> None:
    """`command` without an id, with a word for one, with an unknown one: a clear reply each."""
    [usage] = await ask(api, EDITOR_ID, command)
    assert f"{command} 12" in usage.text
    [bad] = await ask(api, EDITOR_ID, f"{command} abc")
    assert "“abc” is not an article number" in bad.text
    [missing] = await ask(api, EDITOR_ID, f"{command} 999")
    assert "no article number 999" in missing.text


async def test_guided_edit_replaces_headline_and_text_previews_and_publishes(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Rates hold", "The bank kept its rates.")
    await ask(api, READER_ID, f"/read_{article_id}")  # one copy already sent

    intro, current, choose = await ask(api, EDITOR_ID, f"/edit {article_id}", count=3)
    assert f"Correcting article {article_id}" in intro.text
    assert current.text.startswith("Rates hold") and "The bank kept its rates." in current.text
    assert choose.button_texts[:3] == ["Headline", "Text", "Photo"]

    [asks] = await pressed(api, choose, button(choose, "Headline"))
    assert "new headline" in asks.text
    [taken] = await ask(api, EDITOR_ID, "Rates hold, for now")
    assert "Headline replaced" in taken.text
    [asks] = await pressed(api, choose, button(choose, "Text"))
    assert "new text" in asks.text
    await ask(api, EDITOR_ID, "The bank kept its rates until March.")

    preview_intro, preview, actions = await ask(api, EDITOR_ID, "/done", count=3)
    assert "Preview of the correction" in preview_intro.text
    assert preview.text.startswith("Rates hold, for now\n")
    assert "✏️ Updated" in preview.text and "until March" in preview.text
    assert "update 1 messages in 1 chats" in actions.text
    # Nothing is changed before Publish.
    article = await storage_of(app).articles.get(article_id)
    assert article is not None and article.headline == "Rates hold"

    [done] = await pressed(api, actions, button(actions, "Publish"))
    assert f"Article {article_id} corrected" in done.text
    article = await storage_of(app).articles.get(article_id)
    assert article is not None and article.headline == "Rates hold, for now"
    assert article.body_html == "The bank kept its rates until March."
    assert article.updated_at is not None and article.views == 1

    [read] = await ask(api, READER_ID, f"/read_{article_id}")
    assert read.text.startswith("Rates hold, for now\n") and "✏️ Updated" in read.text
    # The draft is closed: the old buttons do nothing more.
    answer = api.press_button(
        EDITOR_ID, actions.message_id, button(actions, "Publish"), check=False
    )
    reply = await api.wait_for_callback_answer(answer["callback_query"]["id"], timeout=TIMEOUT)
    assert "no longer open" in reply["text"]


async def test_guided_edit_that_changes_nothing_is_refused_and_cancel_keeps_the_article(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Bridge reopens", "Traffic resumes.")
    choose = await choices(api, article_id)
    await pressed(api, choose, button(choose, "Headline"))
    await ask(api, EDITOR_ID, "Bridge reopens")
    [refusal] = await ask(api, EDITOR_ID, "/done")
    assert "Nothing to correct" in refusal.text
    [cancelled] = await ask(api, EDITOR_ID, "/cancel")
    assert "Correction discarded" in cancelled.text
    # /post works again afterwards: no correction is left open.
    [asks] = await ask(api, EDITOR_ID, "/post")
    assert "New article" in asks.text


async def test_text_before_choosing_what_it_replaces_asks_for_a_button(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Storm warning", "Winds tonight.")
    await ask(api, EDITOR_ID, f"/edit {article_id}", count=3)
    [hint] = await ask(api, EDITOR_ID, "Some text")
    assert "Press" in hint.text and "Headline" in hint.text
    article = await storage_of(app).articles.get(article_id)
    assert article is not None and article.body_html == "Winds tonight."


async def test_one_shot_edit_applies_at_once_and_keeps_the_text_when_only_a_headline_is_given(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Mayor resigns", "The mayor left office.")
    [done] = await ask(api, EDITOR_ID, f"/edit {article_id}\nMayor resigns after vote")
    assert f"Article {article_id} corrected" in done.text
    article = await storage_of(app).articles.get(article_id)
    assert article is not None and article.headline == "Mayor resigns after vote"
    assert article.body_html == "The mayor left office."

    text = f"/edit {article_id}\nMayor resigns after vote\nThe mayor left office on Tuesday."
    entities = [
        {"type": "bot_command", "offset": 0, "length": 5},
        {"type": "bold", "offset": text.index("Tuesday"), "length": 7},
    ]
    await ask(api, EDITOR_ID, text, entities=entities)
    article = await storage_of(app).articles.get(article_id)
    assert article is not None
    assert article.body_html == "The mayor left office on <b>Tuesday</b>."

    [same] = await ask(api, EDITOR_ID, f"/edit {article_id}\nMayor resigns after vote")
    assert "Nothing to correct" in same.text


async def test_history_lists_each_revision_with_who_when_and_what(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Harvest begins", "Grapes everywhere.")
    [original] = await ask(api, EDITOR_ID, f"/history {article_id}")
    assert f"History of article {article_id}" in original.text
    assert "1." in original.text and "original" in original.text
    await ask(api, EDITOR_ID, f"/edit {article_id}\nHarvest begins early")
    await ask(api, EDITOR_ID, f"/edit {article_id}\nHarvest begins early\nGrapes in August.")
    [history] = await ask(api, EDITOR_ID, f"/history {article_id}")
    lines = history.text.splitlines()
    assert len(lines) == 4, lines
    assert "original" in lines[1]
    assert lines[2].startswith("2.") and lines[2].endswith("headline")
    assert lines[3].startswith("3.") and lines[3].endswith("text")
    assert str(EDITOR_ID) in lines[3]
    revisions = await storage_of(app).articles.history(article_id)
    assert [r.headline for r in revisions] == [
        "Harvest begins",
        "Harvest begins early",
        "Harvest begins early",
    ]


@pytest.mark.parametrize("command", ["/post", "/breaking"])
async def test_editing_the_original_post_message_corrects_that_article(
    app: Any, api: LocalBotApi, command: str
) -> None:
    posted: list[dict[str, Any]] = []
    await messages_after(
        api,
        EDITOR_ID,
        lambda: posted.append(
            api.send_command(EDITOR_ID, f"{command} Rates hold\nThe bank kept rates.")
        ),
    )
    [headline] = await storage_of(app).articles.latest(10)
    message_id = int(posted[0]["message"]["message_id"])

    replies = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.edit_text(
            EDITOR_ID, message_id, f"{command} Rates hold, for now\nThe bank waits."
        ),
    )
    assert f"Article {headline.id} corrected" in replies[0].text
    articles = await storage_of(app).articles.latest(10)
    assert [(a.id, a.headline) for a in articles] == [(headline.id, "Rates hold, for now")]
    article = await storage_of(app).articles.get(headline.id)
    assert article is not None and article.body_html == "The bank waits."


async def test_bad_input_gets_a_clear_reply(app: Any, api: LocalBotApi) -> None:
    await bad_ids_are_answered(api, "/edit")
    [missing] = await ask(api, EDITOR_ID, "/history 999")
    assert "no article number 999" in missing.text
    article_id = await publish(app, "Withdrawn story", "Text.")
    await storage_of(app).articles.retract(article_id, EDITOR_ID)
    [withdrawn] = await ask(api, EDITOR_ID, f"/edit {article_id}")
    assert "withdrawn" in withdrawn.text and f"/restore {article_id}" in withdrawn.text
    short = await publish(app, "Short", "T.")
    [too_long] = await ask(api, EDITOR_ID, f"/edit {short}\n{'x' * 300}")
    assert "limit" in too_long.text
    # An open /post draft is not thrown away by /edit.
    await ask(api, EDITOR_ID, "/post Unfinished")
    [busy] = await ask(api, EDITOR_ID, f"/edit {article_id}")
    assert "/cancel" in busy.text
    assert (await storage_of(app).drafts.get(EDITOR_ID, EDITOR_ID)) is not None


async def test_non_editors_are_refused_every_correction_command_and_button(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Rates hold", "Text.")
    for command in (f"/edit {article_id}", f"/edit {article_id}\nHacked", f"/history {article_id}"):
        [refusal] = await ask(api, READER_ID, command)
        assert "only the news desk’s editors" in refusal.text, command
    choose = await choices(api, article_id)
    for data in (*choose.callback_data, f"cd:publish:{article_id}", f"cd:cancel:{article_id}"):
        update = api.press_button(
            READER_ID, choose.message_id, data, from_user=READER_ID, check=False
        )
        answer = await api.wait_for_callback_answer(update["callback_query"]["id"], timeout=TIMEOUT)
        assert "only the news desk’s editors" in answer["text"], data
    article = await storage_of(app).articles.get(article_id)
    assert article is not None and article.headline == "Rates hold"


async def test_corrections_speak_georgian_to_a_georgian_editor(app: Any, api: LocalBotApi) -> None:
    await storage_of(app).chats.set_language(EDITOR_ID, "private", None, "ka")
    article_id = await publish(app, "ამინდი", "წვიმა.")
    intro, _, choose = await ask(api, EDITOR_ID, f"/edit {article_id}", count=3)
    assert "სწორდება" in intro.text
    assert choose.button_texts[:3] == ["სათაური", "ტექსტი", "ფოტო"]
    [done] = await ask(api, EDITOR_ID, f"/edit {article_id}\nამინდი ხვალ")
    assert "/read_" in done.text
    [refusal] = await ask(api, EDITOR_ID, f"/edit {article_id}\nამინდი ხვალ")
    assert "შესასწორებელი არაფერია" in refusal.text
    [history] = await ask(api, EDITOR_ID, f"/history {article_id}")
    assert "ორიგინალი" in history.text and "სათაური" in history.text
    [read] = await ask(api, EDITOR_ID, f"/read_{article_id}")
    assert "✏️ განახლდა" in read.text


async def test_a_read_reply_already_sent_is_edited_after_a_correction(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Rates hold", "The bank kept its rates.")
    [copy] = await ask(api, READER_ID, f"/read_{article_id}")
    await ask(api, EDITOR_ID, f"/edit {article_id}\nRates hold, for now")

    def updated() -> bool:
        [shown] = [m for m in api.messages(READER_ID) if m.message_id == copy.message_id]
        return shown.text.startswith("Rates hold, for now\n") and "✏️ Updated" in shown.text

    await eventually(updated, "the reader's copy corrected")
    assert re.search(r"👁 1\b", api.messages(READER_ID)[0].text)


async def test_an_image_file_sent_for_the_photo_replaces_it_and_the_sent_copies_are_swapped(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish_with_photo(app, "Museum reopens", issued_photo(api, 800, 600))
    [copy, _] = await ask(api, READER_ID, f"/read_{article_id}", count=2)
    choose = await choices(api, article_id, count=4)  # the photo and the text between
    await pressed(api, choose, button(choose, "Photo"))

    document = api.send_document(EDITOR_ID, "hall.png", png_bytes(900, 600), "image/png")
    await api.wait_for(
        lambda m: m.chat_id == EDITOR_ID and "Photo replaced" in m.text, timeout=TIMEOUT
    )
    # Uploaded once as a photo into the editor's chat: that photo's file_id is the one kept.
    upload = [m for m in api.messages(EDITOR_ID) if m.method == "sendPhoto"][-1]
    assert upload.photo is not None
    assert upload.photo != document["message"]["document"]["file_id"]
    [done] = await ask(api, EDITOR_ID, "/publish")
    assert f"Article {article_id} corrected" in done.text
    article = await storage_of(app).articles.get(article_id)
    assert article is not None and article.photo is not None
    assert article.photo.file_id == upload.photo
    assert (article.photo.width, article.photo.height) == (900, 600)

    def swapped() -> bool:
        [shown] = [m for m in api.messages(READER_ID) if m.message_id == copy.message_id]
        return shown.photo == upload.photo

    await eventually(swapped, "the reader's copy shows the new photo")
    assert [r.method for r in api.requests].count("editMessageMedia") == 1
