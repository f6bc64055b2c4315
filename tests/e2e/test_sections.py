"""Sections over the real HTTP path (issue 11, first half): editors add, rename, reorder and
remove them with /sections (names in both languages, bad names explained in each, the wait for
names kept across a restart); non-editors are refused every command and button; an article's
section is chosen under the preview or with `#section` after a one-shot headline (an unknown one
publishes nothing); /read names the section in the reader's language, also once it is removed;
`/latest <section>` pages within it; readers' /sections lists them with a button each.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.news import sections
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage import Section, Storage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    ask,
    edited_by_press,
    make_settings,
    messages_after,
    press,
    running_bot,
    storage_of,
)

EDITORS_ONLY = "only the news desk’s editors"
GEORGIAN_READER = 1002
ZONE = ZoneInfo("Asia/Tbilisi")


def button(message: SentMessage, label: str) -> str:
    """The payload of the button whose label is `label` (or ends with it, after a ✓ or ✏️)."""
    for row in message.buttons:
        for entry in row:
            if entry["text"] == label or entry["text"].endswith(" " + label):
                return str(entry["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.button_texts}")


def entries(message: SentMessage) -> list[str]:
    """The sections an editors' list shows, in order: `World · მსოფლიო`."""
    return re.findall(r"^\d+\. (.+)$", message.text, re.MULTILINE)


async def define(storage: Storage, *names: str) -> list[Section]:
    """Sections added straight through the domain (`English | Georgian` each)."""
    added = []
    for text in names:
        section = await sections.add(storage, text)
        assert isinstance(section, Section), section
        added.append(section)
    return added


async def add_through_the_list(api: LocalBotApi, listing: SentMessage, names: str) -> SentMessage:
    """Press Add under an editors' list, send the names; the fresh list that follows."""
    [asks] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, listing.message_id, button(listing, "➕ Add section")),
    )
    assert "New section" in asks.text
    added, fresh = await ask(api, EDITOR_ID, names, count=2)
    assert "Section added" in added.text, added.text
    return fresh


async def preview_actions(api: LocalBotApi, headline: str) -> SentMessage:
    """A draft written step by step and previewed: the message with its buttons."""
    await ask(api, EDITOR_ID, f"/post {headline}")
    await ask(api, EDITOR_ID, "The text of the article.")
    *_, actions = await ask(api, EDITOR_ID, "/done", count=3)
    assert "Publish this article?" in actions.text
    return actions


def published_id(reply: SentMessage) -> int:
    match = re.search(r"Published as article (\d+)", reply.text)
    assert match, reply.text
    return int(match.group(1))


