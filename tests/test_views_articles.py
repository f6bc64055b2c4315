"""An article and a /latest page as readers see them: valid Telegram HTML within the limits."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram.constants import MessageLimit

from bot.views.articles import CAPTION_LIMIT, article_messages, headline_page, render_article
from bot.views.i18n import Translator
from local_bot_api import parse_html
from storage import Article, Headline, Photo

TRANSLATOR = Translator()
ZONE = ZoneInfo("Asia/Tbilisi")
# 27.11.2025 01:30 in Tbilisi, still 26.11.2025 in UTC: dates follow the desk's zone.
AFTER_MIDNIGHT = 1764192600


PHOTO = Photo("AgACAgIAAxkBAAI", "AQADAgAT", 1280, 853, 120_000)


def _article(body_html: str, headline: str = "A < B & C", photo: Photo | None = None) -> Article:
    return Article(7, headline, body_html, 500, AFTER_MIDNIGHT, AFTER_MIDNIGHT, 41, photo)


def test_article_starts_with_bold_headline_date_in_the_desk_zone_and_views() -> None:
    [message] = article_messages(
        _article("Body <b>bold</b>."),
        with_related=False,
        translator=TRANSLATOR,
        language="en",
        zone=ZONE,
    )
    text, entities = parse_html(message)
    assert text.startswith("A < B & C\n27.11.2025 · 👁 41\n\nBody bold.")
    assert entities[0]["type"] == "bold" and entities[0]["offset"] == 0
    assert "Read also" not in text


def test_long_article_splits_into_valid_messages_and_read_also_closes_the_last() -> None:
    body = "\n\n".join(f"Paragraph {n} " + "word " * 150 for n in range(40))
    messages = article_messages(
        _article(body), with_related=True, translator=TRANSLATOR, language="ka", zone=ZONE
    )
    assert len(messages) > 1
    texts = [parse_html(message)[0] for message in messages]
    assert all(len(text) <= MessageLimit.MAX_TEXT_LENGTH for text in texts)
    assert texts[-1].endswith(TRANSLATOR.plain("ka", "read-also"))
    assert sum(text.count("Paragraph") for text in texts) == 40


def test_headline_page_keeps_only_what_fits_in_one_message() -> None:
    headlines = [
        Headline(n, f"<Headline {n}> " + "ა" * 190, AFTER_MIDNIGHT, n) for n in range(60, 0, -1)
    ]
    text, shown = headline_page(headlines, translator=TRANSLATOR, language="en", zone=ZONE)
    plain, _ = parse_html(text)
    assert len(plain) <= MessageLimit.MAX_TEXT_LENGTH
    assert 0 < len(shown) < len(headlines)
    assert shown == headlines[: len(shown)]  # newest first, none skipped
    assert f"/read_{shown[-1].id}" in plain and f"/read_{headlines[len(shown)].id}" not in plain
    assert "<Headline 60>" in plain  # escaped on the way in, shown as typed


def test_article_without_photo_renders_as_text_only() -> None:
    view = render_article(
        _article("Body."), with_related=True, translator=TRANSLATOR, language="en", zone=ZONE
    )
    assert view.photo is None and view.caption is None
    assert view.messages == article_messages(
        _article("Body."), with_related=True, translator=TRANSLATOR, language="en", zone=ZONE
    )


def test_photo_article_captions_the_photo_with_headline_date_and_views_then_the_body() -> None:
    view = render_article(
        _article("Body <b>bold</b>.", photo=PHOTO),
        with_related=True,
        translator=TRANSLATOR,
        language="en",
        zone=ZONE,
    )
    assert view.photo == PHOTO and view.caption is not None
    caption, entities = parse_html(view.caption)
    assert caption == "A < B & C\n27.11.2025 · 👁 41"
    assert entities[0]["type"] == "bold"
    [body] = [parse_html(message)[0] for message in view.messages]
    assert body == "Body bold.\n\nRead also:"


def test_a_headline_too_long_for_a_caption_is_cut_on_a_word_and_given_whole_above_the_body() -> (
    None
):
    headline = " ".join(["საქართველოს"] * 200)  # 2,399 characters: no real headline is this long
    body = "\n\n".join(f"Paragraph {n} " + "word " * 150 for n in range(10))
    view = render_article(
        _article(body, headline, PHOTO),
        with_related=False,
        translator=TRANSLATOR,
        language="ka",
        zone=ZONE,
    )
    assert view.caption is not None
    caption, _ = parse_html(view.caption)
    assert len(caption) <= CAPTION_LIMIT
    shown, meta = caption.split("\n")
    assert shown.endswith("საქართველოს…") and headline.startswith(shown[:-1])
    assert meta == "27.11.2025 · 👁 41"
    texts = [parse_html(message)[0] for message in view.messages]
    assert texts[0].startswith(headline + "\n\nParagraph 0")
    assert all(len(text) <= MessageLimit.MAX_TEXT_LENGTH for text in texts)
    assert sum(text.count("Paragraph") for text in texts) == 10
