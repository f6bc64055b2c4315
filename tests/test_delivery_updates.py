"""What a tracked message becomes after a change (bot/delivery/updates.py): the copies of one
alert share their rendering, and never one older than their claim."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.propagation import propagate
from bot.delivery.updates import Edit, Renderer, plan_update
from bot.views.i18n import Translator
from storage import NewMessage, Storage, WorkDone

EDITOR = 1


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


def counted_reads(storage: Storage, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Record every read of an alert's range of articles."""
    reads: list[tuple[int, int]] = []
    between = storage.articles.between

    async def counting(after: int, through: int, limit: int, sections: str | None = None) -> Any:
        reads.append((after, through))
        return await between(after, through, limit, sections)

    monkeypatch.setattr(storage.articles, "between", counting)
    return reads


async def render_claimed(renderer: Renderer) -> list[str]:
    """Claim every due update, render them all at once as the engine's workers do, and record
    them as done."""
    work = await renderer.storage.messages.claim_work(100)
    updates = await asyncio.gather(
        *(plan_update(renderer, item.message, item.article_id) for item in work)
    )
    await renderer.storage.messages.record_work(
        [WorkDone(item.id, item.message.id, "edited") for item in work]
    )
    return [update.content.text for update in updates if isinstance(update, Edit)]


async def test_copies_of_one_alert_share_one_read_and_a_later_change_reads_again(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = await storage.articles.publish("Mayor resigns", "Body.", EDITOR)
    await storage.messages.track(
        [
            NewMessage(
                chat_id,
                7,
                "private",
                "alert",
                (article.id,),
                "en",
                after_article_id=article.id - 1,
                through_article_id=article.id,
            )
            for chat_id in range(100, 150)
        ]
    )
    reads = counted_reads(storage, monkeypatch)
    renderer = Renderer(storage, Translator(), ZoneInfo("Asia/Tbilisi"), "newsbot_test_bot")

    assert await storage.articles.correct(article.id, EDITOR, "Mayor stays", "Body.", None)
    assert await propagate(storage, article.id) == 50
    texts = await render_claimed(renderer)
    assert len(texts) == 50 and all("Mayor stays" in text for text in texts)
    assert len(reads) == 1

    # A second correction plans new updates, claimed after the read above: they must read
    # again and show the newest headline.
    assert await storage.articles.correct(article.id, EDITOR, "Mayor stays on", "Body.", None)
    assert await propagate(storage, article.id) == 50
    texts = await render_claimed(renderer)
    assert len(texts) == 50 and all("Mayor stays on" in text for text in texts)
    assert len(reads) == 2