async def test_editors_add_rename_reorder_and_remove_sections(app: Any, api: LocalBotApi) -> None:
    storage = storage_of(app)
    [empty] = await ask(api, EDITOR_ID, "/sections")
    assert "No sections yet" in empty.text and empty.button_texts == ["➕ Add section"]

    # Bad names are explained, and the bot keeps waiting for good ones.
    await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, empty.message_id, button(empty, "➕ Add section")),
    )
    for bad, why in (
        ("World", "separated by |"),
        ("  | მსოფლიო", "One of the names is empty"),
        ("W" * 33 + " | მსოფლიო", "has 33 characters; a section’s name may have 32"),
        ("2026 | 2026", "“2026” has no letter"),
        ("A | B | C", "separated by |"),
    ):
        [refused] = await ask(api, EDITOR_ID, bad)
        assert why in refused.text, (bad, refused.text)
    added, listing = await ask(api, EDITOR_ID, "  World   |  მსოფლიო ", count=2)
    assert "Section added: World · მსოფლიო" in added.text
    assert entries(listing) == ["World · მსოფლიო"]

    listing = await add_through_the_list(api, listing, "Georgia | საქართველო")
    # Taken names, in either language and matched as #tags are (case, _ and -): refused.
    await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, listing.message_id, button(listing, "➕ Add section")),
    )
    for taken, name in (("WORLD | სხვა", "WORLD"), ("Globe | მსოფლიო", "მსოფლიო")):
        [refused] = await ask(api, EDITOR_ID, taken)
        assert f"already called “{name}”" in refused.text, refused.text
    _, listing = await ask(api, EDITOR_ID, "Business news | ბიზნესი", count=2)
    assert entries(listing) == [
        "World · მსოფლიო",
        "Georgia · საქართველო",
        "Business news · ბიზნესი",
    ]
    first_row, *_, last_row, add_row = listing.buttons
    assert [b["text"] for b in first_row] == ["✏️ World", "⬇️", "🗑"]
    assert [b["text"] for b in last_row] == ["✏️ Business news", "⬆️", "🗑"]
    assert [b["text"] for b in add_row] == ["➕ Add section"]
    world, georgia, business = await storage.sections.live()

    # Reordered in place: World down, then Business news up.
    moved = await edited_by_press(api, EDITOR_ID, listing, f"sm:down:{world.id}")
    assert entries(moved) == ["Georgia · საქართველო", "World · მსოფლიო", "Business news · ბიზნესი"]
    moved = await edited_by_press(api, EDITOR_ID, listing, f"sm:up:{business.id}")
    assert entries(moved) == ["Georgia · საქართველო", "Business news · ბიზნესი", "World · მსოფლიო"]
    # The last cannot go further down (a forged press): a pop-up, nothing moves.
    answer = await press(api, EDITOR_ID, listing, f"sm:down:{world.id}", check=False)
    assert answer["show_alert"] and "cannot move" in answer["text"]
    assert [s.id for s in await storage.sections.live()] == [georgia.id, business.id, world.id]

    # Rename: /cancel keeps the names; then new names, which may keep one of its own.
    [asks] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, listing.message_id, f"sm:rename:{world.id}"),
    )
    assert "Renaming World · მსოფლიო" in asks.text
    [kept] = await ask(api, EDITOR_ID, "/cancel")
    assert "Nothing changed in the sections" in kept.text
    await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, listing.message_id, f"sm:rename:{world.id}"),
    )
    renamed, listing = await ask(api, EDITOR_ID, "Globe | მსოფლიო", count=2)
    assert "Section renamed: Globe · მსოფლიო" in renamed.text
    assert entries(listing)[-1] == "Globe · მსოფლიო"

    # Remove asks first; Keep it keeps it; Remove removes it from the list.
    question = await edited_by_press(api, EDITOR_ID, listing, f"sm:remove:{business.id}")
    assert "Remove the section Business news · ბიზნესი?" in question.text
    assert question.button_texts == ["🗑 Remove", "Keep it"]
    back = await edited_by_press(api, EDITOR_ID, listing, f"sm:keep:{business.id}")
    assert len(entries(back)) == 3
    await edited_by_press(api, EDITOR_ID, listing, f"sm:remove:{business.id}")
    gone = await edited_by_press(api, EDITOR_ID, listing, f"sm:confirm:{business.id}")
    assert entries(gone) == ["Georgia · საქართველო", "Globe · მსოფლიო"]
    removed = await storage.sections.get(business.id)
    assert removed is not None and removed.removed_at is not None
    # Its name is free again; its buttons only say it is gone.
    answer = await press(api, EDITOR_ID, gone, f"sm:rename:{business.id}", check=False)
    assert answer["show_alert"] and "no longer exists" in answer["text"]
    await add_through_the_list(api, gone, "Business news | ბიზნესი")


