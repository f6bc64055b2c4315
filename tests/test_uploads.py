"""Reading uploads (issue 9, item 1): bounded parsing, the worker with a deadline, and a property
test of hostile files through upload -> sanitise -> split -> send to the local Bot API."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
import telegram
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.limits import BODY_MAX_LENGTH, LIST_INDENT_MAX_LEVELS, UPLOAD_MAX_TAGS
from bot.news import uploads
from bot.news.articles import Problem
from bot.news.upload_worker import JobFailed, JobOutOfMemory, JobTimedOut, run_bounded
from bot.telegram.html import (
    TextTooLong,
    TooManyTags,
    markdown_to_html,
    sanitize_html,
    split_html,
    visible_text,
)
from local_bot_api import LocalBotApi

READER = 1001

# ----- the parser's bounds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<a " * 3, "&lt;a &lt;a &lt;a"),  # no ">" after: text, as the parser ends up showing it
        ("x <!-- y", "x &lt;!-- y"),  # a comment never closed
        ("x <!-- y --> z", "x z"),
        ("x <!--<!-- y --> z", "x z"),
        ("a<![CDATA[b]]>c", "ac"),
        ("a<![ b", "a&lt;![ b"),  # HTMLParser raised AssertionError on these
        ("a<![foo[ b]]> c", "a&lt;![foo[ b]]&gt; c"),
        ("<p>a</p><![if x]> b <![endif]>", "a\n\nb"),
        ("<b>Sums</b> a<b and c<d", "<b>Sums</b> a&lt;b and c&lt;d"),
    ],
)
def test_constructs_that_never_close_are_text(markup: str, expected: str) -> None:
    assert sanitize_html(markup) == expected


def test_nested_lists_indent_no_deeper_than_the_cap() -> None:
    lines = sanitize_html("<ul>" * 4_000 + "<li>x" * 4_000).split("\n")
    assert len(lines) == 4_000
    assert max(len(line) - len(line.lstrip(" ")) for line in lines) == 2 * LIST_INDENT_MAX_LEVELS
    assert lines[-1].strip() == "• x"


def test_parsing_stops_as_soon_as_the_text_is_over_its_limit() -> None:
    with pytest.raises(TextTooLong):
        sanitize_html("<p>" + "word " * 20_000, max_text=BODY_MAX_LENGTH)
    with pytest.raises(TextTooLong):
        markdown_to_html("*word* " * 20_000, max_text=BODY_MAX_LENGTH)
    # Whitespace that normalisation removes does not count against the limit.
    assert sanitize_html("<b>x</b>" + " \n" * 100_000 + "y", max_text=2) == "<b>x</b>\n\ny"


def test_too_many_tags_are_refused_before_parsing() -> None:
    with pytest.raises(TooManyTags):
        sanitize_html("<b>" * (UPLOAD_MAX_TAGS + 1), max_tags=UPLOAD_MAX_TAGS)
    assert (
        sanitize_html("<b>x</b>" * 1_000, max_tags=UPLOAD_MAX_TAGS) == "<b>" + "x" * 1_000 + "</b>"
    )


def test_deeply_nested_elements_keep_their_text() -> None:
    html = sanitize_html("<div><span>" * 20_000 + "deep" + "</span></div>" * 20_000)
    assert html == "deep"


# ----- converting a file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "content", "key"),
    [
        (".html", "<a " * 333_000, "post-file-too-long"),
        (".md", "<div>\n" + "<!--" * 250_000, "post-file-too-long"),
        (".html", "<ul>" * 111_000 + "<li>x" * 111_000, "post-file-too-complex"),
        (".html", "<ul>" * 4_000 + "<li>x" * 4_000, "post-body-too-long"),
        (".txt", "x" * 60_000, "post-body-too-long"),
    ],
)
def test_hostile_files_are_refused_with_a_reason(suffix: str, content: str, key: str) -> None:
    outcome = uploads.convert((suffix, content.encode()))
    assert isinstance(outcome, Problem)
    assert outcome.key == key


def test_files_are_read_by_their_suffix() -> None:
    assert uploads.convert((".html", b"<p>Hi <b>there</b></p>")) == "Hi <b>there</b>"
    assert uploads.convert((".md", b"Hi **there**")) == "Hi <b>there</b>"
    assert uploads.convert((".txt", b"Hi <b>")) == "Hi &lt;b&gt;"
    assert uploads.convert((".txt", "caf\xe9".encode("latin-1"))) == Problem("post-file-not-utf8")


async def test_an_upload_over_the_deadline_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "UPLOAD_DEADLINE", 0.0)
    outcome = await uploads.file_html("story.md", b"[" * 100_000)
    assert outcome == Problem("post-file-too-complex")


async def test_uploads_are_converted_in_a_worker() -> None:
    assert await uploads.file_html("story.HTML", b"<p>Hi</p>") == "Hi"
    assert await uploads.file_html("story.pdf", b"%PDF") == Problem("post-file-unsupported")


# ----- the worker -----------------------------------------------------------------------------


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _allocate(size: int) -> int:
    return len(bytearray(size))


def _fail(message: str) -> None:
    raise ValueError(message)


async def test_worker_returns_the_result_or_kills_the_job_at_its_deadline() -> None:
    assert await run_bounded(_sleep, 0.0, deadline=10.0, memory=2**30) == 0.0
    with pytest.raises(JobTimedOut):
        await run_bounded(_sleep, 60.0, deadline=0.2, memory=2**30)


async def test_worker_reports_memory_and_errors() -> None:
    with pytest.raises(JobOutOfMemory):
        await run_bounded(_allocate, 2**31, deadline=10.0, memory=2**30)
    with pytest.raises(JobFailed, match="ValueError: broken"):
        await run_bounded(_fail, "broken", deadline=10.0, memory=2**30)


async def test_the_loop_runs_while_a_job_works() -> None:
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    with pytest.raises(JobTimedOut):
        await run_bounded(_sleep, 60.0, deadline=0.5, memory=2**30)
    ticker.cancel()
    assert ticks > 5  # a liveness check (about 50 expected), not a speed claim


# ----- property: hostile files through upload -> sanitise -> split -> send ----------------------

# Characters Telegram may drop or not show; visible text is compared without them.
INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
_IGNORED = re.compile(f"[\\s{INVISIBLE}]")
_TAG = re.compile("<[^>]*>")

WORDS = st.text(alphabet="abcxyzეთ0123456789.,!?€" + INVISIBLE, min_size=1, max_size=12)
OPEN_CLOSE = st.sampled_from(
    [
        ("<b>", "</b>"), ("<i>", "</i>"), ("<u>", "</u>"), ("<s>", "</s>"), ("<code>", "</code>"),
        ("<pre>", "</pre>"), ("<blockquote>", "</blockquote>"), ("<tg-spoiler>", "</tg-spoiler>"),
        ('<a href="https://example.com/?q=1&amp;r=2">', "</a>"), ("<ul><li>", "</li></ul>"),
        ("<ol><li>", "</li></ol>"), ("<div>", "</div>"), ("<p>", "</p>"), ("<h1>", "</h1>"),
        ('<span title="' + "t" * 5_000 + '">', "</span>"),
        ("<table><tr><td>", "</td></tr></table>"),
    ]
)  # fmt: skip
# Unterminated or hostile constructs, put after the last word so that they cannot hide one.
JUNK = st.sampled_from(["<a ", "<!--", "<![ x", "<![CDATA[", "<?", "</b", "<ul>", "<li>", "<b>"])


@st.composite
def nested(draw: st.DrawFn, depth: int) -> str:
    """Words inside random (and deep) nesting of Telegram and browser tags."""
    words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
    if depth == 0:
        return words
    pairs = draw(st.lists(OPEN_CLOSE, max_size=depth))
    inner = draw(st.lists(nested(depth - 1), max_size=3))
    body = " ".join([words, *inner])
    return "".join(o for o, _ in pairs) + body + "".join(c for _, c in reversed(pairs))


@st.composite
def hostile_files(draw: st.DrawFn) -> tuple[str, str, str]:
    """A suffix, a file's content, and the part of it before the junk."""
    deep = draw(st.integers(0, 3_000))
    shown_part = "<div>\n" + "<ul>" * deep + draw(nested(3)) + "</ul>" * deep
    junk = draw(JUNK) * draw(st.integers(0, 20_000))
    return draw(st.sampled_from([".html", ".md"])), shown_part + "\n\n" + junk, shown_part


