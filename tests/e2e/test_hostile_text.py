"""Hostile text from editors: invisible characters, control and bidi characters in headlines,
huge links and markup, and entity attributes that try to become markup (issue 9, items 7-10)."""

from __future__ import annotations

from typing import Any

from bot.context import services_of
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from tests.e2e.harness import EDITOR_ID, READER_ID, TIMEOUT, ask, messages_after, publish

# Characters that show nothing: the word joiner and invisible operators, a soft hyphen, a
# variation selector, a zero-width space, a byte order mark, a Hangul filler.
INVISIBLE = "\u2060\u2061\u2062\u2063\u2064\u00ad\ufe0f\u200b\ufeff\u3164"
HOSTILE_LANGUAGE = 'x"></code></pre><a href="https://evil.example/">'


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def stored_articles(app: Any) -> list[Any]:
    storage = services_of(app).storage
    headlines = await storage.articles.latest(50)
    return [await storage.articles.get(headline.id) for headline in headlines]


async def read_article(api: LocalBotApi, article_id: int) -> list[SentMessage]:
    """A reader's /read: every message it got, up to the reply to a /help sent after it (a
    chat's updates are handled in order, so the read is over by then)."""
    before, since = len(api.messages(READER_ID)), len(api.sent)
    api.send_command(READER_ID, f"/read {article_id}")
    api.send_command(READER_ID, "/help")
    await api.wait_for(
        lambda m: m.chat_id == READER_ID and m.text.startswith("Commands"),
        timeout=TIMEOUT,
        since=since,
    )
    return api.messages(READER_ID)[before:-1]


def send_errors(api: LocalBotApi) -> list[Any]:
    return [error for error in api.errors if error.method == "sendMessage"]


# --- Item 7: what Telegram treats as empty -------------------------------------------------------


async def test_a_headline_or_body_of_invisible_characters_is_refused(
    app: Any, api: LocalBotApi
) -> None:
    [headline] = await ask(api, EDITOR_ID, f"/post {INVISIBLE}\nA real body.")
    assert "headline is empty" in headline.text
    [body] = await ask(api, EDITOR_ID, f"/post A real headline\n{INVISIBLE * 3}")
    assert "no text yet" in body.text
    await ask(api, EDITOR_ID, "/post")
    [draft_headline] = await ask(api, EDITOR_ID, INVISIBLE)
    assert "headline is empty" in draft_headline.text
    assert await stored_articles(app) == []


async def test_an_article_ending_in_a_long_invisible_run_is_read_without_an_empty_part(
    app: Any, api: LocalBotApi
) -> None:
    # Stored as it was before the checks knew these characters: visible text, then 5,000
    # word joiners that the splitter used to send as a message of their own.
    article_id = await publish(app, "Ghost tail", "Visible start.\n\n" + "\u2060" * 5000)
    [article] = await read_article(api, article_id)
    assert article.text.startswith("Ghost tail")
    assert send_errors(api) == []
    assert not any("went wrong" in m.text for m in api.messages(READER_ID))


# --- Item 8: headlines are cleaned like bodies ---------------------------------------------------


async def test_headline_control_and_bidi_characters_are_removed_and_nothing_left_is_refused(
    app: Any, api: LocalBotApi
) -> None:
    [published] = await ask(
        api, EDITOR_ID, "/post \u202eevil.exe\u202c \x00and\x07 \u2067isolated\u2069\nBody."
    )
    assert "Published" in published.text, published.text
    [article] = await stored_articles(app)
    assert article.headline == "evil.exe and isolated"
    [listing] = await ask(api, READER_ID, "/latest")
    assert "evil.exe and isolated" in listing.text
    assert not any(char in listing.text for char in "\u202e\u202c\x00\x07\u2067\u2069")
    [refused] = await ask(api, EDITOR_ID, "/post \x00\x01\u202e\u202c\u2066\nBody.")
    assert "headline is empty" in refused.text
    assert len(await stored_articles(app)) == 1


# --- Item 9: links and markup are bounded in size ------------------------------------------------

MESSAGE_MARKUP_BOUND = 32_768