async def test_sections_are_managed_in_georgian_too(app: Any, api: LocalBotApi) -> None:
    storage = storage_of(app)
    await storage.chats.set_language(EDITOR_ID, "private", None, "ka")
    await define(storage, "World | მსოფლიო")
    [listing] = await ask(api, EDITOR_ID, "/sections")
    assert "რუბრიკები" in listing.text and entries(listing) == ["World · მსოფლიო"]
    assert listing.buttons[0][0]["text"] == "✏️ მსოფლიო"
    [asks] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(
            EDITOR_ID, listing.message_id, button(listing, "➕ რუბრიკის დამატება")
        ),
    )
    assert "ახალი რუბრიკა" in asks.text
    [refused] = await ask(api, EDITOR_ID, "საქართველო")
    assert "გამოგზავნეთ ორივე სახელი" in refused.text
    [taken] = await ask(api, EDITOR_ID, "world | ახალი")
    assert "სხვა რუბრიკას უკვე ჰქვია „world“" in taken.text
    [too_long] = await ask(api, EDITOR_ID, "Georgia | " + "ს" * 40)
    assert "40 სიმბოლოსგან" in too_long.text
    added, _ = await ask(api, EDITOR_ID, "Georgia | საქართველო", count=2)
    assert "რუბრიკა დაემატა: Georgia · საქართველო" in added.text


async def test_non_editors_are_refused_every_section_command_and_button(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    [world] = await define(storage, "World | მსოფლიო")
    [listing] = await ask(api, EDITOR_ID, "/sections")
    # A reader's /sections is the readers' list, without the editors' buttons.
    [readers] = await ask(api, READER_ID, "/sections")
    assert readers.button_texts == ["📰 World"]
    for data in (
        "sm:add:0",
        f"sm:rename:{world.id}",
        f"sm:up:{world.id}",
        f"sm:down:{world.id}",
        f"sm:remove:{world.id}",
        f"sm:confirm:{world.id}",
        f"sm:keep:{world.id}",
        f"sc:{world.id}",
    ):
        answer = await press(api, READER_ID, readers, data, check=False)
        assert answer["show_alert"] and EDITORS_ONLY in answer["text"], data
        # Even under the editors' own list, pressed by a reader.
        answer = await press(api, EDITOR_ID, listing, data, from_user=READER_ID, check=False)
        assert answer["show_alert"] and EDITORS_ONLY in answer["text"], data
    assert await storage.sections.prompt(READER_ID, READER_ID) is None
    [hint] = await ask(api, READER_ID, "Hacked | ჰაკი")
    assert "/latest" in hint.text
    for command in ("/post Headline #world\nText.", "/breaking Quake #world\nText."):
        [refused] = await ask(api, READER_ID, command)
        assert EDITORS_ONLY in refused.text
    assert await storage.sections.live() == [world]
    assert await storage.articles.latest(5) == []


async def test_choosing_a_section_under_the_preview(app: Any, api: LocalBotApi) -> None:
    storage = storage_of(app)
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    actions = await preview_actions(api, "Tbilisi metro extends")
    # The first section by position is chosen unless another is.
    assert "✓ World" in actions.button_texts and "Georgia" in actions.button_texts
    edited = await edited_by_press(api, EDITOR_ID, actions, f"sc:{georgia.id}")
    assert "✓ Georgia" in edited.button_texts and "World" in edited.button_texts
    assert "✓ World" not in edited.button_texts
    assert "✅ Publish" in edited.button_texts  # the rest of the preview's buttons stay
    draft = await storage.drafts.get(EDITOR_ID, EDITOR_ID)
    assert draft is not None and draft.section_id == georgia.id
    # The chosen one pressed again: answered, nothing to change.
    answer = await press(api, EDITOR_ID, actions, f"sc:{georgia.id}")
    assert not answer.get("show_alert")
    # The choice survives another /done (it is stored with the draft).
    *_, again = await ask(api, EDITOR_ID, "/done", count=3)
    assert "✓ Georgia" in again.button_texts
    [published] = await messages_after(
        api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, again.message_id, "post:publish")
    )
    article = await storage.articles.get(published_id(published))
    assert article is not None and article.section is not None
    assert article.section.id == georgia.id
    # After publication the preview's section buttons act no more.
    answer = await press(api, EDITOR_ID, again, f"sc:{world.id}", check=False)
    assert answer["show_alert"] and "no longer open" in answer["text"]

    # A draft whose chosen section is removed before publication goes to the first one.
    actions = await preview_actions(api, "Second draft")
    await edited_by_press(api, EDITOR_ID, actions, f"sc:{georgia.id}")
    await sections.remove(storage, georgia.id)
    answer = await press(api, EDITOR_ID, actions, f"sc:{georgia.id}", check=False)
    assert answer["show_alert"] and "no longer exists" in answer["text"]
    [published] = await ask(api, EDITOR_ID, "/publish")
    article = await storage.articles.get(published_id(published))
    assert article is not None and article.section is not None
    assert article.section.id == world.id


