"""Scheduled publication over the real HTTP path (issue 11): /schedule in a draft, by the
preview's button and in one message; /scheduled and its buttons; /unschedule; publication at
the time (after a restart, and by a bot that was down then), never twice; bad times explained in
English and Georgian; non-editors refused.

No test waits for a real time to come: the job looks every fraction of a second here, and a
test moves an article's time into the past through storage once it has checked the waiting.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import handlers.scheduling
from bot.news import scheduling
from bot.views.i18n import Translator
from local_bot_api import LocalBotApi, parse_html
from local_bot_api.models import SentMessage
from storage import Storage
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    SUBSCRIBER_ID,
    TIMEOUT,
    ask,
    eventually,
    make_settings,
    messages_after,
    press,
    running_bot,
    storage_of,
)

ZONE = ZoneInfo("Asia/Tbilisi")  # TIMEZONE's default, which the tests' settings keep
EDITORS_ONLY = "only the news desk’s editors"


@pytest.fixture(autouse=True)
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The job looks for due articles every 0.2 s instead of every few seconds."""
    monkeypatch.setattr(handlers.scheduling, "SCHEDULE_CHECK_INTERVAL", 0.2)


@pytest.fixture
async def app(api: LocalBotApi, database: Path) -> AsyncIterator[Any]:
    """The bot with a long PUSH_INTERVAL: a scheduled article reaching a subscriber soon after
    its publication was announced by the round its publication asked for, not a timed one."""
    api.add_private_chat(SUBSCRIBER_ID, first_name="Subscriber")
    async with running_bot(make_settings(api, database, push_interval=300)) as application:
        yield application


def local_time(seconds_ahead: float) -> str:
    """A moment as editors type it, in TIMEZONE: 29.11.2026 09:00."""
    return datetime.fromtimestamp(time.time() + seconds_ahead, ZONE).strftime("%d.%m.%Y %H:%M")


def scheduled_id(reply: SentMessage) -> int:
    """The scheduled article's number in a confirmation ("…as S3…")."""
    match = re.search(r"\bS(\d+)\b", reply.text)
    assert match, reply.text
    return int(match.group(1))


async def schedule_at_once(api: LocalBotApi, headline: str, when: str = "") -> int:
    """/schedule <when> + headline + text in one message; the scheduled article's number."""
    [done] = await ask(api, EDITOR_ID, f"/schedule {when or local_time(3600)}\n{headline}\nText.")
    assert "Scheduled as" in done.text, done.text
    return scheduled_id(done)


async def make_due(storage: Storage, number: int) -> None:
    """Move the scheduled article's time into the past (what the clock would do)."""
    assert await storage.scheduled.reschedule(number, int(time.time()) - 1) is not None


async def publication_notice(api: LocalBotApi, number: int, since: int = 0) -> int:
    """Wait for the editor's "S<number> is published as article N"; N."""
    notice = await api.wait_for(
        lambda m: m.chat_id == EDITOR_ID and f"S{number} is published as article" in m.text,
        timeout=TIMEOUT,
        since=since,
    )
    match = re.search(r"as article (\d+)", notice.text)
    assert match, notice.text
    return int(match.group(1))


async def published_from(storage: Storage, number: int) -> list[int]:
    """The articles published from scheduled article `number` (one at most, ever)."""
    async with storage.database.connection.execute(
        "SELECT id FROM articles WHERE origin = ?", (f"scheduled:{number}",)
    ) as cursor:
        return [int(row[0]) for row in await cursor.fetchall()]


