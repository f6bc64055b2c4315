"""Readers over the real HTTP path: /latest, /read, buttons, deep links, views."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from local_bot_api import LocalBotApi
from storage import Storage
from tests.audit import delivery_rows
from tests.e2e.harness import (
    READER_ID,
    TIMEOUT,
    ask,
    edited_by_press,
    eventually,
    messages_after,
    press,
    publish,
    services_of,
)

GEORGIAN_ID = 3001
GEORGIAN_HEADLINE = (
    "მარკო რუბიო - ინფორმაცია, რომ დენ დრისკოლმა უკრაინელები გარდაუვალი მარცხის შესახებ "
    "გააფრთხილა, 100%-ით ყალბია"
)


async def views_counted(storage: Storage, article_id: int, views: int) -> bool:
    article = await storage.articles.get(article_id)
    return article is not None and article.views == views


async def test_latest_lists_newest_first_with_date_views_and_read_buttons(
    app: Any, api: LocalBotApi
) -> None:
    ids = [await publish(app, f"Headline {n}") for n in range(1, 8)]
    [listing] = await ask(api, READER_ID, "/latest")
    titles = re.findall(r"Headline \d", listing.text)
    assert titles == ["Headline 7", "Headline 6", "Headline 5", "Headline 4", "Headline 3"]
    assert re.search(rf"\d\d\.\d\d\.\d{{4}} · 👁 0 · /read_{ids[-1]}\n", listing.text)
    assert listing.callback_data[:5] == [f"r:{i}" for i in reversed(ids[2:])]
    assert listing.button_texts[-1].startswith("Older")


async def test_latest_older_button_edits_the_list_in_place_and_newest_returns(
    app: Any, api: LocalBotApi
) -> None:
    for n in range(1, 8):
        await publish(app, f"Headline {n}")
    [listing] = await ask(api, READER_ID, "/latest 3")
    older = next(data for data in listing.callback_data if data.startswith("l:"))
    edited = await edited_by_press(api, READER_ID, listing, older)
    assert re.findall(r"Headline \d", edited.text) == ["Headline 4", "Headline 3", "Headline 2"]
    assert len(api.messages(READER_ID)) == 1  # paged by editing, not by new messages
    newest = next(d for d in edited.callback_data if d == "l:0:3")
    back = await edited_by_press(api, READER_ID, listing, newest)
    assert re.findall(r"Headline \d", back.text) == ["Headline 7", "Headline 6", "Headline 5"]
    assert len(api.messages(READER_ID)) == 1


async def test_latest_counts_default_clamped_and_refused(app: Any, api: LocalBotApi) -> None:
    for n in range(1, 26):
        await publish(app, f"Story {n:02d}")
    [listing] = await ask(api, READER_ID, "/latest")
    assert len(re.findall(r"Story \d\d", listing.text)) == 5
    note, clamped = await ask(api, READER_ID, "/latest 100000", count=2)
    assert "at most 20" in note.text
    assert len(re.findall(r"Story \d\d", clamped.text)) == 20
    for bad in ("/latest xyz", "/latest -3", "/latest 0"):
        [refusal] = await ask(api, READER_ID, bad)
        assert "from 1 to 20" in refusal.text


async def test_latest_when_nothing_is_published(app: Any, api: LocalBotApi) -> None:
    [reply] = await ask(api, READER_ID, "/latest")
    assert "No articles" in reply.text


async def test_read_shows_article_and_counts_the_view_it_shows(app: Any, api: LocalBotApi) -> None:
    article_id = await publish(
        app, "Witkoff advised Kremlin", "<b>Bold</b> start.\n\nSecond paragraph."
    )
    [first] = await ask(api, READER_ID, f"/read {article_id}")
    assert first.text.startswith("Witkoff advised Kremlin\n")
    assert re.search(r"\d\d\.\d\d\.\d{4} · 👁 1\n", first.text)
    assert {"type": "bold", "offset": 0, "length": len("Witkoff advised Kremlin")} in first.entities
    [second] = await ask(api, READER_ID, f"/read_{article_id}")
    assert "👁 2" in second.text
    storage = services_of(app).storage
    # Counted once the whole article was sent, a moment after the last part arrived.
    await eventually(lambda: views_counted(storage, article_id, 2), "the second view counted")
    assert await delivery_rows(storage, article_id) == 2


async def test_read_button_and_deep_link_each_count_a_view(app: Any, api: LocalBotApi) -> None:
    article_id = await publish(app, "Deep linked")
    [listing] = await ask(api, READER_ID, "/latest")
    [by_button] = await messages_after(
        api, READER_ID, lambda: api.press_button(READER_ID, listing.message_id, f"r:{article_id}")
    )
    assert "Deep linked" in by_button.text and "👁 1" in by_button.text
    [by_link] = await ask(api, READER_ID, f"/start read_{article_id}")
    assert "Deep linked" in by_link.text and "👁 2" in by_link.text


async def test_read_also_offers_up_to_three_other_recent_articles(
    app: Any, api: LocalBotApi
) -> None:
    ids = [await publish(app, f"Item {n}") for n in range(1, 6)]
    [article] = await ask(api, READER_ID, f"/read {ids[0]}")
    assert "Read also:" in article.text
    assert article.callback_data == [f"r:{i}" for i in (ids[4], ids[3], ids[2])]


async def test_read_refuses_bad_ids_clearly_and_stores_nothing(app: Any, api: LocalBotApi) -> None:
    article_id = await publish(app, "Only one")
    expectations = {
        "/read": "Which article?",
        "/read abc": "“abc” is not an article number",
        "/read -1": "“-1” is not an article number",
        "/read 99999999999999999999": "is not an article number",
        "/read 999999": "There is no article number 999999",
        "/read_999999": "There is no article number 999999",
        "/read <b>&amp;": "“<b>&amp;” is not an article number",
    }
    for command, expected in expectations.items():
        [reply] = await ask(api, READER_ID, command)
        assert expected in reply.text, (command, reply.text)
    storage = services_of(app).storage
    assert (await storage.articles.get(article_id)).views == 0  # type: ignore[union-attr]
    assert [h.id for h in await storage.articles.latest(10)] == [article_id]


async def test_long_article_with_markup_characters_is_split_into_valid_messages(
    app: Any, api: LocalBotApi
) -> None:
    paragraph = "Prices rose 5% & fell <3 times> in a week; a < b && c > d. " * 10
    escaped = paragraph.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = "\n\n".join(f"<b>Part {n}</b> {escaped}" for n in range(18))
    article_id = await publish(app, "Long <read> & more", body)
    before = len(api.messages(READER_ID))
    api.send_command(READER_ID, f"/read {article_id}")
    await api.wait_for(lambda m: m.chat_id == READER_ID and "Part 17" in m.text, timeout=TIMEOUT)
    messages = api.messages(READER_ID)[before:]
    assert len(messages) >= 3
    assert all(len(m.text) <= 4096 for m in messages)
    shown = "".join(m.text for m in messages)
    assert shown.count("Prices rose 5% & fell <3 times> in a week; a < b && c > d.") == 180
    assert messages[0].text.startswith("Long <read> & more")
    assert not any(e for e in api.errors if e.method == "sendMessage")


async def test_concurrent_reads_never_lose_an_increment(app: Any, api: LocalBotApi) -> None:
    article_id = await publish(app, "Popular")
    readers = list(range(2000, 2030))
    for reader in readers:
        api.add_private_chat(reader, first_name="R", language_code="en")
        api.send_command(reader, f"/read {article_id}")
    await asyncio.gather(*(api.wait_for_messages(r, 1, timeout=2 * TIMEOUT) for r in readers))
    storage = services_of(app).storage
    await eventually(lambda: views_counted(storage, article_id, len(readers)), "every view")
    assert await delivery_rows(storage, article_id) == len(readers)
    # Each article shows the view it is about to count: readers at the same moment may see the
    # same number (a view counts only once delivered, issue 9 item 6), never more than counted.
    shown = [int(re.search(r"👁 (\d+)", api.messages(r)[0].text).group(1)) for r in readers]  # type: ignore[union-attr]
    assert 1 in shown and max(shown) <= len(readers)


async def test_georgian_user_is_answered_in_georgian_and_headlines_survive(
    app: Any, api: LocalBotApi
) -> None:
    api.add_private_chat(GEORGIAN_ID, first_name="ნინო", language_code="ka")
    article_id = await publish(app, GEORGIAN_HEADLINE, "ქართული ტექსტი &amp; <i>დახრილი</i>.")
    [listing] = await ask(api, GEORGIAN_ID, "/latest")
    assert "უახლესი ამბები" in listing.text and GEORGIAN_HEADLINE in listing.text
    [article] = await ask(api, GEORGIAN_ID, f"/read {article_id}")
    assert (
        article.text.startswith(GEORGIAN_HEADLINE) and "ქართული ტექსტი & დახრილი." in article.text
    )
    [refusal] = await ask(api, GEORGIAN_ID, "/read abc")
    assert "სტატიის ნომერი არ არის" in refusal.text


async def test_language_command_overrides_telegram_language_for_the_chat(
    app: Any, api: LocalBotApi
) -> None:
    [menu] = await ask(api, READER_ID, "/language")
    chosen = await edited_by_press(api, READER_ID, menu, "lang:ka")
    assert "ქართული" in chosen.text
    [reply] = await ask(api, READER_ID, "/latest")
    assert "სტატია არ გამოქვეყნებულა" in reply.text
    [menu] = await ask(api, READER_ID, "/language")
    chosen = await edited_by_press(api, READER_ID, menu, "lang:en")
    assert "English" in chosen.text
    [reply] = await ask(api, READER_ID, "/latest")
    assert "No articles" in reply.text


async def test_forged_and_malformed_buttons_get_a_polite_answer(app: Any, api: LocalBotApi) -> None:
    [hello] = await ask(api, READER_ID, "/start")
    for data in ("r:abc", "hack", "l:1:999", "post:steal", "lang:fr"):
        answer = await press(api, READER_ID, hello, data, check=False)
        assert "no longer valid" in answer.get("text", ""), data
    assert len(api.messages(READER_ID)) == 1  # answered in the callback only, nothing sent
    [missing] = await messages_after(
        api,
        READER_ID,
        lambda: api.press_button(READER_ID, hello.message_id, "r:424242", check=False),
    )
    assert "There is no article number 424242" in missing.text


async def test_start_help_and_unknown_commands(app: Any, api: LocalBotApi) -> None:
    [hello] = await ask(api, READER_ID, "/start")
    assert "Hello, Reader!" in hello.text
    [help_text] = await ask(api, READER_ID, "/help")
    assert "/latest" in help_text.text and "For editors" not in help_text.text
    [unknown] = await ask(api, READER_ID, "/frobnicate")
    assert "don’t know that command" in unknown.text
    [hint] = await ask(api, READER_ID, "hello bot")
    assert "/latest" in hint.text


async def test_command_menu_is_published_in_both_languages(app: Any, api: LocalBotApi) -> None:
    commands = api.commands
    english = commands[("default", "en")]
    georgian = commands[("default", "ka")]
    assert [c["command"] for c in english] == [c["command"] for c in georgian]
    assert {"latest", "read", "help", "language", "start"} <= {c["command"] for c in english}
    assert georgian[0]["description"] != english[0]["description"]
