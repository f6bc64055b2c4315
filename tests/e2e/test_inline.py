"""Inline sharing over the real HTTP path (issue 13): `@bot words` answered through the local
Bot API server in English and Georgian, the newest for no words, paging with next_offset,
hostile words, withdrawn articles left out, and a chosen result counted once as an inline view."""

from __future__ import annotations

import re
from typing import Any

import pytest

from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    GEORGIAN_READER_ID,
    READER_ID,
    TIMEOUT,
    ask,
    eventually,
    press,
    publish,
    storage_of,
)

BOT = "newsbot_test_bot"
DATE = r"\d\d\.\d\d\.\d{4}"


async def inline(api: LocalBotApi, user_id: int, query: str, offset: str = "") -> dict[str, Any]:
    """Type `@bot query` as the user (at `offset`, an earlier answer's next_offset) and return
    the bot's answer."""
    update = api.inline_query(user_id, query, offset)
    return await api.wait_for_inline_answer(update["inline_query"]["id"], timeout=TIMEOUT)


def ids(answer: dict[str, Any]) -> list[int]:
    return [int(result["id"]) for result in answer["results"]]


def button(result: dict[str, Any]) -> dict[str, Any]:
    [[only]] = result["reply_markup"]["inline_keyboard"]
    return dict(only)


async def test_inline_results_in_english_and_georgian_post_headline_lead_and_deep_link(
    app: Any, api: LocalBotApi
) -> None:
    body = "The city council voted on Tuesday to raise metro fares &amp; bus fares. " * 5
    fares = await publish(app, "Metro fares rise in Tbilisi", body)
    metro = await publish(app, "თბილისის მეტრო ახალ სადგურს ხსნის", "სადგური გლდანში გაიხსნება.")
    await publish(app, "Harvest begins early", "Grapes in August.")
    api.add_private_chat(GEORGIAN_READER_ID, first_name="Nino", language_code="ka")

    answer = await inline(api, READER_ID, "fares")

    [result] = answer["results"]
    assert (result["type"], result["id"], result["title"]) == (
        "article",
        str(fares),
        "Metro fares rise in Tbilisi",
    )
    assert re.fullmatch(rf"{DATE} · The city council voted .*…", result["description"])
    posted = result["input_message_content"]
    assert posted["parse_mode"] == "HTML"
    headline, lead = posted["message_text"].split("\n")
    assert headline == "<b>Metro fares rise in Tbilisi</b>"
    assert lead.startswith("The city council voted on Tuesday to raise metro fares &amp; bus")
    shown = lead.replace("&amp;", "&").removesuffix("…")
    text = body.replace("&amp;", "&")
    assert lead.endswith("…") and text.startswith(shown) and text[len(shown)] == " "  # a word
    assert len(shown) < 200  # a teaser, never the article
    assert button(result) == {
        "text": "📖 Read in the bot",
        "url": f"https://t.me/{BOT}?start=read_{fares}",
    }
    assert (answer["is_personal"], answer["cache_time"], answer["next_offset"]) == (True, 30, "")

    in_georgian = await inline(api, GEORGIAN_READER_ID, "მეტრო")
    assert ids(in_georgian) == [metro]
    assert button(in_georgian["results"][0]) == {
        "text": "📖 წაიკითხეთ ბოტში",
        "url": f"https://t.me/{BOT}?start=read_{metro}",
    }
    assert in_georgian["results"][0]["input_message_content"]["message_text"] == (
        "<b>თბილისის მეტრო ახალ სადგურს ხსნის</b>\nსადგური გლდანში გაიხსნება."
    )

    # The language the reader chose in their private chat with the bot wins over Telegram's.
    [menu] = await ask(api, READER_ID, "/language")
    await press(api, READER_ID, menu, "lang:ka")
    chosen_language = await inline(api, READER_ID, "fares")
    assert button(chosen_language["results"][0])["text"] == "📖 წაიკითხეთ ბოტში"


