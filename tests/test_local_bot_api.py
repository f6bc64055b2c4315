"""The local fake Bot API server, driven by the real python-telegram-bot client (and raw httpx)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import json
import sys
import time
import warnings
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import telegram
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from local_bot_api import HtmlParseError, LocalBotApi, NotRecordedError, SentMessage, parse_html
from local_bot_api.faults import FloodLimiter
from local_bot_api.html_entities import utf16_len
from local_bot_api.params import parse_form_body

pytestmark = [
    pytest.mark.timeout(30),
    # PTB itself warns about RetryAfter.retry_after becoming a timedelta when it builds one.
    pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning"),
]

USER = 1001
GEORGIAN = "ა"  # U+10D0: one code point, one UTF-16 unit, three UTF-8 bytes
# A bound on waits for something that must happen, far beyond any normal delay: it only turns a
# hang into a failure (below the 30 s test timeout). Speed is for benchmarks to show.
LIVENESS = 20.0


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        server.add_private_chat(USER, first_name="Ann")
        yield server


def make_bot(api: LocalBotApi, **request_kwargs: Any) -> telegram.Bot:
    request = HTTPXRequest(**request_kwargs) if request_kwargs else None
    return telegram.Bot(
        api.token, base_url=api.base_url, base_file_url=api.base_file_url, request=request
    )


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[telegram.Bot]:
    async with make_bot(api) as client:
        yield client


@pytest.fixture
async def http(api: LocalBotApi) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api.url, timeout=LIVENESS) as client:
        yield client


def last_error(api: LocalBotApi) -> str | None:
    assert api.errors, "expected the server to have refused a request"
    return api.errors[-1].description


def button(text: str, data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data)]])


def seconds(value: int | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for a state of the in-process server, failing only if it never comes."""
    try:
        async with asyncio.timeout(LIVENESS):
            while not condition():
                await asyncio.sleep(0.001)
    except TimeoutError:
        raise AssertionError(f"{what} never happened") from None


async def waiting_poll(api: LocalBotApi, client: telegram.Bot) -> asyncio.Task[Any]:
    """A getUpdates call (of up to 10 minutes) that is waiting on the server on return.

    The poll confirms a marker update on arrival, and the server registers it as the waiting
    poll in the same step; so once no update is pending, the poll is waiting.
    """
    marker = api.send_text(USER, "marker")["update_id"]
    poll = asyncio.create_task(client.get_updates(offset=marker + 1, timeout=600))
    await until(lambda: api.pending_updates == 0, "the poll's arrival")
    return poll


# ----- protocol basics -----------------------------------------------------------------------


async def test_get_me_token_and_unknown_methods(
    api: LocalBotApi, bot: telegram.Bot, http: httpx.AsyncClient
) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "newsbot_test_bot", True)

    wrong = await http.post("/bot1:WRONG/getMe")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}

    unknown = await http.post(f"/bot{api.token}/frobnicate")
    assert unknown.status_code == 404
    assert unknown.json()["description"] == "Not Found"

    gap = await http.post(f"/bot{api.token}/sendDice", data={"chat_id": USER})
    assert gap.status_code == 400
    assert gap.json()["description"] == (
        "Bad Request: method not implemented in local server: sendDice"
    )

    # Method names are case-insensitive; JSON bodies and query strings work like forms.
    by_json = await http.post(f"/bot{api.token}/SENDMESSAGE", json={"chat_id": USER, "text": "j"})
    by_query = await http.get(f"/bot{api.token}/sendmessage", params={"chat_id": USER, "text": "q"})
    assert by_json.json()["result"]["text"] == "j"
    assert by_query.json()["result"]["text"] == "q"
    assert [m.text for m in api.messages(USER)] == ["j", "q"]
    assert api.requests[-1].method == "sendMessage"


async def test_unknown_chat(api: LocalBotApi, bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hello")
    assert last_error(api) == "Bad Request: chat not found"


# ----- HTML parse mode -----------------------------------------------------------------------

ACCEPTED_HTML = [
    ("<b>bold</b> and <i>it</i>", "bold and it", [("bold", 0, 4), ("italic", 9, 2)]),
    ("<STRONG>x</STRONG><em>y</em>", "xy", [("bold", 0, 1), ("italic", 1, 1)]),
    ("a &lt; b &gt; c &amp; &quot;d&quot;", 'a < b > c & "d"', []),
    ("&#128065; &#x1F441; eye", "👁 👁 eye", []),
    ("&copy; &nbsp; & alone > too", "&copy; &nbsp; & alone > too", []),
    ("👍<u>x</u>", "👍x", [("underline", 2, 1)]),  # offsets in UTF-16: the emoji is 2 units
    (
        '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
        "st",
        [("spoiler", 0, 1), ("spoiler", 1, 1)],
    ),
    ('<a href="https://example.com/x?a=1&amp;b=2">link</a>', "link", [("text_link", 0, 4)]),
    ("<a href='tg://user?id=1001'>Ann</a>", "Ann", [("text_mention", 0, 3)]),
    ('<pre><code class="language-python">x = 1</code></pre>', "x = 1", [("pre", 0, 5)]),
    (
        "<code>c</code> <s>s</s><del>d</del><strike>k</strike><ins>i</ins>",
        "c sdki",
        [
            ("code", 0, 1),
            ("strikethrough", 2, 1),
            ("strikethrough", 3, 1),
            ("strikethrough", 4, 1),
            ("underline", 5, 1),
        ],
    ),
    (
        "<blockquote expandable>q</blockquote><blockquote>r</blockquote>",
        "qr",
        [("expandable_blockquote", 0, 1), ("blockquote", 1, 1)],
    ),
    ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍", [("custom_emoji", 0, 2)]),
    ("<b unknown=attr>x</b>", "x", [("bold", 0, 1)]),
]


@pytest.mark.parametrize(("markup", "text", "expected"), ACCEPTED_HTML)
async def test_html_accepted(
    api: LocalBotApi,
    bot: telegram.Bot,
    markup: str,
    text: str,
    expected: list[tuple[str, int, int]],
) -> None:
    message = await bot.send_message(USER, markup, parse_mode="HTML")
    assert message.text == text
    assert [(e.type, e.offset, e.length) for e in message.entities] == expected
    record = api.sent[-1]
    assert (record.text, record.html, record.parse_mode) == (text, markup, "HTML")


REJECTED_HTML = [
    ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
    ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("ა<b>x</b> < b", 'Unsupported start tag "" at byte offset 12'),  # byte, not char, offset
    ("x <b", "Unclosed start tag at byte offset 2"),
    ("<i>x</em>", 'Unmatched end tag at byte offset 4, expected "</i>", found "</em>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</i>", 'Can\'t find end tag corresponding to start tag "b"'),
    ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
]


@pytest.mark.parametrize(("markup", "error"), REJECTED_HTML)
async def test_html_rejected(api: LocalBotApi, bot: telegram.Bot, markup: str, error: str) -> None:
    with pytest.raises(BadRequest) as raised:
        await bot.send_message(USER, markup, parse_mode="HTML")
    description = f"Bad Request: can't parse entities: {error}"
    assert last_error(api) == description
    # PTB strips "Bad Request: " and capitalizes what is left.
    assert raised.value.message == description.removeprefix("Bad Request: ").capitalize()
    assert api.sent == []


def test_parse_html_follows_tdlib() -> None:
    # Cases from TDLib's own parse_html tests.
    assert parse_html("🏟 🏟&lt;<i    aba  =  190azAz-.>a</i>") == (
        "🏟 🏟<a",
        [{"type": "italic", "offset": 6, "length": 1}],
    )
    assert parse_html("<a href=telegram.org>x</a>")[1][0]["url"] == "http://telegram.org/"
    assert parse_html("&ge;&lt&#12345678;") == ("&ge;<&#12345678;", [])
    with pytest.raises(HtmlParseError, match="Unclosed end tag at byte offset 17"):
        parse_html("🏟 🏟&lt;<i>a</i   ")
    with pytest.raises(HtmlParseError, match="Unexpected end of name token at byte offset 27"):
        parse_html("🏟 🏟&lt;<i    aba  =  190azAz-.,")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaped_text_round_trips(text: str) -> None:
    assert parse_html(html.escape(text)) == (text, [])
    plain, entities = parse_html(f"<b>{html.escape(text, quote=False)}</b>")
    assert plain == text
    assert entities == ([{"type": "bold", "offset": 0, "length": utf16_len(text)}] if text else [])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&;#x bi=\"'aé👍"))))
def test_arbitrary_markup_parses_or_fails_cleanly(markup: str) -> None:
    try:
        plain, entities = parse_html(markup)
    except HtmlParseError:
        return
    for entity in entities:
        assert 0 <= entity["offset"] < entity["offset"] + entity["length"] <= utf16_len(plain)


async def test_plain_text_is_literal(api: LocalBotApi, bot: telegram.Bot) -> None:
    message = await bot.send_message(USER, "  <b>not bold</b> & co\n")
    assert message.text == "<b>not bold</b> & co"  # trimmed like Telegram
    assert message.entities == ()


async def test_length_limits(api: LocalBotApi, bot: telegram.Bot) -> None:
    async def sent_length(text: str) -> int:
        message = await bot.send_message(USER, text, parse_mode="HTML")
        return len(message.text or "")

    assert await sent_length("a" * 4096) == 4096
    assert await sent_length(f"<b>{'a' * 4096}</b>") == 4096  # tags do not count
    assert await sent_length(f"<i>{GEORGIAN * 4096}</i>") == 4096  # 12,288 bytes is fine
    assert await sent_length(" " * 10 + "a" * 4096 + "\n" * 5) == 4096  # trimmed first
    for too_long in ("a" * 4097, GEORGIAN * 4097, f"<i>{GEORGIAN * 4097}</i>"):
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(USER, too_long, parse_mode="HTML")
        assert last_error(api) == "Bad Request: message is too long"
    for empty in (" \n ", "<b> </b>", "<i></i>"):
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(USER, empty, parse_mode="HTML")
        assert last_error(api) == "Bad Request: message text is empty"


async def test_reply_markup_validation(api: LocalBotApi, bot: telegram.Bot) -> None:
    for ok in ("x" * 64, GEORGIAN * 21 + "x"):  # 64 bytes
        await bot.send_message(USER, "ok", reply_markup=button("b", ok))
    for bad in ("x" * 65, GEORGIAN * 22):  # 65 and 66 bytes
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(USER, "bad", reply_markup=button("b", bad))
        assert last_error(api) == "Bad Request: BUTTON_DATA_INVALID"

    url_button = InlineKeyboardMarkup([[InlineKeyboardButton("u", url="ftp://example.com")]])
    with pytest.raises(BadRequest):
        await bot.send_message(USER, "u", reply_markup=url_button)
    assert last_error(api) == "Bad Request: BUTTON_URL_INVALID"

    wide = InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(i), callback_data=str(i)) for i in range(9)]]
    )
    tall = InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(i), callback_data=str(i))] for i in range(101)]
    )
    widest_ok = InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(i), callback_data=str(i)) for i in range(8)]]
    )
    await bot.send_message(USER, "8 in a row", reply_markup=widest_ok)
    for markup in (wide, tall):
        with pytest.raises(BadRequest):
            await bot.send_message(USER, "big", reply_markup=markup)
        assert last_error(api) == "Bad Request: reply markup is too long"
    assert api.messages(USER)[-1].button_texts == [str(i) for i in range(8)]


