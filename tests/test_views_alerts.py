"""A headline alert and its buttons: commands for chats, deep links for channels."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.views.alerts import alert_keyboard, alert_message, alert_photo
from bot.views.i18n import Translator
from local_bot_api import parse_html
from storage import Headline, Photo

TRANSLATOR = Translator()
ZONE = ZoneInfo("Asia/Tbilisi")
HEADLINES = [Headline(n, f"News {n} <&>", 1764192600, 0) for n in (12, 11)]


def test_private_alert_names_each_headline_with_its_read_command_and_button() -> None:
    text, _ = parse_html(
        alert_message(
            HEADLINES, total=2, is_channel=False, translator=TRANSLATOR, language="en", zone=ZONE
        )
    )
    assert text == (
        "📰 Fresh news\n\nNews 12 <&>\n27.11.2025 · /read_12\n\nNews 11 <&>\n27.11.2025 · /read_11"
    )
    keyboard = alert_keyboard(HEADLINES, is_channel=False, bot_username="desk_bot")
    buttons = [row[0] for row in keyboard.inline_keyboard]
    assert [button.callback_data for button in buttons] == ["r:12", "r:11"]
    assert all(button.url is None for button in buttons)


def test_channel_alert_has_no_commands_and_opens_articles_through_deep_links() -> None:
    text, _ = parse_html(
        alert_message(
            HEADLINES, total=5, is_channel=True, translator=TRANSLATOR, language="ka", zone=ZONE
        )
    )
    assert "/read" not in text
    assert TRANSLATOR.plain("ka", "alert-more-channel", count=3) in text
    keyboard = alert_keyboard(HEADLINES, is_channel=True, bot_username="desk_bot")
    buttons = [row[0] for row in keyboard.inline_keyboard]
    assert [button.url for button in buttons] == [
        "https://t.me/desk_bot?start=read_12",
        "https://t.me/desk_bot?start=read_11",
    ]
    assert all(button.callback_data is None for button in buttons)


PHOTO = Photo("AgACAgIAAxkBAAI", "AQADAgAT", 1280, 853, None)


def test_only_an_alert_about_one_article_with_a_photo_goes_out_as_that_photo() -> None:
    single = [Headline(12, "Snow in Tbilisi", 1764192600, 0, PHOTO)]
    text = alert_message(
        single, total=1, is_channel=False, translator=TRANSLATOR, language="ka", zone=ZONE
    )
    assert alert_photo(single, total=1, text=text) == PHOTO
    # One headline shown of several new ones, or a digest: text, whatever photos they have.
    assert alert_photo(single, total=3, text=text) is None
    digest = [*single, Headline(11, "Rain", 1764192600, 0, PHOTO)]
    assert alert_photo(digest, total=2, text=text) is None
    assert alert_photo([Headline(12, "No photo", 1764192600, 0)], total=1, text=text) is None


def test_an_alert_too_long_for_a_caption_goes_out_as_text() -> None:
    single = [Headline(12, "ა" * 1100, 1764192600, 0, PHOTO)]  # longer than any real headline
    text = alert_message(
        single, total=1, is_channel=True, translator=TRANSLATOR, language="ka", zone=ZONE
    )
    assert len(parse_html(text)[0]) > 1024
    assert alert_photo(single, total=1, text=text) is None