def button(message: SentMessage, label: str) -> str:
    for row in message.buttons:
        for entry in row:
            if label in entry["text"]:
                return str(entry["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.button_texts}")


def shown(api: LocalBotApi, chat_id: int, message_id: int) -> SentMessage:
    [message] = [m for m in api.messages(chat_id) if m.message_id == message_id]
    return message


async def preview_actions(api: LocalBotApi, headline: str) -> SentMessage:
    """A draft written step by step and previewed: the message with its buttons."""
    await ask(api, EDITOR_ID, f"/post {headline}")
    await ask(api, EDITOR_ID, "The text of the article.")
    *_, actions = await ask(api, EDITOR_ID, "/done", count=3)
    assert "Publish this article?" in actions.text
    return actions


async def test_a_draft_scheduled_by_button_is_invisible_until_its_time_then_published(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    await storage.subscriptions.subscribe(SUBSCRIBER_ID, "private")
    actions = await preview_actions(api, "Budget vote at nine")
    [asks] = await messages_after(
        api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, actions.message_id, "sd")
    )
    assert "When should it be published?" in asks.text and "Asia/Tbilisi" in asks.text
    assert shown(api, EDITOR_ID, actions.message_id).buttons == []  # decided: buttons off
    # A wrong time is explained, and the bot keeps waiting for the time.
    [wrong] = await ask(api, EDITOR_ID, "tomorrow morning")
    assert "“tomorrow morning” is not a time I understand" in wrong.text
    assert "29.11.2026 09:00" in wrong.text
    [past] = await ask(api, EDITOR_ID, "01.01.2020 09:00")
    assert "01.01.2020 09:00" in past.text and "has already passed" in past.text
    when = local_time(2 * 3600)
    [done] = await ask(api, EDITOR_ID, when)
    assert "Scheduled as S" in done.text and when in done.text and "Asia/Tbilisi" in done.text
    number = scheduled_id(done)
    [nothing] = await ask(api, EDITOR_ID, "/publish")  # the draft is closed
    assert "no draft" in nothing.text

    # Readers see nothing: not in /latest, and no article to /read.
    [latest] = await ask(api, READER_ID, "/latest")
    assert "No articles have been published yet" in latest.text
    [missing] = await ask(api, READER_ID, "/read 1")
    assert "There is no article number 1" in missing.text

    moved_at = int(time.time())
    await make_due(storage, number)
    article_id = await publication_notice(api, number)
    article = await storage.articles.get(article_id)
    assert article is not None and article.headline == "Budget vote at nine"
    assert article.published_at >= moved_at  # the date shown is the publication time
    assert article.created_at == article.published_at
    # Announced in the round the publication asked for (PUSH_INTERVAL is 300 s here).
    alert = await api.wait_for(
        lambda m: m.chat_id == SUBSCRIBER_ID and "Budget vote at nine" in m.text, timeout=TIMEOUT
    )
    assert alert.text.startswith("📰")
    [latest] = await ask(api, READER_ID, "/latest")
    assert "Budget vote at nine" in latest.text
    assert await published_from(storage, number) == [article_id]


async def test_schedule_command_in_a_draft_and_in_one_message_keeps_the_formatting(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    await ask(api, EDITOR_ID, "/post Draft headline")
    await ask(api, EDITOR_ID, "Draft text.")
    [done] = await ask(api, EDITOR_ID, f"/schedule {local_time(3600)}")
    assert "Scheduled as S" in done.text and "Draft headline" in done.text
    draft_number = scheduled_id(done)

    head = f"/schedule {local_time(7200)}\nMarkets <rally> & fall\n"
    body = "Bold words and the rest."
    entities = [
        {"type": "bot_command", "offset": 0, "length": len("/schedule")},
        {"type": "bold", "offset": len(head), "length": 10},
    ]
    [one_shot] = await ask(api, EDITOR_ID, head + body, entities=entities)
    assert "Markets &lt;rally&gt; &amp; fall" in (one_shot.html or "")
    number = scheduled_id(one_shot)
    assert number != draft_number
    item = await storage.scheduled.get(number)
    assert item is not None and item.body_html == "<b>Bold words</b> and the rest."

    await make_due(storage, number)
    article_id = await publication_notice(api, number)
    [read, *_] = await ask(api, READER_ID, f"/read_{article_id}")
    assert read.text.startswith("Markets <rally> & fall\n")
    assert any(e["type"] == "bold" for e in read.entities)

    # Without content and without a draft: how to use it.
    [usage] = await ask(api, EDITOR_ID, "/schedule 09:00")
    assert "/schedule 29.11 09:00" in usage.text
    [usage] = await ask(api, EDITOR_ID, f"/schedule {local_time(3600)}\nHeadline only")
    assert "no text" in usage.text


async def test_a_photo_captioned_schedule_is_scheduled_with_its_photo_and_the_draft_stays(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    await ask(api, EDITOR_ID, "/post Draft being written")  # open: the photo is not its
    caption = f"/schedule {local_time(3600)}\nMuseum reopens\nThe hall is restored."
    [done] = await messages_after(api, EDITOR_ID, lambda: api.send_photo(EDITOR_ID, caption))
    assert "Scheduled as S" in done.text and "Museum reopens" in done.text
    number = scheduled_id(done)
    draft = await storage.drafts.get(EDITOR_ID, EDITOR_ID)
    assert draft is not None and draft.headline == "Draft being written" and draft.photo is None
    item = await storage.scheduled.get(number)
    assert item is not None and item.photo is not None
    await make_due(storage, number)
    article_id = await publication_notice(api, number)
    photo, _ = await ask(api, READER_ID, f"/read_{article_id}", count=2)
    assert photo.method == "sendPhoto" and photo.photo == item.photo.file_id
    # A caption with a time alone schedules nothing: how to use it.
    [usage] = await messages_after(
        api, EDITOR_ID, lambda: api.send_photo(EDITOR_ID, "/schedule 09:00")
    )
    assert "/schedule 29.11 09:00" in usage.text


async def test_scheduled_lists_upcoming_with_publish_now_reschedule_and_cancel(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    sooner_time = local_time(3600)
    later = await schedule_at_once(api, "Later one", local_time(3 * 3600))
    sooner = await schedule_at_once(api, "Sooner one", sooner_time)
    third = await schedule_at_once(api, "Third one", local_time(2 * 3600))
    title, *entries = await ask(api, EDITOR_ID, "/scheduled", count=4)
    assert "Scheduled articles" in title.text and "3" in title.text
    assert [scheduled_id(entry) for entry in entries] == [sooner, third, later]
    first, second, last = entries
    assert "Sooner one" in first.text and sooner_time in first.text
    assert first.button_texts == ["▶️ Publish now", "🕓 Reschedule", "✖️ Cancel"]

    # Publish now: at once, as the job would; the entry says so.
    since = len(api.sent)
    api.press_button(EDITOR_ID, first.message_id, button(first, "Publish now"))
    edited = await api.wait_for(
        lambda m: m.message_id == first.message_id and m.edited, timeout=TIMEOUT, since=since
    )
    assert f"S{sooner} is published as article" in edited.text and edited.buttons == []
    [article_id] = await published_from(storage, sooner)
    assert (await storage.articles.get(article_id)) is not None

    # Reschedule: asks for the time, refuses a wrong one and keeps waiting, then moves it.
    [asks] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, second.message_id, button(second, "Reschedule")),
    )
    assert f"new time for S{third}" in asks.text
    [wrong] = await ask(api, EDITOR_ID, "31.02 09:00")
    assert "31.02 09:00 is not a date" in wrong.text
    new_time = local_time(5 * 3600)
    [moved] = await ask(api, EDITOR_ID, new_time)
    assert f"S{third}" in moved.text and new_time in moved.text
    item = await storage.scheduled.get(third)
    assert item is not None and item.state == "waiting"

    # Reschedule, then /cancel: the time stays.
    await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, second.message_id, button(second, "Reschedule")),
    )
    [kept] = await ask(api, EDITOR_ID, "/cancel")
    assert f"S{third} keeps its time" in kept.text and new_time in kept.text

    # Cancel: nothing more to confirm.
    since = len(api.sent)
    api.press_button(EDITOR_ID, last.message_id, button(last, "Cancel"))
    edited = await api.wait_for(
        lambda m: m.message_id == last.message_id and m.edited, timeout=TIMEOUT, since=since
    )
    assert f"S{later} cancelled" in edited.text
    item = await storage.scheduled.get(later)
    assert item is not None and item.state == "cancelled" and item.article_id is None

    # Buttons of what is published or cancelled: a pop-up, nothing happens twice.
    for message, data in (
        (first, f"sa:publish:{sooner}"),
        (first, f"sa:reschedule:{sooner}"),
        (last, f"sa:publish:{later}"),
        (last, f"sa:cancel:{later}"),
    ):
        answer = await press(api, EDITOR_ID, message, data, check=False)
        assert answer["show_alert"] and re.search(
            r"already published|was cancelled", answer["text"]
        )
    assert await published_from(storage, sooner) == [article_id]
    assert await published_from(storage, later) == []

    title, entry = await ask(api, EDITOR_ID, "/scheduled", count=2)
    assert scheduled_id(entry) == third and "1" in title.text


