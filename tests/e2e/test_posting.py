"""Editors over the real HTTP path: /post in one message, the guided draft, limits, access."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.news import chats, sections
from bot.settings import Settings
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage import Section
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    ask,
    edited_by_press,
    make_settings,
    messages_after,
    press,
    running_bot,
    services_of,
)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def stored(app: Any) -> list[Any]:
    return await services_of(app).storage.articles.latest(50)


async def review_draft(api: LocalBotApi) -> tuple[list[SentMessage], SentMessage]:
    """The editor sends /done: the preview messages, and the message asking to publish."""
    since, before = len(api.sent), len(api.messages(EDITOR_ID))
    api.send_command(EDITOR_ID, "/done")
    actions = await api.wait_for(
        lambda m: m.chat_id == EDITOR_ID and "Publish this article?" in m.text,
        timeout=TIMEOUT,
        since=since,
    )
    shown = api.messages(EDITOR_ID)[before:]
    assert shown[-1].message_id == actions.message_id, "the question comes after the preview"
    return shown[:-1], actions


async def upload(
    api: LocalBotApi, file_name: str, content: bytes, mime_type: str = "text/plain"
) -> SentMessage:
    """The editor sends a file; the bot's one reply."""
    [reply] = await messages_after(
        api, EDITOR_ID, lambda: api.send_document(EDITOR_ID, file_name, content, mime_type)
    )
    return reply


async def test_post_in_one_message_keeps_formatting_and_confirms_with_read_link(
    app: Any, api: LocalBotApi
) -> None:
    head = "/post Markets <rally> & fall\n"
    body = "Bold words, italic, a link and code_x here."
    text = head + body
    entities = [
        {"type": "bot_command", "offset": 0, "length": 5},
        {"type": "bold", "offset": utf16(head), "length": 10},
        {"type": "italic", "offset": utf16(head) + 12, "length": 6},
        {
            "type": "text_link",
            "offset": utf16(head) + 22,
            "length": 4,
            "url": "https://example.com/a?b=1&c=2",
        },
        {"type": "code", "offset": utf16(head) + 31, "length": 6},
    ]
    [confirmation] = await ask(api, EDITOR_ID, text, entities=entities)
    match = re.search(r"/read_(\d+)", confirmation.text)
    assert match, confirmation.text
    [headline] = await stored(app)
    assert headline.headline == "Markets <rally> & fall"
    assert int(match.group(1)) == headline.id  # the confirmation links the stored article
    [article, *_] = await ask(api, READER_ID, f"/read_{match.group(1)}")
    assert article.text.startswith("Markets <rally> & fall\n")
    assert body in article.text
    types = {e["type"] for e in article.entities}
    assert {"bold", "italic", "text_link", "code"} <= types
    link = next(e for e in article.entities if e["type"] == "text_link")
    assert link["url"] == "https://example.com/a?b=1&c=2"


async def test_guided_post_collects_several_messages_previews_and_publishes_by_button(
    app: Any, api: LocalBotApi
) -> None:
    [ask_headline] = await ask(api, EDITOR_ID, "/post")
    assert "headline" in ask_headline.text
    [ask_body] = await ask(api, EDITOR_ID, "Trump says ready to meet")
    assert "Trump says ready to meet" in ask_body.text
    await ask(api, EDITOR_ID, "First part of the story.")
    [added] = await ask(api, EDITOR_ID, "Second part, with <tags> & ampersands.")
    assert "characters" in added.text
    preview, actions = await review_draft(api)
    assert "Preview" in preview[0].text
    assert preview[1].text.startswith("Trump says ready to meet\n")
    assert "First part of the story.\n\nSecond part, with <tags> & ampersands." in preview[1].text
    assert await stored(app) == []
    publish = next(d for d in actions.callback_data if d == "post:publish")
    [confirmation] = await messages_after(
        api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, actions.message_id, publish)
    )
    assert "Published" in confirmation.text
    [article] = await stored(app)
    assert f"/read_{article.id}" in confirmation.text
    assert article.headline == "Trump says ready to meet"


def meta_line(preview: list[SentMessage]) -> str:
    """The line under the previewed headline: [section ·] date · views."""
    return next(line for line in preview[-1].text.split("\n") if "👁" in line)


