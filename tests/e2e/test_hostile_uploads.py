"""Hostile uploads (issue 9, item 1): a file no parser should choke on, while a reader waits.

Each file is one the stdlib's HTMLParser of Python 3.11.7 takes quadratic time on (an
unterminated start tag or comment, over and over), or that list indentation once blew up to
millions of characters. The editor uploads it into a draft and a reader sends /latest at the
same moment: the reader is answered (within the harness's liveness bound, no speed claim), the
editor gets a clear answer, and the bot goes on working.
"""

from __future__ import annotations

from typing import Any

import pytest

from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from tests.e2e.harness import EDITOR_ID, READER_ID, TIMEOUT, ask, storage_of

# What the editor may be told: the part was added, or why not, never "something went wrong".
ANSWERS = ("Added.", "limit is", "longer than the limit", "too much markup")

# Hostile bodies by name; .md variants start an HTML block so that the markup reaches the
# sanitiser raw, as CommonMark passes it through.
ANCHORS = "<a " * 21_000  # 63 KB: 40 s and more on the event loop before the fix
COMMENTS = "<!--" * 64_000  # 256 KB
LISTS = "<ul>" * 4_000 + "<li>x" * 4_000  # 36 KB: once 32,000,001 characters of indentation
MEGABYTE = 999_000
HOSTILE = {
    "anchors.html": ANCHORS,
    "anchors.md": "<div>\n" + ANCHORS,
    "comments.html": COMMENTS,
    "comments.md": COMMENTS,
    "lists.html": LISTS,
    "lists.md": "<div>\n" + LISTS,
    "anchors-1mb.html": ("<a " * (MEGABYTE // 3)),
    "anchors-1mb.md": "<div>\n" + "<a " * (MEGABYTE // 3),
    "comments-1mb.html": "<!--" * (MEGABYTE // 4),
    "comments-1mb.md": "<!--" * (MEGABYTE // 4),
    "lists-1mb.html": "<ul>" * (MEGABYTE // 9) + "<li>x" * (MEGABYTE // 9),
    "lists-1mb.md": "<div>\n" + "<ul>" * (MEGABYTE // 9) + "<li>x" * (MEGABYTE // 9),
    "anchors-24kb.html": "<a " * 8_000,
}


async def upload_while_reading(api: LocalBotApi, file_name: str, content: bytes) -> SentMessage:
    """The editor uploads a file and a reader asks for /latest at once; the editor's answer."""
    editor_before = len(api.messages(EDITOR_ID))
    reader_before = len(api.messages(READER_ID))
    api.send_document(EDITOR_ID, file_name, content)
    api.send_command(READER_ID, "/latest")
    await api.wait_for_messages(READER_ID, reader_before + 1, timeout=TIMEOUT)
    answers = await api.wait_for_messages(EDITOR_ID, editor_before + 1, timeout=TIMEOUT)
    return answers[editor_before]


@pytest.mark.parametrize("file_name", sorted(HOSTILE))
async def test_hostile_upload_is_answered_and_readers_are_served_meanwhile(
    app: Any, api: LocalBotApi, file_name: str
) -> None:
    await ask(api, EDITOR_ID, "/post Hostile upload")
    answer = await upload_while_reading(api, file_name, HOSTILE[file_name].encode())
    assert any(text in answer.text for text in ANSWERS), answer.text
    [added] = await ask(api, EDITOR_ID, "A plain part after the upload.")
    assert "Added" in added.text
    assert api.errors == []


async def test_ugly_but_benign_upload_is_accepted_with_its_text(app: Any, api: LocalBotApi) -> None:
    await ask(api, EDITOR_ID, "/post Ugly but fine")
    content = "<b>Sums</b> " + "if a<b and c<d then " * 1_200 + "<!-- note"
    answer = await upload_while_reading(api, "maths.html", content.encode())
    assert "Added" in answer.text, answer.text
    [published] = await ask(api, EDITOR_ID, "/publish")
    assert "Published" in published.text
    [headline] = await storage_of(app).articles.latest(1)
    article = await storage_of(app).articles.get(headline.id)
    assert article is not None
    assert article.body_html.startswith("<b>Sums</b> if a&lt;b and c&lt;d then if a&lt;b")
    assert article.body_html.endswith("then &lt;!-- note")