async def test_a_rescheduling_left_waiting_lapses_with_a_clear_message(
    api: LocalBotApi, database: Path
) -> None:
    async with running_bot(make_settings(api, database, draft_timeout=1)) as app:
        when = local_time(3600)
        number = await schedule_at_once(api, "Kept as it was", when)
        _, entry = await ask(api, EDITOR_ID, "/scheduled", count=2)
        [asks] = await messages_after(
            api,
            EDITOR_ID,
            lambda: api.press_button(EDITOR_ID, entry.message_id, button(entry, "Reschedule")),
        )
        assert f"new time for S{number}" in asks.text
        # The editor pauses past DRAFT_TIMEOUT: the bot's next message says what became of it.
        [lapsed] = await messages_after(api, EDITOR_ID, lambda: None)
        assert f"S{number} keeps its time" in lapsed.text and when in lapsed.text
        assert "Reschedule" in lapsed.text and "draft" not in lapsed.text
        item = await storage_of(app).scheduled.get(number)
        assert item is not None and item.state == "waiting"


async def test_while_a_time_is_awaited_done_previews_again_and_a_rescheduling_waits(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    number = await schedule_at_once(api, "Already scheduled")
    actions = await preview_actions(api, "Still a draft")
    await messages_after(
        api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, actions.message_id, "sd")
    )
    # Back to the preview, with its buttons again.
    *_, again = await ask(api, EDITOR_ID, "/done", count=3)
    assert "Publish this article?" in again.text and "⏰ Schedule" in again.button_texts
    # A Reschedule would throw the draft away: refused until it is finished or cancelled.
    _, entry = await ask(api, EDITOR_ID, "/scheduled", count=2)
    answer = await press(api, EDITOR_ID, entry, f"sa:reschedule:{number}")
    assert answer["show_alert"] and "still writing a draft" in answer["text"]
    [cancelled] = await ask(api, EDITOR_ID, "/cancel")
    assert "Draft discarded" in cancelled.text
    [asks] = await messages_after(
        api,
        EDITOR_ID,
        lambda: api.press_button(EDITOR_ID, entry.message_id, f"sa:reschedule:{number}"),
    )
    assert f"new time for S{number}" in asks.text
    for command in ("/done", "/publish", "/schedule"):
        [waits] = await ask(api, EDITOR_ID, command)
        assert f"Send the new time for S{number}" in waits.text, command
    [moved] = await ask(api, EDITOR_ID, f"/schedule {local_time(7200)}")
    assert f"S{number} will be published" in moved.text
    assert await storage.drafts.get(EDITOR_ID, EDITOR_ID) is None
    item = await storage.scheduled.get(number)
    assert item is not None and item.state == "waiting"


