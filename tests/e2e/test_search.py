"""Search over the real HTTP path (issue 13): /search and a private chat's plain text, in
English and Georgian, phrases, hostile input, paging in place, and an index that follows
corrections, withdrawals and scheduled publication; "Read also" that fits."""

from __future__ import annotations

import re
from typing import Any

from bot.settings import Settings
from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ask,
    edited_by_press,
    press,
    publish,
    running_bot,
    storage_of,
)
from tests.e2e.test_retractions import retract
from tests.e2e.test_scheduling import schedule_at_once

GEORGIAN_ID = 3001
ERROR = "Something went wrong"


def found(text: str) -> list[str]:
    """The /read links of a results message, in order."""
    return re.findall(r"/read_(\d+)", text)


async def test_search_finds_english_words_with_date_views_bold_snippet_and_buttons(
    app: Any, api: LocalBotApi
) -> None:
    fares = await publish(
        app,
        "Metro fares rise in Tbilisi",
        "The city council voted <b>on Tuesday</b> to raise metro fares &amp; bus fares.",
    )
    await publish(app, "Harvest begins early", "Grapes in August.")
    [results] = await ask(api, READER_ID, "/search FARES")
    assert found(results.text) == [str(fares)]
    assert "Metro fares rise in Tbilisi" in results.text
    assert re.search(r"\d\d\.\d\d\.\d{4} · 👁 0", results.text)
    assert results.html is not None and "<b>fares</b>" in results.html  # the matched words
    assert "&amp; bus" in results.html and "<b>on Tuesday</b>" not in results.html
    assert results.callback_data == [f"r:{fares}"]
    [none] = await ask(api, READER_ID, "/search href")  # markup is not text: never matched
    assert "Nothing found" in none.text
    for start in ("tbilis", "Tbi", "counc"):  # the start of a word finds the word
        [prefix] = await ask(api, READER_ID, f"/search {start}")
        assert found(prefix.text) == [str(fares)], start
    [inside] = await ask(api, READER_ID, "/search ouncil")
    assert inside.html is not None and "c<b>ouncil</b>" in inside.html


async def test_plain_text_in_a_private_chat_searches_georgian_and_mixed_scripts(
    app: Any, api: LocalBotApi
) -> None:
    metro = await publish(
        app, "თბილისის მეტრო ახალ სადგურს ხსნის", "Tbilisi metro: სადგური გლდანში გაიხსნება."
    )
    await publish(app, "ბიუჯეტი დამტკიცდა", "პარლამენტმა ბიუჯეტი მიიღო.")
    api.add_private_chat(GEORGIAN_ID, first_name="ნინო", language_code="ka")
    [results] = await ask(api, GEORGIAN_ID, "მეტრო")
    assert found(results.text) == [str(metro)]
    assert "ნაპოვნია 1" in results.text  # in the reader's language
    [command] = await ask(api, GEORGIAN_ID, "/search მეტრო")  # the command, in Georgian too
    assert found(command.text) == [str(metro)] and "ნაპოვნია 1" in command.text
    [mixed] = await ask(api, READER_ID, "Tbilisi სადგური")
    assert found(mixed.text) == [str(metro)]
    assert mixed.html is not None and "<b>სადგური</b>" in mixed.html


async def test_a_georgian_word_is_found_inside_a_longer_word(app: Any, api: LocalBotApi) -> None:
    inside = await publish(app, "საქართველოს მთავრობამ ბიუჯეტი დაამტკიცა", "გადაწყვეტილება.")
    await publish(app, "ამინდი", "ხვალ წვიმს.")
    [results] = await ask(api, READER_ID, "/search ქართველ")
    assert found(results.text) == [str(inside)]
    [body] = await ask(api, READER_ID, "/search მტკიც")  # in the text's word "დაამტკიცა"
    assert found(body.text) == [str(inside)]


async def test_quotes_make_a_phrase(app: Any, api: LocalBotApi) -> None:
    phrase = await publish(app, "Leaders near a peace deal", "Talks go on.")
    await publish(app, "A deal on grain", "No peace yet.")
    await publish(app, "Peacekeepers", "The peace dealers met.")  # not those words exactly
    [results] = await ask(api, READER_ID, '/search "peace deal"')
    assert found(results.text) == [str(phrase)]
    [both] = await ask(api, READER_ID, "/search peace deal")
    assert len(found(both.text)) == 3  # also "peace dealers", after the whole words
    [georgian_quotes] = await ask(api, READER_ID, "/search „peace deal“")
    assert found(georgian_quotes.text) == [str(phrase)]