async def test_empty_query_lists_the_newest_and_pages_leave_out_withdrawn_articles(
    app: Any, api: LocalBotApi
) -> None:
    published = [await publish(app, f"Harbour story {n}", f"Ships {n}.") for n in range(25)]
    withdrawn = published[-2]
    await storage_of(app).articles.retract(withdrawn, EDITOR_ID)
    newest_first = [article for article in reversed(published) if article != withdrawn]

    first = await inline(api, READER_ID, "")
    assert ids(first) == newest_first[:20]
    assert first["next_offset"] == str(newest_first[19])
    last = await inline(api, READER_ID, "", first["next_offset"])
    assert ids(last) == newest_first[20:]
    assert last["next_offset"] == ""
    for malformed in ("abc", "-5", "9" * 40, "１２"):  # a client's offset: the first page
        assert ids(await inline(api, READER_ID, "", malformed)) == newest_first[:20]

    searched = await inline(api, READER_ID, "harbour")
    assert len(searched["results"]) == 20 and searched["next_offset"] == "1"
    rest = await inline(api, READER_ID, "harbour", searched["next_offset"])
    assert rest["next_offset"] == ""
    assert sorted(ids(searched) + ids(rest)) == sorted(newest_first)
    assert withdrawn not in ids(searched) + ids(rest)

    for hostile in ('AND OR NOT * "', "NEAR(", '"', "a"):  # words, or nothing to search for
        answer = await inline(api, READER_ID, hostile)
        assert answer["next_offset"] == ""


async def test_a_chosen_result_counts_one_inline_view_however_often_it_is_reported(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    article = await publish(app, "Bridge reopens", "Traffic flows again.")
    answer = await inline(api, READER_ID, "bridge")
    assert ids(answer) == [article]

    api.choose_inline_result(READER_ID, str(article), "bridge", inline_message_id="AAQ1")
    api.choose_inline_result(READER_ID, str(article), "bridge", inline_message_id="AAQ1")
    api.choose_inline_result(READER_ID, "not-an-article", "bridge", check=False)
    api.choose_inline_result(READER_ID, str(article), "bridge", inline_message_id="AAQ2")

    async def both_counted() -> bool:
        found = await storage.articles.get(article)
        return found is not None and found.views == 2

    # One user's updates run in order: once the last choice counted, the repeat was ignored.
    await eventually(both_counted, "both posted copies counted")
    [stats] = await ask(api, EDITOR_ID, f"/stats {article}")
    assert "👁 2 views: 🔔 0 in alerts, 📖 0 read in the bot, 🔗 2 shared inline" in stats.text
    [read] = await ask(api, READER_ID, f"/read {article}")
    assert "👁 3" in read.text


async def test_a_query_too_old_to_answer_is_no_error(
    app: Any, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    # A reader typed on, or Telegram's ~10 s passed: the answer is refused, and nobody sees it.
    reader = {"id": READER_ID, "is_bot": False, "first_name": "Reader", "language_code": "en"}
    api.inject_update({"inline_query": {"id": "42", "from": reader, "query": "x", "offset": ""}})
    await eventually(lambda: bool(api.errors), "the late answer refused")
    answer = await inline(api, READER_ID, "")  # answered in turn after the refused one
    assert answer["results"] == []
    assert api.errors[-1].method == "answerInlineQuery"
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_a_result_shared_into_the_private_chat_with_the_bot_is_not_searched_for(
    app: Any, api: LocalBotApi
) -> None:
    """Telegram delivers a result shared into the user's own chat with the bot as a message
    `via_bot` the bot: it is the user's share, not text to search for."""
    article = await publish(app, "Ferry timetable changes", "Summer ferries run hourly.")
    answer = await inline(api, READER_ID, "ferry")
    api.post_inline_result(READER_ID, READER_ID, answer["inline_query_id"], str(article))
    # The reader's updates run in order: /help's reply comes after whatever the share caused.
    replies = await ask(api, READER_ID, "/help")
    said = [message.text for message in api.messages(READER_ID)]
    assert not any("Ferry timetable changes" in text for text in said), said
    assert replies
