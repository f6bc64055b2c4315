"""Lead photos over the real HTTP path: posting them (one-shot, guided, as a file), reading them,
and alerts that announce a single article with a photo."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.views.callbacks import RemoveDraftPhoto
from local_bot_api import LocalBotApi
from local_bot_api.images import png_bytes
from local_bot_api.models import JSONDict, SentMessage
from storage import Photo
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    ask,
    eventually,
    make_settings,
    messages_after,
    press,
    publish,
    rounds_finished_through,
    running_bot,
    storage_of,
)

# A chat whose photos the bot ignores (a reader's, without a caption): a source of file ids.
PHOTO_SOURCE = 4999
CAPTION_LIMIT = 1024


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def largest(update: JSONDict) -> JSONDict:
    """The largest size of the photo in a user's message update, as Telegram lists it last."""
    sizes: list[JSONDict] = update["message"]["photo"]
    return sizes[-1]


def photo_of(size: JSONDict) -> Photo:
    return Photo(
        size["file_id"], size["file_unique_id"], size["width"], size["height"], size["file_size"]
    )


def issued_photo(api: LocalBotApi, width: int = 1280, height: int = 720) -> Photo:
    """A photo Telegram knows (its file_id is valid for the bot), sent by a reader."""
    api.add_private_chat(PHOTO_SOURCE, first_name="Source")
    return photo_of(largest(api.send_photo(PHOTO_SOURCE, width=width, height=height)))


async def publish_with_photo(app: Any, headline: str, photo: Photo, body: str = "Body.") -> int:
    article = await storage_of(app).articles.publish(headline, body, EDITOR_ID, photo=photo)
    return article.id


async def views(app: Any, article_id: int, expected: int) -> bool:
    article = await storage_of(app).articles.get(article_id)
    return article is not None and article.views == expected


async def sent_photo(api: LocalBotApi, **caption: Any) -> list[SentMessage]:
    """The editor sends a photo; the bot's new messages in the editor's chat."""
    return await messages_after(api, EDITOR_ID, lambda: api.send_photo(EDITOR_ID, **caption))


def is_photo(message: SentMessage) -> bool:
    return message.method == "sendPhoto" and message.photo is not None


# ----- posting ----------------------------------------------------------------------------------


async def test_a_photo_with_a_post_caption_publishes_at_once_with_formatting_and_only_once(
    app: Any, api: LocalBotApi
) -> None:
    head = "/post Storm over Batumi\n"
    caption = head + "Winds of 120 km/h closed the port."
    entities = [
        {"type": "bot_command", "offset": 0, "length": 5},
        {"type": "bold", "offset": utf16(head), "length": 5},
    ]
    update = api.send_photo(EDITOR_ID, caption=caption, entities=entities, width=800, height=600)
    [confirmation] = await api.wait_for_messages(EDITOR_ID, 1, timeout=TIMEOUT)
    match = re.search(r"/read_(\d+)", confirmation.text)
    assert match and "Published" in confirmation.text, confirmation.text
    article = await storage_of(app).articles.get(int(match.group(1)))
    assert article is not None and article.headline == "Storm over Batumi"
    assert article.body_html == "<b>Winds</b> of 120 km/h closed the port."
    assert article.photo == photo_of(largest(update))
    # Telegram delivers the same update again (a crash before it was confirmed): no second one.
    again = {key: value for key, value in update.items() if key != "update_id"}
    [repeat] = await messages_after(api, EDITOR_ID, lambda: api.inject_update(again))
    assert "already published" in repeat.text
    assert len(await storage_of(app).articles.latest(10)) == 1


async def test_a_photo_with_a_post_caption_and_only_a_headline_starts_a_draft_with_it(
    app: Any, api: LocalBotApi
) -> None:
    update = api.send_photo(EDITOR_ID, caption="/post Harvest begins")
    [asks_body] = await api.wait_for_messages(EDITOR_ID, 1, timeout=TIMEOUT)
    assert "Harvest begins" in asks_body.text
    await ask(api, EDITOR_ID, "Grapes everywhere.")
    await ask(api, EDITOR_ID, "/publish")
    [headline] = await storage_of(app).articles.latest(10)
    assert headline.photo == photo_of(largest(update))


