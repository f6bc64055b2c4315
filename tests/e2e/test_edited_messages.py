"""An edited message never acts again: no second article, no repeated draft part, no extra view.

Telegram sends an edit as an `edited_message` update carrying the whole new text. Each test edits
a message and then sends a marker command in the same chat: updates of one chat are handled in
order, so once the marker's reply is there, the edit has been handled too.
"""

from __future__ import annotations

from typing import Any

from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from tests.audit import delivery_rows
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TIMEOUT,
    ask,
    messages_after,
    publish,
    services_of,
)


async def edit_then_mark(api: LocalBotApi, chat_id: int, message_id: int, text: str) -> list[Any]:
    """Edit the user's message, then send /help; the bot's messages up to /help's answer."""
    before, since = len(api.messages(chat_id)), len(api.sent)
    api.edit_text(chat_id, message_id, text)
    api.send_command(chat_id, "/help")
    marker = await api.wait_for(
        lambda m: m.chat_id == chat_id and m.text.startswith("Commands"),
        timeout=TIMEOUT,
        since=since,
    )
    shown = api.messages(chat_id)[before:]
    return [message for message in shown if message.message_id != marker.message_id]


def user_message_id(update: dict[str, Any]) -> int:
    return int(update["message"]["message_id"])


async def test_editing_a_post_message_publishes_nothing_new_it_corrects_the_article(
    app: Any, api: LocalBotApi
) -> None:
    # Issue 10: the edit of the one-shot /post that published an article is its correction.
    posted: list[dict[str, Any]] = []
    await messages_after(
        api,
        EDITOR_ID,
        lambda: posted.append(
            api.send_command(EDITOR_ID, "/post Rates hold\nThe bank kept rates.")
        ),
    )
    storage = services_of(app).storage
    assert [a.headline for a in await storage.articles.latest(10)] == ["Rates hold"]

    replies = await edit_then_mark(
        api, EDITOR_ID, user_message_id(posted[0]), "/post Rates hold, for now\nMore text."
    )

    assert [a.headline for a in await storage.articles.latest(10)] == ["Rates hold, for now"]
    [confirmation] = replies
    assert "corrected" in confirmation.text, confirmation.text


async def test_editing_a_post_message_that_published_nothing_says_nothing_changed(
    app: Any, api: LocalBotApi
) -> None:
    posted: list[dict[str, Any]] = []
    await messages_after(
        api, EDITOR_ID, lambda: posted.append(api.send_command(EDITOR_ID, "/post"))
    )
    await ask(api, EDITOR_ID, "/cancel")

    replies = await edit_then_mark(
        api, EDITOR_ID, user_message_id(posted[0]), "/post Rates hold\nMore text."
    )

    assert await services_of(app).storage.articles.latest(10) == []
    [hint] = replies
    assert "edit" in hint.text.lower() and "not changed" in hint.text.lower(), hint.text


async def test_editing_a_draft_part_does_not_add_it_again(app: Any, api: LocalBotApi) -> None:
    await ask(api, EDITOR_ID, "/post")
    await ask(api, EDITOR_ID, "Bridge reopens")
    part: list[dict[str, Any]] = []
    await messages_after(
        api, EDITOR_ID, lambda: part.append(api.send_text(EDITOR_ID, "The first part."))
    )

    await edit_then_mark(api, EDITOR_ID, user_message_id(part[0]), "A changed part.")

    preview: list[SentMessage] = await ask(api, EDITOR_ID, "/done", count=2)
    shown = "\n".join(message.text for message in preview)
    assert "The first part." in shown
    assert "A changed part." not in shown


async def test_editing_a_read_link_counts_no_view_and_sends_nothing(
    app: Any, api: LocalBotApi
) -> None:
    article_id = await publish(app, "Harvest report")
    sent: list[dict[str, Any]] = []
    await messages_after(
        api, READER_ID, lambda: sent.append(api.send_command(READER_ID, f"/read_{article_id}"))
    )

    replies = await edit_then_mark(api, READER_ID, user_message_id(sent[0]), f"/read {article_id}")

    assert replies == []
    storage = services_of(app).storage
    article = await storage.articles.get(article_id)
    assert article is not None and article.views == 1
    assert await delivery_rows(storage, article_id) == 1