# ----- getUpdates ----------------------------------------------------------------------------


async def test_long_poll_is_woken_by_an_update(api: LocalBotApi, bot: telegram.Bot) -> None:
    poll = await waiting_poll(api, bot)
    injected = api.send_command(USER, "/read 5")
    # Not woken, the poll would wait its 10 minutes.
    updates = await asyncio.wait_for(poll, LIVENESS)
    assert [u.update_id for u in updates] == [injected["update_id"]]
    message = updates[0].message
    assert message is not None and message.text == "/read 5"
    assert message.parse_entities(["bot_command"])  # PTB's CommandHandler relies on this
    assert message.from_user is not None and message.from_user.first_name == "Ann"


async def test_long_poll_times_out_empty(api: LocalBotApi, bot: telegram.Bot) -> None:
    started = time.monotonic()
    poll = bot.get_updates(timeout=dtm.timedelta(seconds=0.3))
    assert await asyncio.wait_for(poll, LIVENESS) == ()
    assert time.monotonic() - started >= 0.25  # it did wait


async def test_offsets_confirm_updates(api: LocalBotApi, bot: telegram.Bot) -> None:
    ids = [api.send_text(USER, f"m{i}")["update_id"] for i in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(offset=ids[0])] == ids[1:]  # gone for good
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    assert [u.update_id for u in await bot.get_updates(limit=1)] == []
    later = api.send_text(USER, "later")["update_id"]
    assert later > ids[2]
    assert [u.update_id for u in await bot.get_updates(limit=1)] == [later]


async def test_allowed_updates_filter_is_remembered(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.send_text(USER, "text")
    api.my_chat_member(USER, new_status="member", old_status="kicked")
    updates = await bot.get_updates(allowed_updates=["my_chat_member"])
    assert [u.my_chat_member is not None for u in updates] == [True]
    api.send_text(USER, "filtered out")
    assert await bot.get_updates(offset=updates[0].update_id + 1) == ()


async def test_second_poller_gets_conflict(api: LocalBotApi, bot: telegram.Bot) -> None:
    async with make_bot(api) as other:
        first = await waiting_poll(api, bot)
        second = asyncio.create_task(other.get_updates(timeout=600))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, LIVENESS)
        # The second poll ended the first on arrival, so it is the one waiting now.
        api.send_text(USER, "for the newer poller")
        updates = await asyncio.wait_for(second, LIVENESS)
        assert [u.message.text for u in updates if u.message] == ["for the newer poller"]
    assert api.errors[-1].status == 409


# ----- faults --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "reason", "description"),
    [
        ("private", "blocked", "Forbidden: bot was blocked by the user"),
        ("private", "deactivated", "Forbidden: user is deactivated"),
        ("group", "blocked", "Forbidden: bot was kicked from the group chat"),
        ("supergroup", "blocked", "Forbidden: bot was kicked from the supergroup chat"),
        ("channel", "blocked", "Forbidden: bot is not a member of the channel chat"),
    ],
)
async def test_forbidden_per_chat_type(
    api: LocalBotApi, bot: telegram.Bot, kind: str, reason: str, description: str
) -> None:
    chat_id = {
        "private": 2002,
        "group": -3003,
        "supergroup": -1004004004004,
        "channel": -1005005005005,
    }[kind]
    if kind == "private":
        api.add_private_chat(chat_id)
    elif kind == "channel":
        api.add_channel(chat_id, username="news")
    else:
        api.add_group(chat_id, supergroup=kind == "supergroup", members=[USER])
    await bot.send_message(chat_id, "before")
    api.block(chat_id, reason=reason)
    with pytest.raises(Forbidden) as raised:
        await bot.send_message(chat_id, "after")
    assert raised.value.message == description
    assert last_error(api) == description
    assert api.errors[-1].status == 403
    api.unblock(chat_id)
    await bot.send_message(chat_id, "again")
    assert [m.text for m in api.messages(chat_id)] == ["before", "again"]