async def test_guided_draft_takes_a_photo_replaces_it_and_the_preview_button_removes_it(
    app: Any, api: LocalBotApi
) -> None:
    await ask(api, EDITOR_ID, "/post Election night")
    first = await sent_photo(api)
    assert "Photo attached" in first[-1].text
    await ask(api, EDITOR_ID, "Polls closed at eight.")
    second_update = api.send_photo(EDITOR_ID, width=1000, height=500)
    await api.wait_for(lambda m: m.chat_id == EDITOR_ID and "replaced" in m.text, timeout=TIMEOUT)
    second = photo_of(largest(second_update))

    since, before = len(api.sent), len(api.messages(EDITOR_ID))
    api.send_command(EDITOR_ID, "/done")
    actions = await api.wait_for(
        lambda m: m.chat_id == EDITOR_ID and "Publish this article?" in m.text,
        timeout=TIMEOUT,
        since=since,
    )
    [intro, photo, body, _] = api.messages(EDITOR_ID)[before:]
    assert "Preview" in intro.text
    assert is_photo(photo) and photo.photo == second.file_id
    assert photo.text.startswith("Election night\n") and "👁 0" in photo.text
    assert body.text == "Polls closed at eight."
    assert "🗑 Remove photo" in actions.button_texts

    remove = RemoveDraftPhoto().pack()
    assert remove in actions.callback_data
    since, before = len(api.sent), len(api.messages(EDITOR_ID))
    await press(api, EDITOR_ID, actions, remove)
    again = await api.wait_for(
        lambda m: m.chat_id == EDITOR_ID and "Publish this article?" in m.text and not m.edited,
        timeout=TIMEOUT,
        since=since,
    )
    shown = api.messages(EDITOR_ID)[before:]
    assert "Photo removed" in shown[0].text
    assert not any(is_photo(m) for m in shown)
    assert "🗑 Remove photo" not in again.button_texts
    assert api.messages(EDITOR_ID)[-len(shown) - 1].buttons == []  # the old buttons are gone
    await press(api, EDITOR_ID, again, "post:publish")
    await eventually(lambda: bool(api.messages(EDITOR_ID)[-1].text.startswith("✅")), "published")
    [headline] = await storage_of(app).articles.latest(10)
    assert headline.photo is None


async def test_an_image_sent_as_a_file_becomes_the_photo_once_uploaded(
    app: Any, api: LocalBotApi
) -> None:
    await ask(api, EDITOR_ID, "/post Museum reopens")
    await ask(api, EDITOR_ID, "After three years of works.")
    document = api.send_document(EDITOR_ID, "hall.png", png_bytes(900, 600), "image/png")
    await api.wait_for(
        lambda m: m.chat_id == EDITOR_ID and "Photo attached" in m.text, timeout=TIMEOUT
    )
    [upload] = [m for m in api.messages(EDITOR_ID) if is_photo(m)]
    await ask(api, EDITOR_ID, "/publish")
    [headline] = await storage_of(app).articles.latest(10)
    assert headline.photo is not None
    # A document's file_id cannot be sent as a photo: the photo is the one uploaded from it.
    assert headline.photo.file_id == upload.photo
    assert headline.photo.file_id != document["message"]["document"]["file_id"]
    assert (headline.photo.width, headline.photo.height) == (900, 600)
    [photo, body] = await ask(api, READER_ID, f"/read_{headline.id}", count=2)
    assert is_photo(photo) and photo.photo == upload.photo
    assert body.text == "After three years of works."


async def test_an_image_file_with_a_post_caption_publishes_at_once(
    app: Any, api: LocalBotApi
) -> None:
    api.send_document(
        EDITOR_ID,
        "map.jpg",
        png_bytes(640, 480),  # the name and type say JPEG: Telegram reads the bytes
        "image/jpeg",
        caption="/post Road closed\nThe pass is shut until Monday.",
    )
    await api.wait_for(lambda m: m.chat_id == EDITOR_ID and "Published" in m.text, timeout=TIMEOUT)
    [headline] = await storage_of(app).articles.latest(10)
    assert headline.photo is not None and headline.photo.width == 640


async def test_a_file_that_is_no_image_is_refused_as_a_photo(app: Any, api: LocalBotApi) -> None:
    await ask(api, EDITOR_ID, "/post Broken")
    [refusal] = await messages_after(
        api, EDITOR_ID, lambda: api.send_document(EDITOR_ID, "x.png", b"not a png", "image/png")
    )
    assert "could not use that image" in refusal.text


async def test_a_photo_without_a_caption_outside_a_draft_explains_how_to_use_it(
    app: Any, api: LocalBotApi
) -> None:
    [hint] = await sent_photo(api)
    assert "/post" in hint.text
    [caption_hint] = await sent_photo(api, caption="Just a caption")
    assert "/post" in caption_hint.text
    assert await storage_of(app).articles.latest(10) == []


async def test_the_server_refuses_a_document_file_id_as_a_photo(api: LocalBotApi) -> None:
    update = api.send_document(READER_ID, "a.png", png_bytes(10, 10), "image/png")
    file_id = update["message"]["document"]["file_id"]
    async with Bot(api.token, base_url=api.base_url) as bot:
        with pytest.raises(BadRequest, match=r"(?i)can't use file of type Document as Photo"):
            await bot.send_photo(READER_ID, file_id)
        with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
            await bot.send_photo(READER_ID, "AgACAgIAAxkBAAIBunknown")
        with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
            await bot.send_photo(READER_ID, b"not an image")
        with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
            await bot.send_photo(READER_ID, issued_photo(api).file_id, caption="x" * 1025)


# ----- reading ----------------------------------------------------------------------------------