async def test_the_preview_names_the_chosen_section_in_the_editors_language(
    app: Any, api: LocalBotApi
) -> None:
    storage = services_of(app).storage
    await ask(api, EDITOR_ID, "/post Without sections")
    await ask(api, EDITOR_ID, "Text.")
    preview, _ = await review_draft(api)
    assert meta_line(preview).count(" · ") == 1  # the date and the views: no section
    await ask(api, EDITOR_ID, "/cancel")

    world = await sections.add(storage, "World | მსოფლიო")
    georgia = await sections.add(storage, "Georgia | საქართველო")
    assert isinstance(world, Section) and isinstance(georgia, Section)
    await ask(api, EDITOR_ID, "/post Tbilisi metro extends")
    await ask(api, EDITOR_ID, "The text.")
    preview, actions = await review_draft(api)
    assert meta_line(preview).startswith("World · ")  # the first one, as readers will see it
    await edited_by_press(api, EDITOR_ID, actions, f"sc:{georgia.id}")
    preview, _ = await review_draft(api)
    assert meta_line(preview).startswith("Georgia · ")
    # A Georgian editor reads the section's Georgian name.
    await chats.choose_language(storage, EDITOR_ID, "private", None, "ka")
    preview = await ask(api, EDITOR_ID, "/done", count=3)
    assert meta_line(preview[:2]).startswith("საქართველო · ")


async def test_publish_command_and_multipart_preview_of_a_long_draft(
    app: Any, api: LocalBotApi
) -> None:
    await ask(api, EDITOR_ID, "/post Long draft")
    chunk = ("Sentence with & and < signs. " * 130).strip()  # about 3,800 characters
    for _ in range(3):
        await ask(api, EDITOR_ID, chunk)
    [heading, *preview], _ = await review_draft(api)
    assert "Preview" in heading.text
    assert len(preview) >= 3 and all(len(m.text) <= 4096 for m in preview)
    assert "".join(m.text for m in preview).count("Sentence with & and < signs.") == 390
    [confirmation] = await ask(api, EDITOR_ID, "/publish")
    assert "/read_" in confirmation.text
    [article] = await stored(app)
    full = await services_of(app).storage.articles.get(article.id)
    assert full is not None and full.body_html.count("&amp;") == 390


@pytest.mark.parametrize(
    ("file_name", "content", "expected_text", "expected_entity"),
    [
        (
            "story.txt",
            "Plain <text> & more\n\nSecond paragraph.",
            "Plain <text> & more\n\nSecond paragraph.",
            None,
        ),
        (
            "story.md",
            "Some **bold** and [a link](https://example.com).",
            "Some bold and a link.",
            "bold",
        ),
        (
            "story.html",
            "<html><head><script>alert(1)</script></head>"
            "<body><p>Hi <b>there</b></p><p>Bye&nbsp;now</p></body></html>",
            "Hi there\n\nBye\u00a0now",
            "bold",
        ),
    ],
)
async def test_body_from_uploaded_file(
    app: Any,
    api: LocalBotApi,
    file_name: str,
    content: str,
    expected_text: str,
    expected_entity: str | None,
) -> None:
    await ask(api, EDITOR_ID, "/post From a file")
    added = await upload(api, file_name, content.encode())
    assert "Added" in added.text
    await ask(api, EDITOR_ID, "/publish")
    [headline] = await stored(app)
    [article, *_] = await ask(api, READER_ID, f"/read {headline.id}")
    assert expected_text in article.text
    assert "alert(1)" not in article.text
    if expected_entity:
        assert expected_entity in {e["type"] for e in article.entities}


async def test_unsupported_and_undecodable_files_are_refused(app: Any, api: LocalBotApi) -> None:
    await ask(api, EDITOR_ID, "/post Files")
    # An image of a type sendPhoto takes would become the lead photo (tests/e2e/test_photos.py).
    unsupported = await upload(api, "clip.gif", b"GIF89a....", mime_type="image/gif")
    assert ".txt, .md and .html" in unsupported.text
    undecodable = await upload(api, "latin1.txt", "caf\xe9".encode("latin-1"))
    assert "UTF-8" in undecodable.text
    [empty] = await ask(api, EDITOR_ID, "/done")
    assert "no text yet" in empty.text
    assert await stored(app) == []


