"""Corrections and retractions in storage and views: revisions, what readers' lists leave out,
the "Updated" note, the withdrawal notice and /history. Pure parts, no bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.views.articles import article_messages, render_article, withdrawal_notice
from bot.views.i18n import Translator
from bot.views.revisions import history_text
from local_bot_api import parse_html
from storage import Article, Photo, Revision, Storage, Withdrawal

TRANSLATOR = Translator()
ZONE = ZoneInfo("Asia/Tbilisi")
AFTER_MIDNIGHT = 1764192600  # 27.11.2025 01:30 in Tbilisi
PHOTO = Photo("AgACAgIAAxkBAAI", "AQADAgAT", 1280, 853, 120_000)
OTHER_PHOTO = Photo("AgACAgIAAxkBAAJ", "AQADAgAU", 800, 600, 90_000)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


async def test_a_correction_stores_the_original_and_the_revision_and_moves_updated_at(
    storage: Storage,
) -> None:
    article = await storage.articles.publish("Rates hold", "Kept.", 1, photo=PHOTO)
    assert [r.number for r in await storage.articles.history(article.id)] == [1]

    revision = await storage.articles.correct(article.id, 2, "Rates hold, for now", "Kept.", PHOTO)
    assert revision is not None and revision.number == 2 and revision.changes == ("headline",)
    corrected = await storage.articles.get(article.id)
    assert corrected is not None and corrected.headline == "Rates hold, for now"
    assert corrected.updated_at is not None and corrected.views == article.views

    # The photo alone: swapped, and no "Updated" note moves for it.
    revision = await storage.articles.correct(
        article.id, 2, "Rates hold, for now", "Kept.", OTHER_PHOTO
    )
    assert revision is not None and revision.changes == ("photo",)
    again = await storage.articles.get(article.id)
    assert again is not None and again.photo == OTHER_PHOTO
    assert again.updated_at == corrected.updated_at

    history = await storage.articles.history(article.id)
    assert [(r.number, r.editor_id, r.changes) for r in history] == [
        (1, 1, ()),
        (2, 2, ("headline",)),
        (3, 2, ("photo",)),
    ]
    assert history[0].headline == "Rates hold" and history[0].photo == PHOTO


async def test_a_correction_that_changes_nothing_or_of_a_withdrawn_article_stores_nothing(
    storage: Storage,
) -> None:
    article = await storage.articles.publish("Same", "Text.", 1)
    assert await storage.articles.correct(article.id, 1, "Same", "Text.", None) is None
    assert await storage.articles.correct(999, 1, "Other", "Text.", None) is None
    await storage.articles.retract(article.id, 1)
    assert await storage.articles.correct(article.id, 1, "Other", "Text.", None) is None
    assert len(await storage.articles.history(article.id)) == 1


async def test_readers_lists_and_alert_ranges_leave_withdrawn_articles_out(
    storage: Storage,
) -> None:
    first = await storage.articles.publish("First", "b", 1)
    second = await storage.articles.publish("Second", "b", 1)
    third = await storage.articles.publish("Third", "b", 1)
    withdrawn = await storage.articles.retract(second.id, 9)
    assert withdrawn is not None and withdrawn.retracted_at is not None

    assert [h.id for h in await storage.articles.latest(10)] == [third.id, first.id]
    assert [h.id for h in await storage.articles.latest(10, before_id=second.id)] == [first.id]
    assert [h.id for h in await storage.articles.related(first.id)] == [third.id]
    headlines, total = await storage.articles.between(0, third.id, 1)
    assert [h.id for h in headlines] == [third.id] and total == 2
    assert await storage.articles.between(first.id, second.id, 5) == ([], 0)
    # /read still finds it, to say when it was withdrawn.
    found = await storage.articles.get(second.id)
    assert found is not None and found.retracted_at == withdrawn.retracted_at

    restored = await storage.articles.restore(second.id, 9)
    assert restored is not None and restored.retracted_at is None
    assert len(await storage.articles.latest(10)) == 3


def _article(**changes: object) -> Article:
    base = Article(7, "Rates hold", "Kept.", 500, AFTER_MIDNIGHT, AFTER_MIDNIGHT, 41)
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "ka"])
def test_a_corrected_article_says_when_it_was_updated_in_text_and_caption(language: str) -> None:
    plain = article_messages(
        _article(), with_related=False, translator=TRANSLATOR, language=language, zone=ZONE
    )
    assert "✏️" not in plain[0]
    updated = _article(updated_at=AFTER_MIDNIGHT + 3600)
    [message] = article_messages(
        updated, with_related=False, translator=TRANSLATOR, language=language, zone=ZONE
    )
    text, _ = parse_html(message)
    assert text.splitlines()[2] == TRANSLATOR.plain(
        language, "article-updated", when="27.11.2025 02:30"
    )
    view = render_article(
        replace(updated, photo=PHOTO),
        with_related=False,
        translator=TRANSLATOR,
        language=language,
        zone=ZONE,
    )
    assert view.caption is not None and "27.11.2025 02:30" in view.caption


@pytest.mark.parametrize("language", ["en", "ka"])
def test_the_withdrawal_notice_names_the_article_and_date_but_not_its_text(language: str) -> None:
    notice = withdrawal_notice(_article(retracted_at=AFTER_MIDNIGHT), TRANSLATOR, language, ZONE)
    text, _ = parse_html(notice)
    assert "7" in text and "27.11.2025" in text and "Rates hold" not in text


def test_history_lists_revisions_who_and_what_with_withdrawals_in_place() -> None:
    revisions = [
        Revision(7, 1, "Rates hold", "Kept.", None, 500, AFTER_MIDNIGHT, ()),
        Revision(
            7, 2, "Rates hold!", "Kept!", None, 501, AFTER_MIDNIGHT + 60, ("headline", "body")
        ),
    ]
    # Withdrawn and restored after the original (in the same second as the correction that
    # followed), then withdrawn again: placed by revision, not by clock.
    withdrawals = [
        Withdrawal(7, "withdrawn", 502, AFTER_MIDNIGHT + 60, 1),
        Withdrawal(7, "restored", 503, AFTER_MIDNIGHT + 60, 1),
        Withdrawal(7, "withdrawn", 502, AFTER_MIDNIGHT + 120, 2),
    ]
    article = _article(retracted_at=AFTER_MIDNIGHT + 120)
    text, _ = parse_html(
        history_text(
            article, revisions, withdrawals, translator=TRANSLATOR, language="en", zone=ZONE
        )
    )
    assert text.splitlines() == [
        "🕓 History of article 7",
        "1. 27.11.2025 01:30 · 500 · original",
        "🚫 Withdrawn 27.11.2025 01:31 · 502",
        "↩️ Restored 27.11.2025 01:31 · 503",
        "2. 27.11.2025 01:31 · 501 · headline, text",
        "🚫 Withdrawn 27.11.2025 01:32 · 502",
    ]


async def test_withdrawals_and_restorations_are_recorded_once_each_after_their_revision(
    storage: Storage,
) -> None:
    article = await storage.articles.publish("Rates hold", "Kept.", 1)
    await storage.articles.retract(article.id, 2)
    await storage.articles.retract(article.id, 3)  # already withdrawn: nothing recorded
    await storage.articles.restore(article.id, 4)
    await storage.articles.restore(article.id, 5)  # not withdrawn: nothing recorded
    await storage.articles.correct(article.id, 1, "Rates hold!", "Kept.", None)
    await storage.articles.retract(article.id, 6)
    withdrawals = await storage.articles.withdrawals(article.id)
    assert [(w.action, w.editor_id, w.after_revision) for w in withdrawals] == [
        ("withdrawn", 2, 1),
        ("restored", 4, 1),
        ("withdrawn", 6, 2),
    ]
    assert await storage.articles.withdrawals(999) == []
