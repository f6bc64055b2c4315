"""Inline sharing's pure parts (issue 13): offsets, leads, results with and without photos, the
key a choice counts once by; and migration 0024, which lets deliveries be 'inline'."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram import InlineQueryResultArticle, InlineQueryResultCachedPhoto

from bot.limits import INLINE_LEAD_CHARS
from bot.news.sharing import choice_key
from bot.views.i18n import Translator
from bot.views.inline import inline_results, next_offset, parse_offset, shared_text
from storage import Headline, Photo, Preview, Storage
from storage.search import register_sync
from tests.migrating import database_before

ZONE = ZoneInfo("Asia/Tbilisi")


@pytest.mark.parametrize(
    ("offset", "page"),
    [("", 0), ("0", 0), ("3", 3), ("abc", 0), ("-1", 0), ("1.5", 0), ("٣", 0), ("9" * 30, 0)],
)
def test_a_malformed_offset_is_the_first_page(offset: str, page: int) -> None:
    assert parse_offset(offset) == page


def test_next_offset_round_trips_and_is_left_out_after_the_last_page() -> None:
    assert next_offset(None) is None
    assert parse_offset(next_offset(41) or "") == 41


def preview(lead: str, photo: Photo | None = None, headline: str = "A < B & C") -> Preview:
    return Preview(Headline(7, headline, 1_764_000_000, 3, photo), lead)


def test_the_lead_is_cut_on_a_word_boundary_and_escaped() -> None:
    lead = "Tom & Jerry " + "word " * 100
    text = shared_text(preview(lead))
    title, shown = text.split("\n")
    assert title == "<b>A &lt; B &amp; C</b>"
    assert shown.startswith("Tom &amp; Jerry word") and shown.endswith("word…")
    assert len(shown.replace("&amp;", "&")) <= INLINE_LEAD_CHARS
    assert shared_text(preview("Short.")) == "<b>A &lt; B &amp; C</b>\nShort."
    assert shared_text(preview("   ")) == "<b>A &lt; B &amp; C</b>"


def test_a_photo_by_url_is_the_thumbnail_and_one_by_file_id_a_cached_photo() -> None:
    translator = Translator()
    by_url = Photo.from_url("https://example.com/lead.jpg")
    by_file = Photo("AgACAgIAAx0", "AQADunique", 1280, 720, 1000)
    plain, thumbnailed, cached = inline_results(
        [preview("Text."), preview("Text.", by_url), preview("Text.", by_file)],
        translator=translator,
        language="ka",
        zone=ZONE,
        bot_username="newsbot_test_bot",
    )
    assert isinstance(plain, InlineQueryResultArticle) and plain.thumbnail_url is None
    assert isinstance(thumbnailed, InlineQueryResultArticle)
    assert thumbnailed.thumbnail_url == "https://example.com/lead.jpg"
    assert isinstance(cached, InlineQueryResultCachedPhoto)
    assert cached.photo_file_id == "AgACAgIAAx0"
    assert cached.caption == shared_text(preview("Text."))
    assert cached.description == "24.11.2025 · Text."
    for result in (plain, thumbnailed, cached):
        assert result.reply_markup is not None
        [[button]] = result.reply_markup.inline_keyboard
        assert button.text == translator.plain("ka", "inline-read-button")
        assert button.url == "https://t.me/newsbot_test_bot?start=read_7"


def test_a_choice_counts_once_by_its_message_or_by_result_user_and_query() -> None:
    assert choice_key("7", 1001, "metro", "AAQ1") == choice_key("8", 1002, "x", "AAQ1")
    assert choice_key("7", 1001, "metro", None) != choice_key("7", 1002, "metro", None)


async def test_migration_0024_keeps_deliveries_and_views_and_counts_inline_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.sqlite3"
    database_before(path, 24)
    with closing(sqlite3.connect(path)) as connection:
        register_sync(connection)  # publishing indexes the article (migration 0022)
        connection.execute(
            "INSERT INTO articles (headline, body_html, author_id, created_at, published_at)"
            " VALUES ('Old', 'Body.', 1, 1, 1)"
        )
        connection.executemany(
            "INSERT INTO deliveries (article_id, chat_id, kind, delivered_at)"
            " VALUES (1, ?, ?, 7200)",
            [(10, "read"), (11, "alert"), (12, "alert")],
        )
        connection.commit()
    storage = await Storage.open(path)
    try:
        article = await storage.articles.get(1)
        assert article is not None and article.views == 3  # copied, not counted again
        assert await storage.articles.record_inline(1, 1001, "m:AAQ1")
        assert not await storage.articles.record_inline(1, 1001, "m:AAQ1")
        assert not await storage.articles.record_inline(99, 1001, "m:AAQ2")  # no such article
        insight = await storage.insight.article(1)
        assert insight is not None
        assert dict(insight.by_kind) == {"read": 1, "alert": 2, "inline": 1}
        assert insight.views == 4
        connection = storage.database.connection
        with pytest.raises(sqlite3.IntegrityError):  # an alert counts once per chat, as before
            await connection.execute(
                "INSERT INTO deliveries (article_id, chat_id, kind, delivered_at)"
                " VALUES (1, 11, 'alert', 1)"
            )
        with pytest.raises(sqlite3.IntegrityError):  # inline deliveries need their key
            await connection.execute(
                "INSERT INTO deliveries (article_id, chat_id, kind, delivered_at)"
                " VALUES (1, 1, 'inline', 1)"
            )
        await connection.rollback()
    finally:
        await storage.close()