async def test_an_over_long_link_in_uploads_is_dropped_its_text_kept_and_messages_stay_small(
    app: Any, api: LocalBotApi
) -> None:
    await ask(api, EDITOR_ID, "/post Huge links")
    for part in range(2):
        url = "https://example.com/" + "a" * 900_000
        content = f'<p>Part {part}: <a href="{url}">the link text {part}</a> stays.</p>'
        [added] = await messages_after(
            api, EDITOR_ID, lambda c=content: api.send_document(EDITOR_ID, "p.html", c.encode())
        )
        assert "Added" in added.text, added.text
    since = len(api.sent)
    await ask(api, EDITOR_ID, "/done", count=3)
    preview = [m for m in api.sent[since:] if m.method == "sendMessage"]
    shown = "".join(m.text for m in preview)
    assert "the link text 0" in shown and "the link text 1" in shown
    assert all(len(m.html) <= MESSAGE_MARKUP_BOUND for m in preview), [len(m.html) for m in preview]
    assert not any(e["type"] == "text_link" for m in preview for e in m.entities)
    assert send_errors(api) == []


def linked_words(count: int, url_length: int) -> tuple[str, list[dict[str, Any]]]:
    """`count` words, each a link to its own URL of `url_length` characters, and the entities."""
    head = "/post Many links\n"
    words = [f"word{n}" for n in range(count)]
    entities: list[dict[str, Any]] = [{"type": "bot_command", "offset": 0, "length": 5}]
    offset = utf16(head)
    for n, word in enumerate(words):
        url = f"https://example.com/{n}/" + "b" * (url_length - 25)
        entities.append({"type": "text_link", "offset": offset, "length": len(word), "url": url})
        offset += len(word) + 1
    return head + " ".join(words), entities


async def test_markup_heavy_article_is_sent_in_messages_of_bounded_size(
    app: Any, api: LocalBotApi
) -> None:
    text, entities = linked_words(100, 2000)
    [published] = await ask(api, EDITOR_ID, text, entities=entities)
    assert "Published" in published.text, published.text
    [article] = await stored_articles(app)
    messages = await read_article(api, article.id)
    assert all(len(m.html) <= MESSAGE_MARKUP_BOUND for m in messages), [
        len(m.html) for m in messages
    ]
    shown = " ".join(m.text for m in messages)
    assert all(f"word{n}" in shown for n in range(100))
    assert sum(e["type"] == "text_link" for m in messages for e in m.entities) == 100
    assert send_errors(api) == []


async def test_a_body_with_more_markup_than_the_cap_is_refused(app: Any, api: LocalBotApi) -> None:
    text, entities = linked_words(300, 2000)
    [refused] = await ask(api, EDITOR_ID, text, entities=entities)
    assert "markup" in refused.text, refused.text
    assert await stored_articles(app) == []


# --- Item 10: entity attributes never become markup ----------------------------------------------


async def test_hostile_entity_attributes_never_become_links(app: Any, api: LocalBotApi) -> None:
    head = "/post Forwarded code\n"
    body = "print(1)\nan emoji 🙂 and a link"
    start = utf16(head)
    entities = [
        {"type": "bot_command", "offset": 0, "length": 5},
        {"type": "pre", "offset": start, "length": 8, "language": HOSTILE_LANGUAGE},
        {
            "type": "custom_emoji",
            "offset": start + utf16("print(1)\nan emoji "),
            "length": 2,
            "custom_emoji_id": '5"><a href="https://evil.example/">',
        },
        {
            "type": "text_link",
            "offset": start + utf16(body) - 4,
            "length": 4,
            "url": 'https://good.example/"><b>x</b>',
        },
    ]
    [published] = await ask(api, EDITOR_ID, head + body, entities=entities)
    assert "Published" in published.text, published.text
    [article] = await stored_articles(app)
    assert "evil.example" not in article.body_html
    assert "<b>x</b>" not in article.body_html
    [shown] = await read_article(api, article.id)
    assert "print(1)" in shown.text
    code_at = utf16(shown.text[: shown.text.index("print(1)")])
    assert {"type": "pre", "offset": code_at, "length": 8} in shown.entities
    links = [e["url"] for e in shown.entities if e["type"] == "text_link"]
    assert not any("evil.example" in url for url in links), links
    assert send_errors(api) == []