def _solid(text: str) -> str:
    """Text without whitespace and invisible characters, which splitting may move or drop."""
    return _IGNORED.sub("", text)


async def _send_all(chunks: list[str]) -> str:
    """Send chunks as Telegram HTML to the local Bot API server; the text it shows, joined."""
    async with LocalBotApi() as api:
        api.add_private_chat(READER, first_name="Reader")
        async with telegram.Bot(api.token, base_url=api.base_url) as bot:
            for chunk in chunks:
                await bot.send_message(READER, chunk, parse_mode="HTML")  # BadRequest fails
        return "".join(message.text for message in api.messages(READER))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_files())
def test_hostile_files_convert_split_and_send_without_losing_text(
    upload: tuple[str, str, str],
) -> None:
    suffix, content, before_junk = upload
    outcome = uploads.convert((suffix, content.encode()))
    if isinstance(outcome, Problem):
        event(f"refused: {outcome.key}")
        assert outcome.key in ("post-file-too-long", "post-body-too-long", "post-file-too-complex")
        return
    event("converted and sent")
    shown = _solid(visible_text(outcome))
    assert len(visible_text(outcome)) <= BODY_MAX_LENGTH
    # The junk after the words may add text (what never closes is shown), never hide any.
    assert shown.startswith(_solid(visible_text(sanitize_html(before_junk))))
    for word in _IGNORED.sub(" ", _TAG.sub(" ", before_junk)).split():
        assert word in shown
    sent = asyncio.run(_send_all(split_html(outcome)))
    assert _solid(sent) == shown