async def test_a_section_tag_after_a_one_shot_headline_chooses_it(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia, business = await define(
        storage, "World | მსოფლიო", "Georgia | საქართველო", "Business news | ბიზნესი"
    )

    async def section_of(command: str) -> tuple[str, int | None]:
        [published] = await ask(api, EDITOR_ID, command)
        article = await storage.articles.get(published_id(published))
        assert article is not None
        return article.headline, article.section.id if article.section else None

    assert await section_of("/post Budget passes #georgia\nText.") == ("Budget passes", georgia.id)
    assert await section_of("/post Markets calm #Business_News\nText.") == (
        "Markets calm",
        business.id,
    )
    assert await section_of("/post Rally #business-news\nText.") == ("Rally", business.id)
    assert await section_of("/post Rain in Batumi #საქართველო\nText.") == (
        "Rain in Batumi",
        georgia.id,
    )
    # No tag: the first section; a # word without a letter is part of the headline.
    assert await section_of("/post Plain headline\nText.") == ("Plain headline", world.id)
    assert await section_of("/post Vote #2\nText.") == ("Vote #2", world.id)

    # An unknown section publishes nothing and says which there are.
    before = await storage.articles.latest(20)
    [refused] = await ask(api, EDITOR_ID, "/post Goal! #sport\nText.")
    assert "There is no section “sport”; nothing was published" in refused.text
    assert "#World #Georgia #Business_news" in refused.text
    [refused] = await ask(api, EDITOR_ID, "/breaking Goal! #sport\nText.")
    assert "There is no section “sport”" in refused.text
    assert await storage.articles.latest(20) == before

    # /breaking and /schedule take the tag with /post's parser; a draft started with one too.
    [published, _] = await ask(api, EDITOR_ID, "/breaking Quake #world\nText.", count=2)
    article = await storage.articles.get(published_id(published))
    assert article is not None and article.section == world and article.headline == "Quake"
    when = datetime.fromtimestamp(time.time() + 3600, ZONE).strftime("%d.%m.%Y %H:%M")
    [scheduled] = await ask(api, EDITOR_ID, f"/schedule {when}\nLater today #Georgia\nText.")
    number = int(re.search(r"\bS(\d+)\b", scheduled.text).group(1))  # type: ignore[union-attr]
    item = await storage.scheduled.get(number)
    assert item is not None and item.section_id == georgia.id and item.headline == "Later today"
    [refused] = await ask(api, EDITOR_ID, f"/schedule {when}\nLater #nowhere\nText.")
    assert "There is no section “nowhere”" in refused.text
    assert await storage.scheduled.count_waiting() == 1
    release = await storage.scheduled.publish(number, editor_told=True)
    assert release is not None and release.article.section == georgia

    [asks] = await ask(api, EDITOR_ID, "/post Draft headline #business_news")
    assert "Draft headline" in asks.text and "#business" not in asks.text
    await ask(api, EDITOR_ID, "Draft text.")
    *_, actions = await ask(api, EDITOR_ID, "/done", count=3)
    assert "✓ Business news" in actions.button_texts


async def test_without_sections_a_hash_word_is_part_of_the_headline(
    app: Any, api: LocalBotApi
) -> None:
    [done] = await ask(api, EDITOR_ID, "/post Results #Election2026\nCounting goes on.")
    assert "Published as article" in done.text
    [article] = await storage_of(app).articles.latest(1)
    assert article.headline == "Results #Election2026"


async def test_read_names_the_section_in_each_language_even_once_removed(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    before_sections = await storage.articles.publish("From before sections", "Text.", EDITOR_ID)
    [world] = await define(storage, "World | მსოფლიო")
    article = await storage.articles.publish("Summit opens", "Text.", EDITOR_ID)
    api.add_private_chat(GEORGIAN_READER, first_name="Nino", language_code="ka")

    [english] = await ask(api, READER_ID, f"/read {article.id}")
    assert re.search(r"^World · \d\d\.\d\d\.\d{4} · 👁 1$", english.text, re.MULTILINE)
    [georgian] = await ask(api, GEORGIAN_READER, f"/read {article.id}")
    assert re.search(r"^მსოფლიო · \d\d\.\d\d\.\d{4} · 👁 \d$", georgian.text, re.MULTILINE)
    [old] = await ask(api, READER_ID, f"/read {before_sections.id}")
    assert re.search(r"^\d\d\.\d\d\.\d{4} · 👁 1$", old.text, re.MULTILINE)

    # Removed: gone from the lists, kept by its article.
    await sections.remove(storage, world.id)
    [still] = await ask(api, READER_ID, f"/read_{article.id}")
    assert re.search(r"^World · \d\d\.\d\d\.\d{4} · 👁 \d$", still.text, re.MULTILINE)
    [listing] = await ask(api, READER_ID, "/sections")
    assert "no sections yet" in listing.text and listing.buttons == []


async def test_latest_of_a_section_pages_within_it(app: Any, api: LocalBotApi) -> None:
    storage = storage_of(app)
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    for n in range(1, 8):
        await storage.articles.publish(f"World {n}", "Text.", EDITOR_ID, section_id=world.id)
        if n <= 3:
            await storage.articles.publish(f"Local {n}", "Text.", EDITOR_ID, section_id=georgia.id)

    [page] = await ask(api, READER_ID, "/latest world 3")
    assert "World: latest news" in page.text
    assert re.findall(r"(?:World|Local) \d", page.text) == ["World 7", "World 6", "World 5"]
    older = next(d for d in page.callback_data if d.startswith("ls:"))
    assert older.startswith(f"ls:{world.id}:") and older.endswith(":3")
    page = await edited_by_press(api, READER_ID, page, older)
    assert re.findall(r"(?:World|Local) \d", page.text) == ["World 4", "World 3", "World 2"]
    older = page.callback_data[-1]
    page = await edited_by_press(api, READER_ID, page, older)
    assert re.findall(r"(?:World|Local) \d", page.text) == ["World 1"]
    assert page.button_texts[-1] == "« Newest"
    page = await edited_by_press(api, READER_ID, page, page.callback_data[-1])
    assert re.findall(r"(?:World|Local) \d", page.text) == ["World 7", "World 6", "World 5"]

    # Georgian names find it too; both languages' titles.
    [page] = await ask(api, READER_ID, "/latest საქართველო")
    assert re.findall(r"(?:World|Local) \d", page.text) == ["Local 3", "Local 2", "Local 1"]
    api.add_private_chat(GEORGIAN_READER, first_name="Nino", language_code="ka")
    [page] = await ask(api, GEORGIAN_READER, "/latest georgia")
    assert "საქართველო</b>: უახლესი ამბები" in (page.html or "")

    # An unknown name: the sections there are, and the count it could have been.
    [unknown] = await ask(api, READER_ID, "/latest sport")
    assert "There is no section “sport”" in unknown.text
    assert "World, Georgia" in unknown.text and "from 1 to 20" in unknown.text
    for bad in ("/latest 0", "/latest world 0"):
        [refused] = await ask(api, READER_ID, bad)
        assert "from 1 to 20" in refused.text, bad
    # Every section together, as before, its Older buttons in their old format.
    [everything] = await ask(api, READER_ID, "/latest 20")
    assert len(re.findall(r"(?:World|Local) \d", everything.text)) == 10
    [two] = await ask(api, READER_ID, "/latest 2")
    assert two.callback_data[-1] == f"l:{(await storage.articles.latest(2))[-1].id}:2"
    page = await edited_by_press(api, READER_ID, two, two.callback_data[-1])
    assert re.findall(r"(?:World|Local) \d", page.text) == ["World 5", "World 4"]

    # A removed section's paging buttons only say so.
    [page] = await ask(api, READER_ID, "/latest georgia 2")
    await sections.remove(storage, georgia.id)
    answer = await press(api, READER_ID, page, page.callback_data[-1])
    assert answer["show_alert"] and "no longer exists" in answer["text"]
    [unknown] = await ask(api, READER_ID, "/latest georgia")
    assert "There is no section “georgia”" in unknown.text


async def test_sections_for_readers_list_them_with_a_latest_button_each(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    [none] = await ask(api, READER_ID, "/sections")
    assert "There are no sections yet" in none.text and none.buttons == []
    world, georgia = await define(storage, "World | მსოფლიო", "Georgia | საქართველო")
    await storage.articles.publish("Local news", "Text.", EDITOR_ID, section_id=georgia.id)

    [listing] = await ask(api, READER_ID, "/sections")
    assert "Sections: 2" in listing.text
    assert listing.button_texts == ["📰 World", "📰 Georgia"]
    [page] = await messages_after(
        api, READER_ID, lambda: api.press_button(READER_ID, listing.message_id, f"sl:{georgia.id}")
    )
    assert "Georgia: latest news" in page.text and "Local news" in page.text
    [empty] = await messages_after(
        api, READER_ID, lambda: api.press_button(READER_ID, listing.message_id, f"sl:{world.id}")
    )
    assert "Nothing has been published in World yet" in empty.text

    api.add_private_chat(GEORGIAN_READER, first_name="Nino", language_code="ka")
    [georgian] = await ask(api, GEORGIAN_READER, "/sections")
    assert "რუბრიკები" in georgian.text
    assert georgian.button_texts == ["📰 მსოფლიო", "📰 საქართველო"]

    await sections.remove(storage, world.id)
    [listing] = await ask(api, READER_ID, "/sections")
    assert listing.button_texts == ["📰 Georgia"]


async def test_the_wait_for_names_survives_a_restart_and_ends_with_another_command(
    api: LocalBotApi, database: Path
) -> None:
    settings = make_settings(api, database)
    async with running_bot(settings):
        [listing] = await ask(api, EDITOR_ID, "/sections")
        await messages_after(
            api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, listing.message_id, "sm:add:0")
        )
    async with running_bot(settings) as app:
        added, _ = await ask(api, EDITOR_ID, "World | მსოფლიო", count=2)
        assert "Section added: World · მსოფლიო" in added.text
        # Another command ends the wait and is answered as usual; later text is no name.
        await messages_after(
            api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, listing.message_id, "sm:add:0")
        )
        [latest] = await ask(api, EDITOR_ID, "/latest")
        assert "No articles" in latest.text
        [hint] = await ask(api, EDITOR_ID, "Georgia | საქართველო")
        assert "/latest" in hint.text
        assert [s.name_en for s in await storage_of(app).sections.live()] == ["World"]
        # A draft being written does not take the names asked for after it was started.
        await ask(api, EDITOR_ID, "/post Draft in progress")
        await messages_after(
            api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, listing.message_id, "sm:add:0")
        )
        added, _ = await ask(api, EDITOR_ID, "Georgia | საქართველო", count=2)
        assert "Section added" in added.text
        [part] = await ask(api, EDITOR_ID, "The draft's text.")
        assert "Added" in part.text