async def test_headline_and_body_limits_are_explained_and_nothing_is_stored(
    app: Any, api: LocalBotApi
) -> None:
    [too_long] = await ask(api, EDITOR_ID, "/post " + "H" * 201 + "\nBody")
    assert "201 characters" in too_long.text and "200" in too_long.text
    [empty_headline] = await ask(api, EDITOR_ID, "/post\nBody without headline")
    assert "headline is empty" in empty_headline.text
    await ask(api, EDITOR_ID, "/post")
    [multiline] = await ask(api, EDITOR_ID, "Line one\nLine two")
    assert "single line" in multiline.text
    await ask(api, EDITOR_ID, "Fine headline")
    added = await upload(api, "part1.txt", ("x" * 45_000).encode())
    assert "45000" in added.text.replace(",", "")
    refusal = await upload(api, "part2.txt", ("y" * 6_000).encode())
    assert "limit is 50" in refusal.text.replace(",", "") and "was not added" in refusal.text
    [cancelled] = await ask(api, EDITOR_ID, "/cancel")
    assert "discarded" in cancelled.text
    assert await stored(app) == []


async def test_cancel_at_each_step_and_commands_without_a_draft(app: Any, api: LocalBotApi) -> None:
    for steps in ([], ["Headline"], ["Headline", "Body"], ["Headline", "Body", "/done"]):
        await ask(api, EDITOR_ID, "/post")
        for step in steps:
            if step == "/done":
                await review_draft(api)
            else:
                await ask(api, EDITOR_ID, step)
        [cancelled] = await ask(api, EDITOR_ID, "/cancel")
        assert "discarded" in cancelled.text
    for command in ("/cancel", "/done", "/publish"):
        [nothing] = await ask(api, EDITOR_ID, command)
        assert "no draft" in nothing.text
    assert await stored(app) == []


async def test_stale_publish_button_after_cancel_does_nothing(app: Any, api: LocalBotApi) -> None:
    await ask(api, EDITOR_ID, "/post Stale")
    await ask(api, EDITOR_ID, "Body")
    _, actions = await review_draft(api)
    await ask(api, EDITOR_ID, "/cancel")
    answer = await press(api, EDITOR_ID, actions, "post:publish")
    assert "no longer open" in answer["text"]
    assert await stored(app) == []


async def test_non_editors_are_refused_everywhere_and_nothing_changes(
    app: Any, api: LocalBotApi
) -> None:
    api.user(READER_ID, first_name="Mallory", username="editor")  # a username never grants rights
    for command in ("/post Evil\nBody", "/post", "/done", "/publish", "/cancel"):
        [refusal] = await ask(api, READER_ID, command)
        assert "only the news desk’s editors" in refusal.text, command
    [hello] = await ask(api, READER_ID, "/start")
    answer = await press(api, READER_ID, hello, "post:publish", check=False)
    assert "only the news desk’s editors" in answer["text"]
    api.add_private_chat(3002, first_name="გიო", language_code="ka")
    [ka_refusal] = await ask(api, 3002, "/post Evil\nBody")
    assert "მხოლოდ რედაქციის რედაქტორებს" in ka_refusal.text
    assert await stored(app) == []


async def test_abandoned_draft_times_out(api: LocalBotApi, database: Any) -> None:
    settings: Settings = make_settings(api, database, draft_timeout=1)
    async with running_bot(settings) as app:
        await ask(api, EDITOR_ID, "/post Forgotten")
        # The editor does nothing more: the bot's next message is the one the timeout sends.
        [timed_out] = await messages_after(api, EDITOR_ID, lambda: None)
        assert "⌛" in timed_out.text and "discarded after" in timed_out.text
        [nothing] = await ask(api, EDITOR_ID, "/publish")
        assert "no draft" in nothing.text
        assert await stored(app) == []


async def test_a_draft_survives_a_restart_and_the_editor_carries_on_where_they_were(
    api: LocalBotApi, database: Any
) -> None:
    settings: Settings = make_settings(api, database)
    async with running_bot(settings):
        await ask(api, EDITOR_ID, "/post")
    async with running_bot(settings):  # a deploy between two steps
        [ask_body] = await ask(api, EDITOR_ID, "Headline after a restart")
        assert "Headline saved" in ask_body.text
        await ask(api, EDITOR_ID, "Part one.")
    async with running_bot(settings) as app:
        await ask(api, EDITOR_ID, "Part two.")
        [confirmation] = await ask(api, EDITOR_ID, "/publish")
        assert "Published" in confirmation.text
        [article] = await stored(app)
        full = await services_of(app).storage.articles.get(article.id)
        assert full is not None
        assert (full.headline, full.body_html) == (
            "Headline after a restart",
            "Part one.\n\nPart two.",
        )