async def test_read_sends_the_photo_with_headline_date_and_views_then_the_body_once_counted(
    app: Any, api: LocalBotApi
) -> None:
    photo = issued_photo(api)
    older = await publish(app, "Older story")
    article_id = await publish_with_photo(app, "Bridge opens", photo, "Traffic <b>flows</b>.")
    [first, body] = await ask(api, READER_ID, f"/read {article_id}", count=2)
    assert is_photo(first) and first.photo == photo.file_id
    assert re.fullmatch(r"Bridge opens\n\d\d\.\d\d\.\d{4} · 👁 1", first.text), first.text
    assert first.buttons == []
    assert body.text.startswith("Traffic flows.") and "Read also" in body.text
    assert body.callback_data  # "Read also" buttons close the last message
    await eventually(lambda: views(app, article_id, 1), "one view counted")
    # The deep link from a channel's button shows it the same way.
    [linked, _] = await ask(api, READER_ID, f"/start read_{article_id}", count=2)
    assert is_photo(linked) and "👁 2" in linked.text
    await eventually(lambda: views(app, article_id, 2), "one more view counted")
    # "Read also" under another article opens it with its photo as well.
    [older_article] = await ask(api, READER_ID, f"/read_{older}")
    assert older_article.callback_data == [f"r:{article_id}"]
    [also, _] = await messages_after(
        api,
        READER_ID,
        lambda: api.press_button(READER_ID, older_article.message_id, f"r:{article_id}"),
        count=2,
    )
    assert is_photo(also) and also.photo == photo.file_id


async def test_a_long_georgian_headline_stays_whole_within_the_caption_limit(
    app: Any, api: LocalBotApi
) -> None:
    headline = " ".join(["საქართველოს"] * 16)[:200]
    article_id = await publish_with_photo(app, headline, issued_photo(api))
    [first, _] = await ask(api, READER_ID, f"/read_{article_id}", count=2)
    assert is_photo(first) and first.text.startswith(headline)
    assert len(first.text) <= CAPTION_LIMIT


# ----- alerts -----------------------------------------------------------------------------------


@pytest.fixture
async def push_app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    settings = make_settings(api, database, push_interval=0.3, request_timeout=1)
    async with running_bot(settings) as application:
        yield application


def alerts(api: LocalBotApi, chat_id: int) -> list[SentMessage]:
    return [m for m in api.messages(chat_id) if m.text.startswith("📰 ")]


async def round_over(app: Any, article_id: int) -> None:
    await eventually(
        lambda: rounds_finished_through(storage_of(app), article_id), "the round is over"
    )


async def test_an_alert_for_one_article_with_a_photo_is_that_photo_with_caption_and_button(
    push_app: Any, api: LocalBotApi
) -> None:
    api.add_channel(-100700, title="Channel", username="news_channel", bot_is_admin=True)
    storage = storage_of(push_app)
    await storage.subscriptions.subscribe(READER_ID, "private", language="ka")
    await storage.subscriptions.subscribe(-100700, "channel", language=None)
    photo = issued_photo(api)
    article_id = await publish_with_photo(push_app, "Snow in Tbilisi", photo)
    await round_over(push_app, article_id)
    [private] = alerts(api, READER_ID)
    assert is_photo(private) and private.photo == photo.file_id
    assert "Snow in Tbilisi" in private.text and f"/read_{article_id}" in private.text
    assert private.callback_data == [f"r:{article_id}"]
    [channel] = alerts(api, -100700)
    assert is_photo(channel) and channel.photo == photo.file_id
    assert "/read_" not in channel.text
    urls = [button["url"] for row in channel.buttons for button in row]
    assert urls == [f"https://t.me/newsbot_test_bot?start=read_{article_id}"]
    article = await storage.articles.get(article_id)
    assert article is not None and article.views == 2


async def test_a_digest_of_two_headlines_stays_one_text_message(
    push_app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(push_app)
    await storage.subscriptions.subscribe(READER_ID, "private", language=None)
    first = await publish_with_photo(push_app, "First with photo", issued_photo(api))
    second = await publish(push_app, "Second in text")
    await round_over(push_app, max(first, second))
    [digest] = alerts(api, READER_ID)
    assert digest.method == "sendMessage" and digest.photo is None
    assert "First with photo" in digest.text and "Second in text" in digest.text


async def test_a_georgian_alert_with_the_longest_headline_is_still_a_photo_within_the_limit(
    push_app: Any, api: LocalBotApi
) -> None:
    """Headlines are at most 200 characters, so an alert's caption always fits; the text
    fallback for one that would not is covered by tests/test_views_alerts.py."""
    storage = storage_of(push_app)
    await storage.subscriptions.subscribe(READER_ID, "private", language="ka")
    headline = " ".join(["საქართველოს"] * 16)[:200]
    article_id = await publish_with_photo(push_app, headline, issued_photo(api))
    await round_over(push_app, article_id)
    [alert] = alerts(api, READER_ID)
    assert is_photo(alert) and len(alert.text) <= CAPTION_LIMIT and headline in alert.text