async def test_hostile_fts_looking_input_is_searched_as_words_or_explained(
    app: Any, api: LocalBotApi
) -> None:
    near = await publish(app, "NEAR the border", "Markup <i>stays</i> &lt;script&gt; escaped.")
    answers = {}
    for text in ('AND OR NOT * "', "NEAR(", "NEAR(border", '"', "***", "a", "- : ^ ( ) {}"):
        [answer] = await ask(api, READER_ID, f"/search {text}")
        assert ERROR not in answer.text, text
        answers[text] = answer.text
    assert "too short" in answers["a"]
    assert "only symbols" in answers["***"] and "only symbols" in answers['"']
    assert found(answers["NEAR("]) == [str(near)]
    assert found(answers["NEAR(border"]) == [str(near)]
    assert "Nothing found" in answers['AND OR NOT * "']
    [script] = await ask(api, READER_ID, "script")  # the text's "<script>", escaped
    assert found(script.text) == [str(near)] and "<script>" in script.text
    [usage] = await ask(api, READER_ID, "/search")
    assert "What should I look for?" in usage.text


async def test_results_page_in_place_with_older_and_newer(app: Any, api: LocalBotApi) -> None:
    ids = [await publish(app, f"Budget story {n:02d}", "Budget text.") for n in range(1, 13)]
    [first] = await ask(api, READER_ID, "/search budget")
    assert "12 found · page 1 of 3" in first.text
    assert len(found(first.text)) == 5
    older = next(data for data in first.callback_data if data.startswith("sp:"))
    second = await edited_by_press(api, READER_ID, first, older)
    assert "page 2 of 3" in second.text
    assert not set(found(first.text)) & set(found(second.text))
    assert [b for b in second.button_texts if "›" in b or "‹" in b] == ["‹ Newer", "Older ›"]
    older = [data for data in second.callback_data if data.startswith("sp:")][-1]
    third = await edited_by_press(api, READER_ID, first, older)
    seen = found(first.text) + found(second.text) + found(third.text)
    assert sorted(map(int, seen)) == ids  # every article once
    newer = next(data for data in third.callback_data if data.startswith("sp:"))
    back = await edited_by_press(api, READER_ID, first, newer)
    assert found(back.text) == found(second.text)
    assert len(api.messages(READER_ID)) == 1  # paged by editing, not by new messages
    query_id = older.split(":")[1]
    gone = await press(api, READER_ID, first, f"sp:{int(query_id) + 99}:1", check=False)
    assert "too old" in gone["text"]
    beyond = await press(api, READER_ID, first, f"sp:{query_id}:{2**62}", check=False)
    assert "no more results" in beyond["text"]


async def test_withdrawn_and_scheduled_articles_never_appear(app: Any, api: LocalBotApi) -> None:
    withdrawn = await publish(app, "Harbour closes for repairs", "The harbour is closed.")
    await retract(api, withdrawn)
    await schedule_at_once(api, "Harbour reopens next month")
    [results] = await ask(api, READER_ID, "/search harbour")
    assert "Nothing found" in results.text
    await ask(api, EDITOR_ID, f"/restore {withdrawn}")
    [restored] = await ask(api, READER_ID, "/search harbour")
    assert found(restored.text) == [str(withdrawn)]


async def test_the_index_follows_a_correction(app: Any, api: LocalBotApi) -> None:
    article_id = await publish(app, "Mayor resigns after vote", "The mayor left.")
    [done] = await ask(api, EDITOR_ID, f"/edit {article_id}\nMayor stays after vote\nHe stays.")
    assert ERROR not in done.text
    [old] = await ask(api, READER_ID, "/search resigns")
    assert "Nothing found" in old.text
    [new] = await ask(api, READER_ID, "/search stays")
    assert found(new.text) == [str(article_id)]
    assert new.html is not None and "<b>stays</b>" in new.html


async def test_the_index_survives_a_restart(settings: Settings, api: LocalBotApi) -> None:
    async with running_bot(settings) as first:
        article_id = await publish(first, "Harbour reopens", "Ships are back.")
    async with running_bot(settings):
        [results] = await ask(api, READER_ID, "/search ships")
        assert found(results.text) == [str(article_id)]


async def test_read_also_prefers_articles_sharing_words_over_newer_ones(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    metro = await publish(app, "Metro fares rise in Tbilisi", "Fares go up.")
    related = await publish(app, "New metro line for Tbilisi", "A line opens.")
    withdrawn = await publish(app, "Tbilisi metro strike", "Drivers stop.")
    await storage.articles.retract(withdrawn, EDITOR_ID)
    newest = [await publish(app, f"Football final {n}", "A match.") for n in range(3)]
    [*_, article] = await ask(api, READER_ID, f"/read {metro}")
    assert article.callback_data[:2] == [f"r:{related}", f"r:{newest[-1]}"]
    assert f"r:{metro}" not in article.callback_data
    assert f"r:{withdrawn}" not in article.callback_data


async def test_search_is_in_help_in_both_languages(app: Any, api: LocalBotApi) -> None:
    [english] = await ask(api, READER_ID, "/help")
    assert "/search" in english.text
    api.add_private_chat(GEORGIAN_ID, first_name="ნინო", language_code="ka")
    [georgian] = await ask(api, GEORGIAN_ID, "/help")
    assert "/search" in georgian.text and "ძიება" in georgian.text
    [usage] = await ask(api, GEORGIAN_ID, "/search")
    assert "რა მოვძებნო?" in usage.text