async def test_a_redelivered_post_update_publishes_once_and_confirms_again(
    app: Any, api: LocalBotApi
) -> None:
    update = api.send_command(EDITOR_ID, "/post Once only\nThe text.")
    [first] = await api.wait_for_messages(EDITOR_ID, 1, timeout=TIMEOUT)
    # After a crash before the offset was confirmed, Telegram delivers the same message again.
    [again] = await messages_after(api, EDITOR_ID, lambda: api.inject_update(
        {"message": update["message"]}
    ))  # fmt: skip
    [article] = await stored(app)
    assert f"/read_{article.id}" in first.text and "Published" in first.text
    assert f"/read_{article.id}" in again.text and "already published" in again.text


async def test_the_same_article_sent_again_soon_is_not_stored_twice(
    app: Any, api: LocalBotApi
) -> None:
    await ask(api, EDITOR_ID, "/post Twice\nSame text.")
    # The confirmation never arrived, so the editor sends it again: a new message, same content.
    [again] = await ask(api, EDITOR_ID, "/post Twice\nSame text.")
    [article] = await stored(app)
    assert "already published" in again.text and f"/read_{article.id}" in again.text
    [changed] = await ask(api, EDITOR_ID, "/post Twice\nA corrected text.")
    assert "Published" in changed.text
    assert len(await stored(app)) == 2


async def test_a_pressed_publish_button_delivered_twice_publishes_once(
    app: Any, api: LocalBotApi
) -> None:
    await ask(api, EDITOR_ID, "/post Pressed twice")
    await ask(api, EDITOR_ID, "Body.")
    _, actions = await review_draft(api)
    [confirmation] = await messages_after(
        api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, actions.message_id, "post:publish")
    )
    assert "Published" in confirmation.text
    answer = await press(api, EDITOR_ID, actions, "post:publish", check=False)
    assert "no longer open" in answer["text"]
    assert len(await stored(app)) == 1


async def test_with_5_percent_of_sends_failing_every_editor_step_is_answered_once(
    app: Any, api: LocalBotApi
) -> None:
    """Telegram answers an occasional 500/502: nothing an editor does is lost or doubled."""
    api.fail_randomly(0.05, seed=20261128)
    for n in range(8):
        [confirmation] = await ask(api, EDITOR_ID, f"/post One-shot {n}\nText {n}.")
        assert "Published as article" in confirmation.text, confirmation.text
    for n in range(3):
        [ask_headline] = await ask(api, EDITOR_ID, "/post")
        assert "headline" in ask_headline.text
        [ask_body] = await ask(api, EDITOR_ID, f"Guided {n}")
        assert "Headline saved" in ask_body.text
        for part in range(3):
            [added] = await ask(api, EDITOR_ID, f"Part {part} of guided {n}.")
            assert "Added" in added.text
        [confirmation] = await ask(api, EDITOR_ID, "/publish")
        assert "Published as article" in confirmation.text, confirmation.text
    for article in await stored(app):
        [shown, *_] = await ask(api, READER_ID, f"/read_{article.id}")
        assert shown.text.startswith(article.headline)
    api.clear_faults()
    headlines = [article.headline for article in await stored(app)]
    assert sorted(headlines) == sorted(
        [f"One-shot {n}" for n in range(8)] + [f"Guided {n}" for n in range(3)]
    )
    everything = [m.text for chat in (EDITOR_ID, READER_ID) for m in api.messages(chat)]
    assert not [text for text in everything if "went wrong" in text]
    assert [r.status for r in api.requests if r.status >= 500], "the faults did happen"


def linked_part(words: int, url_length: int) -> tuple[str, list[dict[str, Any]]]:
    """A part of `words` words, each a link to its own URL of `url_length` characters."""
    text = " ".join(f"word{n}" for n in range(words))
    entities: list[dict[str, Any]] = []
    offset = 0
    for n in range(words):
        url = f"https://example.com/{n}/" + "b" * (url_length - 25)
        word = f"word{n}"
        entities.append({"type": "text_link", "offset": offset, "length": len(word), "url": url})
        offset += len(word) + 1
    return text, entities


async def test_a_draft_part_that_would_carry_the_markup_past_the_cap_is_refused_at_once(
    app: Any, api: LocalBotApi
) -> None:
    await ask(api, EDITOR_ID, "/post Many links")
    text, entities = linked_part(150, 2000)  # about 310,000 characters of markup each
    [added] = await ask(api, EDITOR_ID, text, entities=entities)
    assert "Added" in added.text, added.text
    [refused] = await ask(api, EDITOR_ID, text, entities=entities)
    assert "too much formatting and links" in refused.text, refused.text
    # The draft keeps the first part alone, which is still fine to publish.
    await review_draft(api)
    [published] = await ask(api, EDITOR_ID, "/publish")
    assert "Published" in published.text, published.text