async def test_channel_by_username_and_member_statuses(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.add_channel(-1007, title="News", username="newsroom")
    message = await bot.send_message("@newsroom", "post")
    assert message.chat.id == -1007 and message.sender_chat is not None
    member = await bot.get_chat_member(-1007, api.bot.id)
    assert member.status == "administrator"
    assert isinstance(member, telegram.ChatMemberAdministrator) and member.can_post_messages

    api.add_group(-77, title="Club", admins=[5], members=[6], creator=4)
    statuses = [(await bot.get_chat_member(-77, uid)).status for uid in (4, 5, 6, 7)]
    assert statuses == ["creator", "administrator", "member", "left"]
    admins = await bot.get_chat_administrators(-77)
    assert [a.user.id for a in admins] == [4, 5]
    assert await bot.get_chat_member_count(-77) == 4  # creator, admin, member, bot
    assert (await bot.get_chat(-77)).title == "Club"

    api.add_channel(-1008, bot_is_admin=False)
    with pytest.raises(BadRequest, match="Need administrator rights in the channel chat"):
        await bot.send_message(-1008, "x")


async def test_my_chat_member_kick_makes_sends_forbidden(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    api.add_group(-88, members=[USER])
    update = api.my_chat_member(-88, new_status="kicked", old_status="member", from_user=USER)
    received = await bot.get_updates()
    assert received[0].update_id == update["update_id"]
    assert received[0].my_chat_member is not None
    assert received[0].my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(-88, "x")


async def test_migrate(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.add_group(-42, title="Old", members=[USER])
    api.migrate(-42, -1000000000042)
    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(-42, "hello")
    assert raised.value.new_chat_id == -1000000000042
    assert last_error(api) == "Bad Request: group chat was upgraded to a supergroup chat"
    message = await bot.send_message(raised.value.new_chat_id, "hello")
    assert message.chat.type == "supergroup" and message.chat.title == "Old"


FORUM = -1000000000077


async def test_forum_topics_carry_their_thread_and_a_deleted_one_is_not_found(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    api.add_group(FORUM, title="Forum", supergroup=True, admins=[USER], forum=True)
    world = api.create_topic(FORUM, "World")
    assert world["message_thread_id"] > 1  # 1 is General's
    thread_id = world["message_thread_id"]
    update = api.send_command(FORUM, "/subscribe", from_user=USER, thread_id=thread_id)
    [received] = await bot.get_updates(offset=update["update_id"])
    message = received.message
    assert message is not None and message.chat.is_forum
    assert message.is_topic_message and message.message_thread_id == world["message_thread_id"]
    created = message.reply_to_message
    assert created is not None and created.forum_topic_created is not None
    assert created.forum_topic_created.name == "World"
    # A user in General: no thread at all.
    general = api.send_text(FORUM, "hi", from_user=USER)["message"]
    assert "message_thread_id" not in general and "is_topic_message" not in general

    sent = await bot.send_message(FORUM, "to World", message_thread_id=world["message_thread_id"])
    assert sent.is_topic_message and sent.message_thread_id == world["message_thread_id"]
    assert api.messages(FORUM)[-1].message_thread_id == world["message_thread_id"]
    assert (await bot.send_message(FORUM, "to General")).message_thread_id is None
    for thread_id in (1, 999):  # General by its id, a topic that never was
        with pytest.raises(BadRequest, match="Message thread not found"):
            await bot.send_message(FORUM, "x", message_thread_id=thread_id)
    api.delete_topic(FORUM, world["message_thread_id"])
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(FORUM, "x", message_thread_id=world["message_thread_id"])
    assert last_error(api) == "Bad Request: message thread not found"
    assert [m.text for m in api.messages(FORUM)] == ["to General"]  # the topic's went with it
    with pytest.raises(ValueError, match="message thread not found"):
        api.send_text(FORUM, "late", from_user=USER, thread_id=world["message_thread_id"])


async def test_forum_topics_through_the_bot_api(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.add_group(-1000000000078, title="Plain", supergroup=True, admins=[USER, api.bot.id])
    with pytest.raises(BadRequest, match="The chat is not a forum"):
        await bot.create_forum_topic(-1000000000078, "News")
    api.add_group(FORUM, title="Forum", supergroup=True, admins=[USER], forum=True)
    with pytest.raises(BadRequest, match="Not enough rights to create a topic"):
        await bot.create_forum_topic(FORUM, "News")
    api.add_group(FORUM, title="Forum", supergroup=True, admins=[USER, api.bot.id], forum=True)
    topic = await bot.create_forum_topic(FORUM, "News")
    assert topic.name == "News" and topic.message_thread_id > 1
    photo = await bot.send_photo(FORUM, user_photo(api), message_thread_id=topic.message_thread_id)
    assert photo.message_thread_id == topic.message_thread_id
    assert await bot.delete_forum_topic(FORUM, topic.message_thread_id)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_photo(FORUM, user_photo(api), message_thread_id=topic.message_thread_id)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.delete_forum_topic(FORUM, topic.message_thread_id)


async def test_forum_topics_over_the_control_api(
    api: LocalBotApi, bot: telegram.Bot, http: httpx.AsyncClient
) -> None:
    async def control(operation: str, **body: Any) -> httpx.Response:
        return await http.post(f"/_control/{operation}", json=body)

    body = {"chat_id": FORUM, "title": "Forum", "supergroup": True, "admins": [USER]}
    assert (await control("add_group", **body, forum=True)).json()["result"]["is_forum"]
    created = (await control("create_topic", chat_id=FORUM, name="World")).json()["result"]
    thread_id = created["message_thread_id"]
    update = await control(
        "send_command", chat_id=FORUM, command="/latest", from_user=USER, thread_id=thread_id
    )
    assert update.json()["result"]["message"]["message_thread_id"] == thread_id
    await bot.send_message(FORUM, "x", message_thread_id=thread_id)
    sent = (await http.get("/_control/sent", params={"chat_id": FORUM})).json()["result"]
    assert sent[-1]["message_thread_id"] == thread_id
    assert (await control("delete_topic", chat_id=FORUM, thread_id=thread_id)).status_code == 200
    gone = await control("delete_topic", chat_id=FORUM, thread_id=thread_id)
    assert gone.status_code == 400 and "message thread not found" in gone.json()["description"]


async def test_injected_429_500_502(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(USER, "x")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert seconds(raised.value.retry_after) == 3
    assert last_error(api) == "Too Many Requests: retry after 3"

    api.fail_next("sendMessage", chat_id=USER, status=500, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "x")
    api.fail_next(None, status=502)  # any method
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_me()
    await bot.send_message(USER, "fine again")
    assert [m.text for m in api.messages(USER)] == ["fine again"]
    assert [e.status for e in api.errors] == [429, 500, 500, 502]


async def test_injected_timeout(api: LocalBotApi) -> None:
    api.timeout_delay = 3600.0  # longer than the test may run: only stop() can end the hold
    api.fail_next("sendMessage", status="timeout")
    async with make_bot(api, read_timeout=0.3) as impatient:
        with pytest.raises(TimedOut):
            await impatient.send_message(USER, "x")
        assert (await impatient.send_message(USER, "y")).text == "y"
    await asyncio.wait_for(api.stop(), LIVENESS)
    # stop() released the held call, which then got its 500; a call still held when shutdown
    # gives up on it is cancelled and never recorded.
    assert [(error.method, error.status) for error in api.errors] == [("sendMessage", 500)]


async def test_latency_is_added(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.latency = 0.2
    started = time.monotonic()
    await bot.send_message(USER, "slow")
    assert time.monotonic() - started >= 0.2
    api.latency = 0.0


async def test_a_call_the_client_gives_up_on_during_the_latency_is_still_carried_out(
    api: LocalBotApi,
) -> None:
    """As on Telegram: a request that arrived is acted on, whoever still waits for the answer."""
    api.latency = 0.5
    async with make_bot(api) as bot:
        sending = asyncio.create_task(bot.send_message(USER, "sent, answer unheard"))
        for _ in range(int(LIVENESS / 0.01)):
            if api.in_progress("sendMessage") == 1:
                break
            await asyncio.sleep(0.01)
        assert api.in_progress("sendMessage") == 1  # received, not answered
        sending.cancel()  # the client hangs up while the server is still on it
        with pytest.raises(asyncio.CancelledError):
            await sending
        await api.wait_for(lambda m: m.text == "sent, answer unheard", timeout=LIVENESS)
    for _ in range(int(LIVENESS / 0.01)):
        if api.in_progress("sendMessage") == 0:
            break
        await asyncio.sleep(0.01)
    assert api.in_progress("sendMessage") == 0
    assert [m.text for m in api.messages(USER)] == ["sent, answer unheard"]


async def test_flood_limits(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.flood_limits(enabled=True)
    chats = range(5000, 5031)
    for chat_id in chats:
        api.add_private_chat(chat_id)
    results = await asyncio.gather(
        *(bot.send_message(chat_id, "news") for chat_id in chats), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, RetryAfter)]
    assert refused, "31 sends within a second must exceed the 30/s overall limit"
    assert all(isinstance(r, telegram.Message | RetryAfter) for r in results)
    assert api.errors[-1].description is not None
    assert api.errors[-1].description.startswith("Too Many Requests: retry after ")

    # Per chat: a burst of 3 passes, the 4th within the window is refused.
    api.flood_limits(enabled=True, burst=3, per_chat_per_second=1.0)
    for _ in range(3):
        await bot.send_message(USER, "burst")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "one too many")
    api.flood_limits(enabled=False)
    await bot.send_message(USER, "unlimited again")


# ----- editing, deleting, callbacks, files ---------------------------------------------------


async def test_edit_message_text(api: LocalBotApi, bot: telegram.Bot) -> None:
    original = await bot.send_message(
        USER, "<b>v1</b>", parse_mode="HTML", reply_markup=button("b", "d")
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>v1</b>", USER, original.message_id, parse_mode="HTML", reply_markup=button("b", "d")
        )
    assert last_error(api) == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    edited = await bot.edit_message_text("v2", USER, original.message_id)
    assert isinstance(edited, telegram.Message) and edited.edit_date is not None
    assert edited.reply_markup is None  # an edit without reply_markup drops the keyboard
    [current] = api.messages(USER)
    assert (current.text, current.edited, current.method, current.buttons) == (
        "v2",
        True,
        "editMessageText",
        [],
    )
    assert [m.method for m in api.sent] == ["sendMessage", "editMessageText"]

    await bot.edit_message_reply_markup(USER, original.message_id, reply_markup=button("n", "new"))
    assert api.messages(USER)[0].callback_data == ["new"]

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", USER, 999)
    user_message = api.send_text(USER, "mine")["message"]["message_id"]
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", USER, user_message)

    assert await bot.delete_message(USER, original.message_id)
    assert api.messages(USER) == [] and api.deleted == [(USER, original.message_id)]
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(USER, original.message_id)


def user_photo(api: LocalBotApi, width: int = 1280, height: int = 720) -> str:
    """The file_id of (the largest size of) a photo a user sent: one the bot may send again."""
    return str(api.send_photo(USER, width=width, height=height)["message"]["photo"][-1]["file_id"])


async def test_edit_message_media_swaps_the_photo_and_its_caption(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    first, second = user_photo(api), user_photo(api, width=800, height=600)
    sent = await bot.send_photo(USER, first, caption="<b>v1</b>", parse_mode="HTML")
    edited = await bot.edit_message_media(
        InputMediaPhoto(second, caption="<b>v2</b>", parse_mode="HTML"),
        USER,
        sent.message_id,
        reply_markup=button("b", "d"),
    )
    assert isinstance(edited, telegram.Message) and edited.edit_date is not None
    assert [size.file_id for size in edited.photo] == [second]
    assert (edited.photo[-1].width, edited.photo[-1].height) == (800, 600)
    [current] = api.messages(USER)
    assert (current.photo, current.text, current.method, current.edited) == (
        second,
        "v2",
        "editMessageMedia",
        True,
    )
    assert current.callback_data == ["d"]


async def test_edit_message_media_refuses_what_telegram_refuses(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    photo = await bot.send_photo(USER, user_photo(api), caption="photo")
    text = await bot.send_message(USER, "text")
    document = api.send_document(USER, "a.txt", b"x")["message"]["document"]["file_id"]
    attempts = [
        (photo.message_id, document, "can't use file of type Document as Photo"),
        (photo.message_id, "no-such-file", "wrong file identifier/HTTP URL specified"),
        (text.message_id, user_photo(api), "there is no media in the message to edit"),
        (999, user_photo(api), "message to edit not found"),
    ]
    for message_id, media, error in attempts:
        with pytest.raises(BadRequest):
            await bot.edit_message_media(InputMediaPhoto(media), USER, message_id)
        assert last_error(api) == f"Bad Request: {error}"
    assert [(m.method, m.edited) for m in api.messages(USER)] == [
        ("sendPhoto", False),
        ("sendMessage", False),
    ]


async def test_an_edit_that_changes_nothing_is_not_modified(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    same = (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    photo = user_photo(api)
    sent = await bot.send_photo(
        USER, photo, caption="<b>c</b>", parse_mode="HTML", reply_markup=button("b", "d")
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_caption(
            USER, sent.message_id, caption="<b>c</b>", parse_mode="HTML",
            reply_markup=button("b", "d"),
        )  # fmt: skip
    assert last_error(api) == same
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_media(
            InputMediaPhoto(photo, caption="<b>c</b>", parse_mode="HTML"),
            USER,
            sent.message_id,
            reply_markup=button("b", "d"),
        )
    assert last_error(api) == same
    # The same caption in plain text (no bold) is a change, and so is the same photo without
    # its keyboard: both are carried out.
    await bot.edit_message_caption(
        USER, sent.message_id, caption="c", reply_markup=button("b", "d")
    )
    await bot.edit_message_media(InputMediaPhoto(photo, caption="c"), USER, sent.message_id)
    [current] = api.messages(USER)
    assert (current.text, current.entities, current.buttons) == ("c", [], [])


async def test_delete_is_refused_after_48_hours_but_edits_are_not(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    old = await bot.send_message(USER, "two days old")
    recent = await bot.send_message(USER, "a day old")
    api.age_message(USER, old.message_id, 48 * 3600 + 60)
    api.age_message(USER, recent.message_id, 47 * 3600)
    with pytest.raises(BadRequest, match="can't be deleted for everyone"):
        await bot.delete_message(USER, old.message_id)
    assert last_error(api) == "Bad Request: message can't be deleted for everyone"
    # A bot edits its own messages without a time limit: the withdrawal notice goes there.
    await bot.edit_message_text("withdrawn", USER, old.message_id)
    assert await bot.delete_message(USER, recent.message_id)
    assert [m.text for m in api.messages(USER)] == ["withdrawn"]
    assert api.deleted == [(USER, recent.message_id)]


async def test_edits_count_against_the_flood_limits(api: LocalBotApi, bot: telegram.Bot) -> None:
    chats = range(6000, 6031)
    for chat_id in chats:
        api.add_private_chat(chat_id)
    sent = [await bot.send_message(chat_id, "v1") for chat_id in chats]  # not yet limited
    api.flood_limits(enabled=True)
    results = await asyncio.gather(
        *(bot.edit_message_text("v2", m.chat_id, m.message_id) for m in sent),
        return_exceptions=True,
    )
    assert any(isinstance(r, RetryAfter) for r in results), "31 edits in a second: over 30/s"
    assert all(isinstance(r, telegram.Message | RetryAfter) for r in results)

    # Per chat, sends and edits share one window: a send and two edits fill a burst of 3.
    api.flood_limits(enabled=True, burst=3, per_chat_per_second=1.0)
    message = await bot.send_message(USER, "v1")
    for text in ("v2", "v3"):
        await bot.edit_message_text(text, USER, message.message_id)
    with pytest.raises(RetryAfter):
        await bot.edit_message_text("v4", USER, message.message_id)
    assert (last_error(api) or "").startswith("Too Many Requests: retry after ")
    assert api.messages(USER)[-1].text == "v3"


async def test_reply_to_message(api: LocalBotApi, bot: telegram.Bot) -> None:
    asked = api.send_text(USER, "question")["message"]["message_id"]
    reply = await bot.send_message(USER, "answer", reply_parameters=telegram.ReplyParameters(asked))
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "question"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(USER, "x", reply_parameters=telegram.ReplyParameters(12345))


async def test_callback_queries(api: LocalBotApi, bot: telegram.Bot) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=button("Yes", "answer:yes"))
    update = api.press_button(USER, sent.message_id, "answer:yes")
    [received] = await bot.get_updates()
    query = received.callback_query
    assert (
        query is not None
        and query.data == "answer:yes"
        and query.id == update["callback_query"]["id"]
    )
    assert query.message is not None and query.message.message_id == sent.message_id
    assert isinstance(query.message, telegram.Message) and query.message.reply_markup == button(
        "Yes", "answer:yes"
    )

    with pytest.raises(BadRequest):
        await query.answer("x" * 201)
    waiter = asyncio.create_task(api.wait_for_callback_answer(query.id, timeout=LIVENESS))
    assert await query.answer("Saved", show_alert=True)
    answer = await waiter
    assert (answer["text"], answer["show_alert"]) == ("Saved", True)
    for query_id in (query.id, "123"):  # answered already / never issued
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(query_id)
        assert last_error(api) == (
            "Bad Request: query is too old and response timeout expired or query ID is invalid"
        )
    with pytest.raises(ValueError, match="no button"):
        api.press_button(USER, sent.message_id, "answer:no")


async def test_callback_answers_may_only_link_to_the_bot(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=button("Read", "r:1"))
    me = await bot.get_me()
    for url in (
        "https://example.com/?start=x",
        f"https://t.me/{me.username}",
        "https://t.me/other_bot?start=x",
    ):
        update = api.press_button(USER, sent.message_id, "r:1")
        with pytest.raises(BadRequest, match=r"(?i)url_invalid"):
            await bot.answer_callback_query(update["callback_query"]["id"], url=url)
    update = api.press_button(USER, sent.message_id, "r:1")
    link = f"https://t.me/{me.username}?start=read_1"
    assert await bot.answer_callback_query(update["callback_query"]["id"], url=link)
    assert api.callback_answers[-1]["url"] == link


async def test_files(api: LocalBotApi, bot: telegram.Bot) -> None:
    api.send_document(
        USER, "article.md", "# Title\nbody ✓".encode(), mime_type="text/markdown", caption="draft"
    )
    [update] = await bot.get_updates()
    document = update.message.document if update.message else None
    assert document is not None and document.file_name == "article.md"
    file = await document.get_file()
    assert bytes(await file.download_as_bytearray()) == "# Title\nbody ✓".encode()

    sent = await bot.send_document(
        USER, b"a,b\n1,2\n", filename="export.csv", caption="<b>CSV</b>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.caption == "CSV"
    again = await bot.get_file(sent.document.file_id)
    assert bytes(await again.download_as_bytearray()) == b"a,b\n1,2\n"
    assert api.messages(USER)[-1].method == "sendDocument"
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_commands(api: LocalBotApi, bot: telegram.Bot) -> None:
    commands = [telegram.BotCommand("start", "Start"), telegram.BotCommand("read", "Read news")]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands(commands[:1], language_code="ka")
    private = telegram.BotCommandScopeAllPrivateChats()
    assert await bot.set_my_commands(commands[1:], scope=private)
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(language_code="ka") == tuple(commands[:1])
    assert api.commands[("all_private_chats", "")] == [
        {"command": "read", "description": "Read news"}
    ]
    assert set(api.commands) == {("default", ""), ("default", "ka"), ("all_private_chats", "")}
    assert await bot.delete_my_commands(language_code="ka")
    assert ("default", "ka") not in api.commands
    for bad, error in (
        (telegram.BotCommand("Start", "x"), "BOT_COMMAND_INVALID"),
        (telegram.BotCommand("x" * 33, "x"), "BOT_COMMAND_INVALID"),
        (telegram.BotCommand("ok", "x" * 257), "BOT_COMMAND_DESCRIPTION_INVALID"),
    ):
        with pytest.raises(BadRequest):
            await bot.set_my_commands([bad])
        assert last_error(api) == f"Bad Request: {error}"


# ----- control API and a whole PTB Application ----------------------------------------------


async def test_control_api_round_trip(
    api: LocalBotApi, bot: telegram.Bot, http: httpx.AsyncClient
) -> None:
    async def control(operation: str, **body: Any) -> Any:
        response = await http.post(f"/_control/{operation}", json=body)
        assert response.status_code == 200, response.text
        return response.json()["result"]

    chat = await control("add_private_chat", user_id=3003, first_name="Remote")
    assert chat == {"id": 3003, "type": "private", "first_name": "Remote"}
    update = await control("send_command", chat_id=3003, command="/start")
    [received] = await bot.get_updates()
    assert received.update_id == update["update_id"]

    waiter = asyncio.create_task(
        http.post(
            "/_control/wait_for_messages", json={"chat_id": 3003, "count": 1, "timeout": LIVENESS}
        )
    )
    await asyncio.sleep(0.05)
    await bot.send_message(
        3003, "<i>welcome</i>", parse_mode="HTML", reply_markup=button("Go", "go")
    )
    waited = (await waiter).json()["result"]
    assert [m["text"] for m in waited] == ["welcome"]

    sent = (await http.get("/_control/sent", params={"chat_id": 3003})).json()["result"]
    assert sent[0]["html"] == "<i>welcome</i>" and sent[0]["entities"][0]["type"] == "italic"
    await control(
        "press_button", chat_id=3003, message_id=sent[0]["message_id"], callback_data="go"
    )

    await control("fail_next", method="sendMessage", status=500)
    with pytest.raises(NetworkError):
        await bot.send_message(3003, "x")
    stats = (await http.get("/_control/stats")).json()["result"]
    # Still pending: the unconfirmed /start and the button press.
    assert (stats["sent"], stats["errors"], stats["pending_updates"]) == (1, 1, 2)

    timeout = await http.post(
        "/_control/wait_for_messages", json={"chat_id": 3003, "count": 5, "timeout": 0.1}
    )
    assert timeout.status_code == 408 and "expected at least 5" in timeout.json()["description"]
    bad = await http.post("/_control/send_text", json={"chat_id": 3003})
    assert bad.status_code == 400


async def test_wait_for_messages_explains_timeout(api: LocalBotApi, bot: telegram.Bot) -> None:
    await bot.send_message(USER, "only one")
    with pytest.raises(TimeoutError, match=r"(?s)expected at least 2.*only one"):
        await api.wait_for_messages(USER, 2, timeout=0.1)
    found = asyncio.create_task(api.wait_for(lambda m: "second" in m.text, timeout=LIVENESS))
    await bot.send_message(USER, "the second")
    match = await found
    assert isinstance(match, SentMessage) and match.text == "the second"


async def test_ptb_application_end_to_end(api: LocalBotApi) -> None:
    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            f"<b>Hello</b>, {update.effective_user.first_name if update.effective_user else '?'}!",
            reply_markup=button("More", "more"),
        )

    application = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        try:
            api.send_command(USER, "/start")
            [reply] = await api.wait_for_messages(USER, 1, timeout=LIVENESS)
            assert (reply.text, reply.button_texts) == ("Hello, Ann!", ["More"])
        finally:
            await application.updater.stop()
            await application.stop()


# ----- benchmark mode: no records, auto-created and bulk-added chats, send counters ----------

KEYBOARD = json.dumps(
    {
        "inline_keyboard": [
            [{"text": "A", "url": "https://x.test"}, {"text": "B", "callback_data": "b"}]
        ]
    }
)
HEADLINE = "<b>Budget</b> passed &amp; <a href='example.com/n/1'>more</a> ა😀"
# Form bodies as PTB sends them; lean mode must answer each exactly as recording mode does.
SEND_CASES: list[dict[str, str]] = [
    {"chat_id": str(USER), "text": HEADLINE, "parse_mode": "HTML", "reply_markup": KEYBOARD},
    {"chat_id": str(USER), "text": HEADLINE, "parse_mode": "HTML", "reply_markup": KEYBOARD},
    {
        "chat_id": str(USER),
        "text": "  plain  ",
        "entities": '[{"type":"bold","offset":2,"length":3}]',
    },
    {
        "chat_id": str(USER),
        "text": "x",
        "reply_markup": '{"keyboard":[["a"]]}',
        "protect_content": "1",
    },
    {"chat_id": str(USER), "text": "<a href='tg://user?id=1001'>Ann</a>", "parse_mode": "HTML"},
    {"chat_id": str(USER), "text": "thread", "message_thread_id": "5"},
    {"chat_id": str(USER), "text": "<b>bad", "parse_mode": "HTML"},
    {"chat_id": str(USER), "text": "<b> </b>", "parse_mode": "HTML"},
    {"chat_id": str(USER), "text": "x" * 4097},
    {"chat_id": str(USER), "text": "x", "reply_markup": "{"},
    {"chat_id": str(USER), "text": "x", "reply_markup": '{"inline_keyboard":[[{"text":"a"}]]}'},
    {"chat_id": str(USER), "text": "x", "reply_markup": KEYBOARD.replace("https", "ftp")},
    {"chat_id": str(USER), "text": "x", "entities": "[broken"},
    {"chat_id": str(USER), "text": "x", "parse_mode": "MarkdownV2"},
    {"chat_id": str(USER), "text": "x", "reply_parameters": '{"message_id":99}'},
    {"chat_id": "999", "text": "x"},
    {"chat_id": "@nobody", "text": "x"},
    {"text": "x"},
]


async def send_replies(api: LocalBotApi) -> list[tuple[int, Any]]:
    replies: list[tuple[int, Any]] = []
    async with httpx.AsyncClient(base_url=api.url) as http:
        for form in SEND_CASES:
            response = await http.post(f"/bot{api.token}/sendMessage", data=form)
            body = response.json()
            if body["ok"]:
                del body["result"]["date"]
            replies.append((response.status_code, body))
        as_json = {"chat_id": USER, "text": HEADLINE, "parse_mode": "HTML"}
        response = await http.post(f"/bot{api.token}/sendMessage", json=as_json)
        body = response.json()
        del body["result"]["date"]
        replies.append((response.status_code, body))
    return replies


async def test_lean_mode_answers_exactly_like_recording_mode() -> None:
    replies = []
    for record in (True, False):
        async with LocalBotApi(record=record) as server:
            server.add_private_chat(USER, first_name="Ann")
            replies.append(await send_replies(server))
    recorded, lean = replies
    assert [status for status, _ in recorded].count(200) == 7
    assert lean == recorded


async def test_lean_mode_keeps_counters_not_records() -> None:
    async with LocalBotApi(record=False) as api, make_bot(api) as bot:
        assert not api.record
        api.add_private_chat(USER, first_name="Ann")
        first = await bot.send_message(USER, "<b>news</b>", parse_mode="HTML")
        second = await bot.send_message(
            USER, "<b>news</b>", parse_mode="HTML", reply_markup=button("More", "more")
        )
        assert (first.message_id, second.message_id) == (1, 2)
        assert (second.text, second.entities[0].type) == ("news", "bold")
        assert second.reply_markup == button("More", "more")
        reply = await bot.send_message(USER, "re", reply_to_message_id=1)
        assert reply.reply_to_message is not None and reply.reply_to_message.message_id == 1
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(999, "x")

        # Edits and deletions work by message id: nothing else is kept to check against.
        edited = await bot.edit_message_text("v2", USER, 2, reply_markup=button("Less", "less"))
        assert (edited.text, edited.reply_markup) == ("v2", button("Less", "less"))
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("v2", USER, 4)
        assert await bot.delete_message(USER, 1)

        api.press_button(USER, 2, "less")
        [update] = await bot.get_updates()
        assert update.callback_query is not None and update.callback_query.message is not None
        assert update.callback_query.message.message_id == 2
        await update.callback_query.answer("ok")
        answer = await api.wait_for_callback_answer(update.callback_query.id, timeout=LIVENESS)
        assert answer["text"] == "ok"

        readers: list[Any] = [
            lambda: api.sent,
            lambda: api.messages(USER),
            lambda: api.requests,
            lambda: api.errors,
            lambda: api.deleted,
        ]
        for read in readers:
            with pytest.raises(NotRecordedError):
                read()
        with pytest.raises(NotRecordedError):
            await api.wait_for_messages(USER, 1)
        stats = api.stats()
        assert (stats["sent"], stats["errors"]) == (4, 2)  # 3 sends and an edit
        assert api.send_stats()["by_status"] == {200: 3, 400: 1}
        async with httpx.AsyncClient(base_url=api.url) as http:
            refused = await http.get("/_control/sent")
            assert refused.status_code == 409 and "--lean" in refused.json()["description"]
            config = (await http.get("/_control/config")).json()["result"]
            assert (config["record"], config["auto_chats"]) == (False, False)


@pytest.mark.parametrize("record", [True, False])
async def test_auto_chats(record: bool) -> None:
    async with LocalBotApi(record=record, auto_chats=True) as api, make_bot(api) as bot:
        for chat_id, kind in ((77, "private"), (-1000000000077, "supergroup"), (-77, "group")):
            one = await bot.send_message(chat_id, "a")
            two = await bot.send_message(chat_id, "b")
            assert (one.chat.type, one.message_id, two.message_id) == (kind, 1, 2)
        assert (await bot.get_chat(-77)).title == "Group -77"
        api.block(77)
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(77, "c")
        api.unblock(77)
        assert (await bot.send_message(77, "d")).message_id == 3
        if record:
            assert [m.text for m in api.messages(-77)] == ["a", "b"]
        api.auto_chats = False
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(78, "x")


@pytest.mark.parametrize("record", [True, False])
async def test_add_private_chats_in_bulk(record: bool) -> None:
    async with LocalBotApi(record=record) as api, make_bot(api) as bot:
        assert api.add_private_chats(5_000_000, 100_000, language_code="ka") == 100_000
        # All of them exist, from the first to the last, and the ids around them do not.
        for chat_id in (5_000_000, 5_050_000, 5_099_999):
            message = await bot.send_message(chat_id, "hi")
            assert (message.chat.id, message.chat.type, message.chat.first_name) == (
                chat_id,
                "private",
                "Reader",
            )
        for missing in (4_999_999, 5_100_000):
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.send_message(missing, "x")
        update = api.send_command(5_000_001, "/start")
        assert update["message"]["from"]["language_code"] == "ka"
        assert (await bot.get_chat(5_000_001)).first_name == "Reader"

        # Later definitions win; a chat that already had messages keeps counting.
        api.add_private_chat(5_000_002, first_name="Ann", language_code="en")
        await bot.send_message(5_000_002, "one")
        api.add_private_chats(5_000_000, 10, language_code="de", first_name="Reader")
        assert api.send_text(5_000_002, "hi")["message"]["from"]["language_code"] == "de"
        assert (await bot.send_message(5_000_002, "two")).message_id == 3
        if record:
            assert [m.text for m in api.messages(5_000_002)] == ["one", "two"]

        async with httpx.AsyncClient(base_url=api.url) as http:
            listed = await http.post("/_control/add_private_chats", json={"user_ids": [7, 9]})
            assert listed.json()["result"] == 2
            ranged = await http.post(
                "/_control/add_private_chats", json={"first_id": 20, "count": 3}
            )
            assert ranged.json()["result"] == 3
            wrong = await http.post(
                "/_control/add_private_chats", json={"first_id": -5, "count": 1}
            )
            assert wrong.status_code == 400
        await bot.send_message(9, "x")
        await bot.send_message(22, "x")
        for missing in (8, 23):
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.send_message(missing, "x")


@pytest.mark.parametrize("record", [True, False])
async def test_send_stats(record: bool) -> None:
    async with LocalBotApi(record=record, count_per_chat=True) as api, make_bot(api) as bot:
        api.add_private_chat(USER)
        api.add_private_chat(1002)
        before = time.monotonic()
        await bot.send_message(USER, "a")
        await bot.send_message(USER, "paid", allow_paid_broadcast=True)
        await bot.send_message(1002, "b")
        await bot.edit_message_text("a2", USER, 1)  # edits are not sends
        api.block(1002)
        with pytest.raises(Forbidden):
            await bot.send_message(1002, "c")
        api.fail_next("sendMessage", status=500)
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "d")
        with pytest.raises(BadRequest):
            await bot.send_message(999, "e")
        api.flood_limits(enabled=True, burst=1, per_chat_per_second=0.5)
        await bot.send_message(USER, "f")
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "g")
        api.flood_limits(enabled=False)

        stats = api.send_stats()
        assert stats["accepted"] == 4
        assert stats["by_status"] == {200: 4, 400: 1, 403: 1, 429: 1, 500: 1}
        assert stats["paid"] == 1
        assert stats["per_chat"] == {USER: 3, 1002: 1}
        assert before <= stats["first_monotonic"] <= stats["last_monotonic"] <= time.monotonic()
        assert sum(stats["per_second"]) == 4 and stats["per_second_overflow"] == 0
        if record:
            sends = [m for m in api.sent if not m.edited]
            statuses = [r.status for r in api.requests if r.method == "sendMessage"]
            assert len(sends) == stats["accepted"]
            assert {s: statuses.count(s) for s in set(statuses)} == stats["by_status"]

        async with httpx.AsyncClient(base_url=api.url) as http:
            remote = (await http.get("/_control/send_stats")).json()["result"]
            assert remote["by_status"] == {"200": 4, "400": 1, "403": 1, "429": 1, "500": 1}
            assert remote["per_chat"] == {str(USER): 3, "1002": 1}
            brief = (await http.get("/_control/send_stats", params={"per_chat": "0"})).json()
            assert "per_chat" not in brief["result"]
            assert (await http.post("/_control/reset_send_stats")).status_code == 200
        stats = api.send_stats()
        assert (stats["accepted"], stats["by_status"], stats["per_chat"]) == (0, {}, {})
        assert stats["first_monotonic"] is None and stats["per_second"] == []


async def test_wait_for_sends_is_woken_by_the_send_reaching_the_count() -> None:
    async with (
        LocalBotApi(record=False, auto_chats=True) as api,
        httpx.AsyncClient(base_url=api.url, timeout=LIVENESS) as http,
    ):

        async def send(chat_id: int) -> None:
            response = await http.post(
                f"/bot{api.token}/sendMessage", data={"chat_id": chat_id, "text": "x"}
            )
            assert response.status_code == 200

        # The in-process wait is registered before any send: a new task runs up to its first
        # await before the sends' requests reach the server.
        in_process = asyncio.create_task(api.wait_for_sends(20, timeout=LIVENESS))
        over_http = asyncio.create_task(
            http.post("/_control/wait_for_sends", json={"count": 20, "timeout": LIVENESS})
        )
        await asyncio.gather(*(send(100 + i) for i in range(19)))
        assert not in_process.done()
        await send(200)
        # Not woken, both would time out (TimeoutError, 408); woken early, they would count < 20.
        assert (await in_process)["accepted"] == 20
        reply = await over_http
        assert reply.status_code == 200 and reply.json()["result"]["accepted"] == 20
        assert (await api.wait_for_sends(20, timeout=0))["accepted"] == 20

        late = await http.post("/_control/wait_for_sends", json={"count": 21, "timeout": 0.05})
        assert late.status_code == 408
        assert late.json()["description"] == (
            "20 accepted send(s) after 0.05s, expected at least 21"
        )


async def test_cli_benchmark_mode() -> None:
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "local_bot_api",
        "--port",
        "0",
        "--lean",
        "--auto-chats",
        "--count-per-chat",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        line = (await asyncio.wait_for(server.stdout.readline(), LIVENESS)).decode()
        assert "modes=lean,auto_chats,count_per_chat" in line
        root = line.split(" on ", 1)[1].split()[0]
        async with httpx.AsyncClient(base_url=root, timeout=LIVENESS) as http:
            config = (await http.get("/_control/config")).json()["result"]
            assert (config["record"], config["auto_chats"], config["count_per_chat"]) == (
                False,
                True,
                True,
            )
            sent = await http.post(
                f"/bot{config['token']}/sendMessage", data={"chat_id": "5", "text": "x"}
            )
            assert sent.json()["result"]["chat"] == {
                "id": 5,
                "type": "private",
                "first_name": "Reader",
            }
            stats = (await http.get("/_control/send_stats")).json()["result"]
            assert stats["per_chat"] == {"5": 1}
    finally:
        server.terminate()
        await server.wait()


FORM_PIECES = [b"a", b"=", b"&", b"+", b"%", b"%4", b"%41", b"%e1%83%90", b"%83", b"%3D", b"%2B",
               b"%%", b"\n", b"\r", "ა".encode(), b"\xff", b"_", b"%zz", b";", b" "]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FORM_PIECES)).map(b"".join))
def test_form_bodies_decode_like_parse_qsl(body: bytes) -> None:
    expected = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    assert parse_form_body(body) == expected


def test_flood_windows_of_idle_chats_are_dropped() -> None:
    limiter = FloodLimiter()
    limiter.configure(enabled=True, global_per_second=1_000_000, paid_per_second=1_000_000)
    for chat_id in range(5_000):
        assert limiter.admit(chat_id, False, False, now=chat_id / 10_000) is None
    for chat_id in range(5_000, 10_000):
        assert limiter.admit(chat_id, False, False, now=100.0) is None
    assert min(limiter._chats) >= 5_000  # pruned once the earlier windows had emptied


async def test_random_faults_fail_a_share_of_sends_and_stop_when_cleared(
    api: LocalBotApi, bot: telegram.Bot
) -> None:
    api.fail_randomly(1.0, statuses=(500, 502), seed=7)
    for _ in range(5):
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "x")
    assert (await bot.get_me()).is_bot  # methods outside the list are untouched
    failed = [r.status for r in api.requests if r.method == "sendMessage"]
    assert len(failed) == 5 and set(failed) <= {500, 502}
    api.fail_randomly(0.5, seed=1)
    outcomes = []
    for _ in range(40):
        try:
            await bot.send_message(USER, "y")
            outcomes.append(True)
        except NetworkError:
            outcomes.append(False)
    assert 5 <= outcomes.count(False) <= 35  # seeded: some fail, some pass
    api.clear_faults()
    await bot.send_message(USER, "z")
    assert api.messages(USER)[-1].text == "z"


def test_paid_broadcasts_leave_the_free_rate_to_unpaid_calls() -> None:
    limiter = FloodLimiter()
    limiter.configure(enabled=True, global_per_second=30, paid_per_second=1000)
    for chat_id in range(900):  # a paid round at 900/s
        assert limiter.admit(chat_id, False, True, now=chat_id / 1000) is None
    # Replies and edits (never paid) still have Telegram's free 30 a second beside it...
    for chat_id in range(10_000, 10_030):
        assert limiter.admit(chat_id, False, False, now=0.95) is None
    # ...and no more than that.
    assert limiter.admit(20_000, False, False, now=0.96) is not None
    # Every send counts towards the paid ceiling: 930 taken, 70 left in this second.
    for chat_id in range(30_000, 30_070):
        assert limiter.admit(chat_id, False, True, now=0.97) is None
    assert limiter.admit(40_000, False, True, now=0.98) is not None


# ----- inline mode (issue 13) ----------------------------------------------------------------


def article_result(result_id: str = "1", text: str = "<b>Headline</b>", **extra: Any) -> Any:
    return {
        "type": "article",
        "id": result_id,
        "title": "Headline",
        "input_message_content": {"message_text": text, "parse_mode": "HTML"},
        **extra,
    }


async def test_answer_inline_query_refuses_what_telegram_refuses(
    api: LocalBotApi, http: httpx.AsyncClient
) -> None:
    injected = await http.post("/_control/inline_query", json={"user_id": USER, "query": "metro"})
    query_id = injected.json()["result"]["inline_query"]["id"]

    async def answer(results: Any, **extra: Any) -> str:
        body = {"inline_query_id": query_id, "results": results, **extra}
        reply = await http.post(f"/bot{api.token}/answerInlineQuery", json=body)
        assert reply.status_code == 400, reply.text
        return str(reply.json()["description"])

    too_many = [article_result(str(n)) for n in range(51)]
    assert await answer(too_many) == "Bad Request: RESULTS_TOO_MUCH"
    assert await answer([article_result("x" * 65)]) == "Bad Request: RESULT_ID_INVALID"
    assert await answer([article_result("")]) == "Bad Request: RESULT_ID_INVALID"
    twice = [article_result("1"), article_result("1")]
    assert await answer(twice) == "Bad Request: RESULT_ID_DUPLICATE"
    poll = {**article_result(), "type": "poll"}
    assert await answer([poll]) == "Bad Request: RESULT_TYPE_INVALID"
    assert "can't parse entities" in await answer([article_result(text="<b>open")])
    assert await answer([article_result(text=" ")]) == "Bad Request: message text is empty"
    bad_button = {"inline_keyboard": [[{"text": "Read", "url": "ftp://x"}]]}
    assert await answer([article_result(reply_markup=bad_button)]) == (
        "Bad Request: BUTTON_URL_INVALID"
    )
    assert "THUMBNAIL_URL_INVALID" in await answer([article_result(thumbnail_url="file:///x")])
    unknown_photo = {"type": "photo", "id": "2", "photo_file_id": "nope", "caption": "x"}
    assert await answer([unknown_photo]) == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )
    assert await answer([article_result()], next_offset="9" * 65) == (
        "Bad Request: NEXT_OFFSET_INVALID"
    )
    assert api.inline_answers == []  # nothing refused was recorded, and the query still waits

    async with make_bot(api) as client:
        waiter = asyncio.create_task(api.wait_for_inline_answer(query_id, timeout=LIVENESS))
        result = telegram.InlineQueryResultArticle(
            "1", "Headline", telegram.InputTextMessageContent("<b>Headline</b>", parse_mode="HTML")
        )
        assert await client.answer_inline_query(query_id, [result], next_offset="1")
        answer_record = await waiter
        assert (answer_record["user_id"], answer_record["query"]) == (USER, "metro")
        assert answer_record["next_offset"] == "1"
        for stale in (query_id, "123"):  # answered already / never issued
            with pytest.raises(BadRequest, match="Query is too old"):
                await client.answer_inline_query(stale, [result])

    recorded = (await http.get("/_control/inline_answers")).json()["result"]
    assert [answer["inline_query_id"] for answer in recorded] == [query_id]
    chosen = api.choose_inline_result(USER, "1", "metro", inline_message_id="AAA")
    assert chosen["chosen_inline_result"]["result_id"] == "1"
    with pytest.raises(ValueError, match="offered no result"):
        api.choose_inline_result(USER, "2", "metro")


async def test_post_inline_result_posts_as_the_user_via_the_bot(api: LocalBotApi) -> None:
    """A chosen result lands in the chat as the user's message via the bot, parsed as sendMessage
    parses; a cached photo keeps its caption; the choice follows with an inline_message_id."""
    group = -100777
    api.add_group(group, "Newsroom", supergroup=True, admins=[api.bot.id], members=[USER])
    photo_id = api.send_photo(USER, caption="lead", width=64, height=40)["message"]["photo"][-1]
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Read", url="https://t.me/b?start=1")]])
    query_id = api.inline_query(USER, "metro", chat_type="supergroup")["inline_query"]["id"]
    async with make_bot(api) as client:
        await client.answer_inline_query(
            query_id,
            [
                telegram.InlineQueryResultArticle(
                    "1",
                    "Metro",
                    telegram.InputTextMessageContent("<b>Metro</b> opens", parse_mode="HTML"),
                    reply_markup=keyboard,
                ),
                telegram.InlineQueryResultCachedPhoto(
                    "2", photo_id["file_id"], caption="<i>Photo</i>", parse_mode="HTML"
                ),
            ],
        )
        await client.get_updates()  # the inline query is read
        posted = api.post_inline_result(USER, group, query_id, "1")
        assert posted["text"] == "Metro opens"
        assert posted["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
        assert posted["from"]["id"] == USER and posted["via_bot"]["id"] == api.bot.id
        assert posted["reply_markup"]["inline_keyboard"][0][0]["text"] == "Read"
        assert api.history(group)[-1] == posted
        pictured = api.post_inline_result(USER, group, api.inline_answers[0], "2")
        assert pictured["photo"][0]["file_id"] == photo_id["file_id"]
        assert (pictured["caption"], pictured["caption_entities"][0]["type"]) == ("Photo", "italic")
        updates = [u.to_dict() for u in await client.get_updates(offset=1)]
    kinds = [next(k for k in u if k != "update_id") for u in updates][-4:]
    assert kinds == ["message", "chosen_inline_result", "message", "chosen_inline_result"]
    first_choice, second_choice = updates[-3]["chosen_inline_result"], updates[-1]
    assert first_choice["query"] == "metro" and first_choice["inline_message_id"]
    # A result without a keyboard cannot be edited: Telegram gives it no inline_message_id.
    assert "inline_message_id" not in second_choice["chosen_inline_result"]
    for unknown in ((query_id, "3"), ("404", "1")):
        with pytest.raises(ValueError):
            api.post_inline_result(USER, group, *unknown)