async def test_unschedule_cancels_by_number_and_explains_bad_numbers(
    app: Any, api: LocalBotApi
) -> None:
    number = await schedule_at_once(api, "To be cancelled")
    [usage] = await ask(api, EDITOR_ID, "/unschedule")
    assert "/unschedule S3" in usage.text
    [bad] = await ask(api, EDITOR_ID, "/unschedule abc")
    assert "“abc” is not a scheduled article" in bad.text
    [unknown] = await ask(api, EDITOR_ID, "/unschedule S999")
    assert "There is no scheduled article S999" in unknown.text
    [done] = await ask(api, EDITOR_ID, f"/unschedule S{number}")
    assert f"S{number} cancelled" in done.text and "To be cancelled" in done.text
    [again] = await ask(api, EDITOR_ID, f"/unschedule {number}")
    assert f"S{number} was cancelled" in again.text
    [empty] = await ask(api, EDITOR_ID, "/scheduled")
    assert "Nothing is scheduled" in empty.text


async def test_scheduled_articles_survive_a_restart_and_a_bot_down_publishes_on_start(
    api: LocalBotApi, database: Path
) -> None:
    settings = make_settings(api, database, push_interval=300)
    async with running_bot(settings):
        waiting = await schedule_at_once(api, "Waits across a restart")
        overdue = await schedule_at_once(api, "Due while the bot was down")
        actions = await preview_actions(api, "Asked before the restart")
        await messages_after(
            api, EDITOR_ID, lambda: api.press_button(EDITOR_ID, actions.message_id, "sd")
        )
    # The bot is down when the second one's time comes.
    storage = await Storage.open(database)
    try:
        await make_due(storage, overdue)
    finally:
        await storage.close()
    since = len(api.sent)
    async with running_bot(settings) as app:
        article_id = await publication_notice(api, overdue, since)
        storage = storage_of(app)
        article = await storage.articles.get(article_id)
        assert article is not None and article.headline == "Due while the bot was down"
        item = await storage.scheduled.get(waiting)
        assert item is not None and item.state == "waiting"
        # The draft still waits for its time: the next message is that time.
        [done] = await ask(api, EDITOR_ID, local_time(3600))
        assert "Scheduled as S" in done.text and "Asked before the restart" in done.text
        await make_due(storage, waiting)
        await publication_notice(api, waiting, since)
        assert len(await published_from(storage, waiting)) == 1


