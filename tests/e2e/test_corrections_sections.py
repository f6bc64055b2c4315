"""A correction that moves an article to another section (issue 11): the guided /edit's Section
button, `#section` in a one-shot /edit, /history, and which copies already sent are updated
(the /read replies, which name the section; not the alerts, which do not)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.context import services_of
from bot.news import sections
from local_bot_api import LocalBotApi
from storage import Section, Storage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    ask,
    edited_by_press,
    eventually,
    make_settings,
    rounds_finished_through,
    running_bot,
    storage_of,
)
from tests.e2e.test_corrections import button, choices, pressed

EDITORS_ONLY = "only the news desk’s editors"


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a short push interval, so a round announces what the tests publish."""
    async with running_bot(make_settings(api, database, push_interval=0.3)) as application:
        yield application


async def world_and_georgia(storage: Storage) -> tuple[Section, Section]:
    world = await sections.add(storage, "World | მსოფლიო")
    georgia = await sections.add(storage, "Georgia | საქართველო")
    assert isinstance(world, Section) and isinstance(georgia, Section)
    return world, georgia


async def announced_and_read(app: Any, api: LocalBotApi, headline: str, section: Section) -> int:
    """An article in `section`, alerted to READER_ID in a round and read by them: two copies."""
    storage = storage_of(app)
    await storage.subscriptions.subscribe(READER_ID, "private", language="en")
    article = await storage.articles.publish(headline, "Text.", EDITOR_ID, section_id=section.id)
    services_of(app).delivery.request_round()
    await eventually(lambda: rounds_finished_through(storage, article.id), "the round finished")
    [read] = await ask(api, READER_ID, f"/read_{article.id}")
    assert f"{section.name_en} · " in read.text
    return article.id


async def test_the_guided_edit_moves_an_article_to_another_section(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia = await world_and_georgia(storage)
    article_id = await announced_and_read(app, api, "Metro extends", world)
    [alert] = [m for m in api.messages(READER_ID) if "/read_" in m.text and "Metro" in m.text]

    choose = await choices(api, article_id)
    assert "Section" in choose.button_texts
    [asks] = await pressed(api, choose, button(choose, "Section"))
    assert "✓ World" in asks.button_texts and "Georgia" in asks.button_texts
    chosen = await edited_by_press(api, EDITOR_ID, asks, f"es:{article_id}:{georgia.id}")
    assert "✓ Georgia" in chosen.button_texts and "✓ World" not in chosen.button_texts
    _, preview, actions = await ask(api, EDITOR_ID, "/done", count=3)
    assert "Georgia · " in preview.text
    article = await storage.articles.get(article_id)
    assert article is not None and article.section == world  # nothing changes before Publish

    [done] = await pressed(api, actions, button(actions, "Publish"))
    # Only the /read reply names the section: the alert shows nothing that changed.
    assert f"Article {article_id} corrected" in done.text and " 1 messages" in done.text
    article = await storage.articles.get(article_id)
    assert article is not None and article.section == georgia
    assert article.updated_at is None  # the headline and the text are as they were
    await eventually(
        lambda: any(m.edited and "Georgia · " in m.text for m in api.messages(READER_ID)),
        "the /read reply names the new section",
    )
    [alert_now] = [m for m in api.messages(READER_ID) if m.message_id == alert.message_id]
    assert not alert_now.edited

    [history] = await ask(api, EDITOR_ID, f"/history {article_id}")
    assert history.text.splitlines()[-1].endswith("section")


async def test_a_section_tag_in_a_one_shot_edit_moves_the_article(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia = await world_and_georgia(storage)
    article = await storage.articles.publish("Rain", "Text.", EDITOR_ID, section_id=world.id)

    [done] = await ask(api, EDITOR_ID, f"/edit {article.id}\nHeavy rain #georgia")
    assert f"Article {article.id} corrected" in done.text
    corrected = await storage.articles.get(article.id)
    assert corrected is not None and corrected.section == georgia
    assert corrected.headline == "Heavy rain"
    # A tag alone moves the article and keeps its headline.
    await ask(api, EDITOR_ID, f"/edit {article.id}\n#World")
    corrected = await storage.articles.get(article.id)
    assert corrected is not None and corrected.section == world
    assert corrected.headline == "Heavy rain"
    # An unknown section changes nothing and says which there are.
    [refused] = await ask(api, EDITOR_ID, f"/edit {article.id}\nFlood #sport")
    assert "There is no section “sport”" in refused.text and "#World #Georgia" in refused.text
    assert await storage.articles.get(article.id) == corrected
    [history] = await ask(api, EDITOR_ID, f"/history {article.id}")
    assert history.text.splitlines()[-1].endswith("section")
    assert history.text.splitlines()[-2].endswith("headline, section")


async def test_readers_cannot_press_the_section_buttons_of_a_correction(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    world, georgia = await world_and_georgia(storage)
    article = await storage.articles.publish("Rain", "Text.", EDITOR_ID, section_id=world.id)
    choose = await choices(api, article.id)
    await pressed(api, choose, button(choose, "Section"))
    [hello] = await ask(api, READER_ID, "/start")
    for data in (button(choose, "Section"), f"es:{article.id}:{georgia.id}"):
        update = api.press_button(
            READER_ID, hello.message_id, data, from_user=READER_ID, check=False
        )
        answer = await api.wait_for_callback_answer(update["callback_query"]["id"], timeout=TIMEOUT)
        assert EDITORS_ONLY in answer["text"], data
    draft = await storage.drafts.get(EDITOR_ID, EDITOR_ID)
    assert draft is not None and draft.section_id == world.id
    assert await storage.articles.get(article.id) == article