async def test_never_published_twice_by_two_processes_or_publish_now_racing_the_job(
    app: Any, api: LocalBotApi, database: Path
) -> None:
    storage = storage_of(app)
    number = await schedule_at_once(api, "Only once")
    other_process = await Storage.open(database)  # a second bot on the same database
    try:
        await make_due(storage, number)
        await asyncio.gather(
            scheduling.publish_due(storage, time.time()),
            scheduling.publish_due(other_process, time.time()),
            scheduling.publish_due(storage, time.time()),
        )
    finally:
        await other_process.close()
    await publication_notice(api, number)
    assert len(await published_from(storage, number)) == 1

    # Publish now pressed just as the job finds the article due.
    raced = await schedule_at_once(api, "Pressed while due")
    _, entry = await ask(api, EDITOR_ID, "/scheduled", count=2)
    await make_due(storage, raced)
    answer = await press(api, EDITOR_ID, entry, button(entry, "Publish now"))
    assert not answer.get("show_alert") or "already published" in answer["text"]
    await eventually(
        lambda: _published_once(storage, raced), "the raced article published exactly once"
    )


async def _published_once(storage: Storage, number: int) -> bool:
    return len(await published_from(storage, number)) == 1


async def test_an_editor_who_cannot_be_told_is_not_tried_again_and_others_are_told(
    app: Any, api: LocalBotApi
) -> None:
    storage = storage_of(app)
    first = await schedule_at_once(api, "Told to nobody")
    second = await schedule_at_once(api, "Told")
    api.block(EDITOR_ID)
    await make_due(storage, first)
    await eventually(lambda: _told(storage, first), "the first one given up on")
    api.unblock(EDITOR_ID)
    await make_due(storage, second)
    await publication_notice(api, second)
    assert len(await published_from(storage, first)) == 1
    assert not any(f"S{first} is published" in m.text for m in api.messages(EDITOR_ID))


async def _told(storage: Storage, number: int) -> bool:
    async with storage.database.connection.execute(
        "SELECT editor_told_at IS NOT NULL FROM scheduled_articles WHERE id = ?", (number,)
    ) as cursor:
        row = await cursor.fetchone()
    return bool(row and row[0])


async def test_bad_times_are_explained_in_georgian_to_a_georgian_editor(
    app: Any, api: LocalBotApi
) -> None:
    api.user(EDITOR_ID, language_code="ka")  # a Georgian Telegram client
    translator = Translator()

    def georgian(key: str, **arguments: object) -> str:
        return parse_html(translator.html("ka", key, zone="Asia/Tbilisi", **arguments))[0]

    [wrong] = await ask(api, EDITOR_ID, "/schedule 25:99\nსათაური\nტექსტი")
    assert wrong.text == georgian("schedule-unparseable", value="25:99")
    [past] = await ask(api, EDITOR_ID, "/schedule 01.01.2020 09:00\nსათაური\nტექსტი")
    assert past.text == georgian("schedule-in-past", when="01.01.2020 09:00")
    [far] = await ask(api, EDITOR_ID, "/schedule 01.01.2099 09:00\nსათაური\nტექსტი")
    assert far.text == georgian("schedule-too-far", when="01.01.2099 09:00")
    [done] = await ask(api, EDITOR_ID, f"/schedule {local_time(3600)}\nსათაური\nტექსტი")
    assert re.search(r"\bS\d+\b", done.text) and "Scheduled" not in done.text
    [usage] = await ask(api, EDITOR_ID, "/unschedule")
    assert usage.text == georgian("unschedule-usage")
    # And in English, for an English one.
    api.user(EDITOR_ID, language_code="en")
    [wrong] = await ask(api, EDITOR_ID, "/schedule 25:99\nHeadline\nText")
    assert "“25:99” is not a time I understand" in wrong.text
    [far] = await ask(api, EDITOR_ID, "/schedule 01.01.2099 09:00\nHeadline\nText")
    assert "more than a year ahead" in far.text


async def test_non_editors_are_refused_every_command_and_button(app: Any, api: LocalBotApi) -> None:
    storage = storage_of(app)
    number = await schedule_at_once(api, "Editors only")
    for command in (
        f"/schedule {local_time(3600)}\nEvil\nText",
        "/schedule 09:00",
        "/scheduled",
        f"/unschedule S{number}",
    ):
        [refusal] = await ask(api, READER_ID, command)
        assert EDITORS_ONLY in refusal.text, command
    [hello] = await ask(api, READER_ID, "/start")
    for data in (
        "sd",
        f"sa:publish:{number}",
        f"sa:reschedule:{number}",
        f"sa:cancel:{number}",
    ):
        answer = await press(api, READER_ID, hello, data, from_user=READER_ID, check=False)
        assert EDITORS_ONLY in answer["text"], data
    item = await storage.scheduled.get(number)
    assert item is not None and item.state == "waiting"
    assert await published_from(storage, number) == []
    [only_one] = await storage.scheduled.upcoming(10)
    assert only_one.id == number
