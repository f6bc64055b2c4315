"""Tests for bot.telegram.html: sanitizing editors' input and splitting articles into messages."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Chat, Message, MessageEntity, User

from bot.limits import MESSAGE_MAX_MARKUP
from bot.telegram.entities import message_html
from bot.telegram.html import (
    MESSAGE_LIMIT,
    clean_text,
    escape,
    markdown_to_html,
    plain_to_html,
    sanitize_html,
    split_html,
    truncate_text,
    visible_length,
    visible_text,
)
from bot.telegram.html import (
    is_blank as bot_is_blank,
)
from bot.telegram.html._parse import parse
from bot.telegram.html._split import split_runs

# --- An independent, strict checker of Telegram's HTML rules --------------------------------------

_TAG = re.compile(r'<(/?)([a-z-]+)((?: [a-z-]+(?:="[^"<>]*")?)*)>')
_ATTRIBUTE = re.compile(r' ([a-z-]+)(?:="([^"<>]*)")?')
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"}
_SCHEMES = ("http:", "https:", "tg:", "mailto:")
# What counts as an empty message: whitespace, the invisible characters Telegram strips or counts
# as empty (TDLib's clean_input_string and strip_empty_characters), and the other
# default-ignorable characters (U+2060 word joiner and its kin), whose fate is undocumented.
_BLANK = re.compile(
    r"[\s\x00-\x1f\x7f-\xa0\u00ad\u030a\u0333\u033f\u034f\u061c\u115f\u1160\u17b4\u17b5"
    r"\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff"
    r"\uffa0\ufff0-\ufff8\ufffc\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def check_telegram_html(markup: str) -> str:
    """Assert markup follows Telegram's HTML rules strictly; return its visible text."""
    text: list[str] = []
    length = 0
    stack: list[tuple[str, str, int]] = []  # name, attributes, visible length at its start
    expect_pre_end = False
    position = 0
    while position < len(markup):
        char = markup[position]
        if char == "<":
            tag = _TAG.match(markup, position)
            assert tag, f"stray '<' at {position} in {markup!r}"
            closing, name, attributes = tag.groups()
            assert name in _TAGS, f"unsupported tag {name!r} in {markup!r}"
            if expect_pre_end:
                assert (closing, name) == ("/", "pre"), f"text after code in pre: {markup!r}"
                expect_pre_end = False
            if closing:
                assert not attributes
                assert stack, f"unmatched </{name}> in {markup!r}"
                open_name, open_attributes, start = stack.pop()
                assert open_name == name, f"</{name}> closes <{open_name}> in {markup!r}"
                assert length > start, f"empty <{name}> in {markup!r}"
                if name == "code" and open_attributes:
                    expect_pre_end = True
            else:
                _check_start(name, attributes, stack, length, markup)
                stack.append((name, attributes, length))
            position = tag.end()
            continue
        if char == "&":
            entity = _ENTITY.match(markup, position)
            assert entity, f"bad entity at {position} in {markup!r}"
            decoded = html.unescape(entity.group())
            position = entity.end()
        else:
            assert char != ">", f"unescaped '>' at {position} in {markup!r}"
            decoded = char
            position += 1
        assert not expect_pre_end, f"text after code in pre: {markup!r}"
        assert decoded in "\n\t" or decoded.isprintable() or ord(decoded) > 0x9F, repr(decoded)
        text.append(decoded)
        length += 1
    assert not stack, f"unclosed {[name for name, _, _ in stack]} in {markup!r}"
    return "".join(text)


def _check_start(
    name: str, attributes: str, stack: list[tuple[str, str, int]], length: int, markup: str
) -> None:
    parsed = dict(_ATTRIBUTE.findall(attributes))
    names = [open_name for open_name, _, _ in stack]
    assert "code" not in names, f"<{name}> inside <code> in {markup!r}"
    if name == "a":
        assert list(parsed) == ["href"], markup
        assert html.unescape(parsed["href"]).lower().startswith(_SCHEMES), markup
        assert "a" not in names, f"<a> inside <a> in {markup!r}"
    elif name == "code" and parsed:
        assert list(parsed) == ["class"] and parsed["class"].startswith("language-"), markup
        assert names and names[-1] == "pre" and stack[-1][2] == length, markup
        return
    elif name == "blockquote":
        assert set(parsed) <= {"expandable"}, markup
        assert "blockquote" not in names, f"nested blockquote in {markup!r}"
    else:
        assert not parsed, f"attributes on <{name}> in {markup!r}"
    assert "pre" not in names, f"<{name}> inside <pre> in {markup!r}"


def is_blank(text: str) -> bool:
    return all(_BLANK.match(char) for char in text)


def check_chunks(chunks: list[str], source: str, limit: int) -> None:
    """Assert chunks are valid, fit, are not blank, and join back to the source's text."""
    expected = check_telegram_html(source)
    texts = [check_telegram_html(chunk) for chunk in chunks]
    for text in texts:
        assert len(text) <= limit
        assert not is_blank(text)
    joined = "".join(texts)
    blank_runs = [len(run) for run in re.findall(f"{_BLANK.pattern}+", expected)]
    if max(blank_runs, default=0) < limit and not (expected and is_blank(expected[-1])):
        assert joined == expected
    else:
        # Blanks that cannot share a message with visible text are dropped, nothing else.
        assert _BLANK.sub("", joined) == _BLANK.sub("", expected)
    if is_blank(expected):
        assert chunks == []


def test_checker_rejects_what_telegram_rejects() -> None:
    for bad in [
        "a < b",
        "<p>x</p>",
        "<b>x",
        "<b>x</i>",
        "<b><i>x</b></i>",
        "&nbsp;",
        "<b></b>",
        '<a href="javascript:x">x</a>',
        "<code><b>x</b></code>",
        '<code class="language-py">x</code>',
    ]:
        with pytest.raises(AssertionError):
            check_telegram_html(bad)
    assert check_telegram_html('<pre><code class="language-py">x &lt; 1</code></pre>') == "x < 1"


# --- escape, plain text ---------------------------------------------------------------------------


def test_escape_escapes_angle_brackets_and_ampersand_but_not_quotes() -> None:
    assert escape("a<b>&\"'") == "a&lt;b&gt;&amp;\"'"


def test_message_limit_is_telegrams_4096() -> None:
    assert MESSAGE_LIMIT == 4096


def test_plain_text_is_escaped_and_whitespace_normalised() -> None:
    text = "  a <b> & c  \r\n\r\n\r\n\r\nd\t \nnext\x00line\x07  "
    assert plain_to_html(text) == "a &lt;b&gt; &amp; c\n\nd\nnextline"


def test_plain_text_keeps_single_newlines_and_inner_spaces() -> None:
    assert plain_to_html("one\ntwo   three\n\nfour") == "one\ntwo   three\n\nfour"


def test_plain_text_output_is_a_fixed_point_of_sanitize() -> None:
    safe = plain_to_html("x < y && <script>alert(1)</script>\n\n\n&nbsp;")
    assert sanitize_html(safe) == safe
    assert visible_text(safe) == "x < y && <script>alert(1)</script>\n\n&nbsp;"


# --- sanitize_html: hostile and browser HTML ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<script>alert(1)</script>ok", "ok"),
        ("<style>b{}</style><title>t</title>ok", "ok"),
        ("<iframe src=x>fallback</iframe><noscript>ns</noscript><object>o</object>ok", "ok"),
        ('<b onclick="steal()">bold</b>', "<b>bold</b>"),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<a href=" JaVa\tScRiPt:alert(1)">click</a>', "click"),
        ('<a href="&#106;avascript:alert(1)">click</a>', "click"),
        ('<a href="data:text/html,x">click</a>', "click"),
        ('<a href="/relative">click</a>', "click"),
        ('<a href="https://e.com/?a=1&b=2">x</a>', '<a href="https://e.com/?a=1&amp;b=2">x</a>'),
        ("<a href='tg://user?id=1'>x</a>", '<a href="tg://user?id=1">x</a>'),
        ('<a href="mailto:a@b.c">x</a>', '<a href="mailto:a@b.c">x</a>'),
        ('<a href="https://e.com/\'q">x</a>', '<a href="https://e.com/\'q">x</a>'),
        ("a < b > c & d", "a &lt; b &gt; c &amp; d"),
        ("a <b", "a &lt;b"),
        ("x&nbsp;y &unknown; &#65;&#x1F600; &#0;", "x\xa0y &amp;unknown; A😀 \ufffd"),
        ("<!-- secret --><!DOCTYPE html><?php x ?>text", "text"),
        ("a\x00b\x07c\x1bd\r\ne\rf", "abcd\ne\nf"),
        ("<b>bold <i>both</b> italic</i>", "<b>bold <i>both</i></b><i> italic</i>"),
        ("<b>unclosed <i>tags", "<b>unclosed <i>tags</i></b>"),
        ("stray</b> end</i>", "stray end"),
        ("<b></b><i></i><u> </u>x", "x"),
        ("<strong>b</strong><em>i</em><ins>u</ins><strike>s</strike><del>d</del>",
         "<b>b</b><i>i</i><u>u</u><s>sd</s>"),
        ('<span class="tg-spoiler">a</span><span class="x">b</span>',
         "<tg-spoiler>a</tg-spoiler>b"),
        ("<font color=red>red</font> <img src=x onerror=alert(1)>", "red"),
        ('<a href="http://a">x<a href="http://b">y</a></a>', '<a href="http://a">xy</a>'),
        ("<code>a <b>b</b> <i>c</i></code>", "<code>a b c</code>"),
        ("<pre>a<code>b</code></pre>", "<pre>ab</pre>"),
        ('<pre><code class="language-py">x</code></pre>',
         '<pre><code class="language-py">x</code></pre>'),
        ('<code class="language-py">x</code>', "<code>x</code>"),
        ("<blockquote expandable>q</blockquote>", "<blockquote expandable>q</blockquote>"),
        ('<tg-emoji emoji-id="5">👍</tg-emoji>', "👍"),
    ],
)  # fmt: skip
def test_sanitize_makes_hostile_html_safe(raw: str, expected: str) -> None:
    assert sanitize_html(raw) == expected
    check_telegram_html(expected)


def test_sanitize_turns_blocks_into_paragraphs_and_br_into_newlines() -> None:
    raw = (
        "<div>one</div><p>two<br>three<br/>four</p><h2>Head <i>line</i></h2><section>end</section>"
    )
    assert sanitize_html(raw) == "one\n\ntwo\nthree\nfour\n\n<b>Head <i>line</i></b>\n\nend"


def test_sanitize_lists_get_bullets_numbers_and_indentation() -> None:
    raw = "<p>Intro</p><ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>"
    raw += "<ol start='3'><li>three</li><li>four</li></ol>"
    assert sanitize_html(raw) == "Intro\n\n• one\n• two\n  • inner\n\n3. three\n4. four"


def test_sanitize_browser_html_collapses_source_whitespace_but_keeps_pre() -> None:
    raw = "<html><head><title>T</title></head><body>\n  <p>wrapped\n   source   text</p>\n"
    raw += "<pre>\n  indented\n    code &lt;x&gt;\n</pre>\n</body></html>"
    assert sanitize_html(raw) == "wrapped source text\n\n<pre>  indented\n    code &lt;x&gt;</pre>"


def test_sanitize_telegram_html_keeps_every_newline_and_space() -> None:
    raw = "line one\nline two   spaced\n\n<b>bold\nline</b>"
    assert sanitize_html(raw) == raw


def test_sanitize_caps_blank_lines_strips_line_ends_and_ends() -> None:
    raw = "\n\n  first  \n\n\n\n\nsecond\t\n  "
    assert sanitize_html(raw) == "first\n\nsecond"


def test_sanitize_drops_unclosed_head_content_until_body() -> None:
    assert sanitize_html("<head><title>x</title><body>visible</body>") == "visible"


def test_sanitize_keeps_georgian_and_emoji() -> None:
    georgian = (
        "მარკო რუბიო - ინფორმაცია, რომ დენ დრისკოლმა უკრაინელები გარდაუვალი მარცხის "
        "შესახებ გააფრთხილა, 100%-ით ყალბია"
    )
    raw = f"<p><b>{georgian}</b> 👍🏽 🇬🇪 👨‍👩‍👧</p>"
    assert sanitize_html(raw) == f"<b>{georgian}</b> 👍🏽 🇬🇪 👨‍👩‍👧"


def test_sanitize_keeps_what_ptb_text_html_produces() -> None:
    text = "Bold link code\nprint(1)\nquoted\nmore\nmention & <tag> 😀 მარკო"

    def entity(kind: str, part: str, **extra: Any) -> MessageEntity:
        offset = len(text[: text.index(part)].encode("utf-16-le")) // 2
        size = len(part.encode("utf-16-le")) // 2
        return MessageEntity(kind, offset, size, **extra)

    entities = [
        entity("bold", "Bold"),
        entity("text_link", "link", url="https://e.com/?a=1&b=2"),
        entity("code", "code"),
        entity("pre", "print(1)", language="python"),
        entity("blockquote", "quoted"),
        entity("expandable_blockquote", "more"),
        entity("text_mention", "mention", user=User(7, "u", False)),
        entity("custom_emoji", "😀", custom_emoji_id="1"),
        entity("spoiler", "მარკო"),
    ]
    message = Message(1, datetime(2025, 1, 1), Chat(1, "private"), text=text, entities=entities)
    safe = sanitize_html(message.text_html)
    assert safe == (
        '<b>Bold</b> <a href="https://e.com/?a=1&amp;b=2">link</a> <code>code</code>\n'
        '<pre><code class="language-python">print(1)</code></pre>\n'
        "<blockquote>quoted</blockquote>\n<blockquote expandable>more</blockquote>\n"
        '<a href="tg://user?id=7">mention</a> &amp; &lt;tag&gt; 😀 <tg-spoiler>მარკო</tg-spoiler>'
    )
    assert visible_text(safe) == text


def test_sanitize_is_idempotent_on_examples() -> None:
    for raw in ["<p>a</p>\n<p>b <b>c</b></p>", "<ul><li><p>x</p></li></ul>", "x<br><br><br>y"]:
        once = sanitize_html(raw)
        assert sanitize_html(once) == once


# --- markdown_to_html -----------------------------------------------------------------------------


def test_markdown_formatting_links_code_lists_and_headings() -> None:
    markdown = (
        "# Title\n\nSome **bold**, *italic*, ~~gone~~ and `a < b` with a "
        "[link](https://e.com/?a=1&b=2).\nSoft break.\n\n- one\n- two\n\n1. first\n2. second\n\n"
        "```python\nif a < b:\n    pass\n```\n\n> quoted\n"
    )
    assert markdown_to_html(markdown) == (
        "<b>Title</b>\n\nSome <b>bold</b>, <i>italic</i>, <s>gone</s> and <code>a &lt; b</code> "
        'with a <a href="https://e.com/?a=1&amp;b=2">link</a>. Soft break.\n\n• one\n• two\n\n'
        '1. first\n2. second\n\n<pre><code class="language-python">if a &lt; b:\n    pass'
        "</code></pre>\n\n<blockquote>quoted</blockquote>"
    )


def test_markdown_raw_html_is_sanitized_and_bad_links_are_text() -> None:
    markdown = (
        '<script>alert(1)</script>\n\nHi <b onclick="x">there</b> <p>\n\n[x](javascript:alert(1))'
    )
    assert markdown_to_html(markdown) == "Hi <b>there</b>\n\n[x](javascript:alert(1))"


# --- visible_text, truncate_text ------------------------------------------------------------------


def test_visible_text_decodes_entities_and_drops_tags() -> None:
    safe = '<b>a &lt; b</b> &amp; <a href="https://e.com/?x=1&amp;y=2">c &quot;q&quot;</a>'
    assert visible_text(safe) == 'a < b & c "q"'
    assert visible_length(safe) == 13
    assert visible_length("😀 მ") == 3


def test_truncate_text_cuts_on_a_word_boundary_with_ellipsis() -> None:
    assert truncate_text("Breaking news about the economy", 20) == "Breaking news about…"
    assert truncate_text("short", 20) == "short"
    assert truncate_text("line one\n\nline   two", 40) == "line one line two"
    assert truncate_text("Hello, world and more", 10) == "Hello…"
    assert truncate_text("Supercalifragilistic", 8) == "Superca…"
    assert truncate_text("anything", 0) == ""
    assert truncate_text("anything", 1) == "…"
    assert len(truncate_text("მარკო რუბიო ინფორმაცია", 12)) <= 12


def test_truncate_text_does_not_split_an_emoji_sequence() -> None:
    assert truncate_text("abcd👍🏽efgh", 6) == "abcd…"
    assert truncate_text("abc👍🏽defgh", 6) == "abc👍🏽…"


# --- split_html -----------------------------------------------------------------------------------


def test_split_returns_short_text_unchanged_and_empty_for_blank() -> None:
    assert split_html("<b>hi</b> &amp; bye") == ["<b>hi</b> &amp; bye"]
    assert split_html("") == []
    assert split_html("  \n\n ") == []
    assert split_html("<b></b>") == []
    assert split_html("\u200b") == []


def test_split_prefers_paragraph_then_line_then_sentence_then_space_then_hard_cut() -> None:
    assert split_html("aaa\n\nbbb\nccc ddd", 14) == ["aaa\n\n", "bbb\nccc ddd"]
    assert split_html("aaa. bbb\nccc ddd", 14) == ["aaa. bbb\n", "ccc ddd"]
    assert split_html("aaa. bbb ccc ddd", 14) == ["aaa. ", "bbb ccc ddd"]
    assert split_html("aaa bbb ccc ddd", 14) == ["aaa bbb ccc ", "ddd"]
    assert split_html("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_split_recognises_sentence_ends_after_quotes_and_other_scripts() -> None:
    assert split_html('He said "stop." Then more words', 20) == [
        'He said "stop." ',
        "Then more words",
    ]
    assert split_html("首先。 然后 a b c d e f", 12)[0] == "首先。 "


def test_split_georgian_text_at_sentence_ends() -> None:
    sentence = (
        "მარკო რუბიო - ინფორმაცია, რომ დენ დრისკოლმა უკრაინელები გარდაუვალი მარცხის "
        "შესახებ გააფრთხილა, 100%-ით ყალბია. "
    )
    safe = plain_to_html(sentence * 5)
    chunks = split_html(safe, 250)
    check_chunks(chunks, safe, 250)
    assert all(visible_text(chunk).endswith("ყალბია. ") for chunk in chunks[:-1])


def test_split_keeps_bold_open_across_cut_by_closing_and_reopening() -> None:
    safe = "<b>first part here\n\nsecond <i>part</i> here</b>"
    assert split_html(safe, 25) == ["<b>first part here\n\n</b>", "<b>second <i>part</i> here</b>"]


def test_split_reopens_link_with_the_same_attributes() -> None:
    safe = '<a href="https://e.com/?a=1&amp;b=&quot;2&quot;">one two three four</a>'
    chunks = split_html(safe, 8)
    assert len(chunks) == 3
    for chunk in chunks:
        assert chunk.startswith('<a href="https://e.com/?a=1&amp;b=&quot;2&quot;">')
        assert chunk.endswith("</a>")
    check_chunks(chunks, safe, 8)


def test_split_keeps_code_language_in_every_chunk() -> None:
    safe = '<pre><code class="language-py">x = 1\ny = 2\nz = 3</code></pre>'
    chunks = split_html(safe, 7)
    assert chunks == [
        '<pre><code class="language-py">x = 1\n</code></pre>',
        '<pre><code class="language-py">y = 2\n</code></pre>',
        '<pre><code class="language-py">z = 3</code></pre>',
    ]


def test_split_never_cuts_inside_an_entity() -> None:
    safe = escape("<&>" * 50)
    chunks = split_html(safe, 7)
    check_chunks(chunks, safe, 7)
    assert all(visible_length(chunk) == 7 for chunk in chunks[:-1])


def test_split_does_not_separate_emoji_modifiers_flags_or_zwj_sequences() -> None:
    assert split_html("abc👍🏽def", 4) == ["abc", "👍🏽de", "f"]
    assert split_html("ab🇬🇪🇬🇪", 3) == ["ab", "🇬🇪", "🇬🇪"]
    assert split_html("ab👨‍👩‍👧x", 4)[0] == "ab"
    assert split_html("e\u0301e\u0301e\u0301", 3) == ["e\u0301", "e\u0301", "e\u0301"]


def test_split_realistic_article_cuts_at_paragraphs_within_limit() -> None:
    paragraphs = []
    for number in range(1, 25):
        paragraphs.append(
            f"<p>{number}. The minister said that prices &lt;b&gt; rose 5% &amp; more. "
            f"<b>Important:</b> see <a href='https://news.example/?id={number}&amp;s=1'>the "
            f"report</a> for details. მარკო რუბიო - ინფორმაცია, რომ დენ დრისკოლმა "
            f"გააფრთხილა, <i>100%-ით ყალბია</i>. 👍 " + "More text follows here. " * 12 + "</p>"
        )
    safe = sanitize_html("".join(paragraphs))
    assert 9000 < visible_length(safe) < 12000
    chunks = split_html(safe)
    assert len(chunks) == 3
    check_chunks(chunks, safe, MESSAGE_LIMIT)
    for chunk in chunks[:-1]:
        assert visible_text(chunk).endswith(".\n\n")
        assert visible_length(chunk) > MESSAGE_LIMIT - 600


def test_split_long_space_run_in_pre_fills_a_chunk_and_drops_what_cannot_fit() -> None:
    safe = "<pre>x" + " " * 10_000 + "y</pre>"
    chunks = split_html(safe, MESSAGE_LIMIT)
    assert chunks == ["<pre>x" + " " * (MESSAGE_LIMIT - 1) + "</pre>", "<pre>y</pre>"]
    check_chunks(chunks, safe, MESSAGE_LIMIT)


def test_split_space_run_shorter_than_limit_is_kept_exactly() -> None:
    safe = "x" + " " * 30 + "y"
    chunks = split_html(safe, 20)
    assert "".join(visible_text(chunk) for chunk in chunks) == visible_text(safe)


def test_split_rejects_non_positive_limit() -> None:
    with pytest.raises(ValueError):
        split_html("x", 0)


def test_split_50000_character_article_into_valid_chunks() -> None:
    paragraph = escape("Words & <symbols> in a sentence. " * 12)
    safe = "\n\n".join(f"<b>{n}</b> {paragraph}<i>end</i>." for n in range(130))
    assert visible_length(safe) >= 50_000
    check_chunks(split_html(safe), safe, MESSAGE_LIMIT)


# --- properties -----------------------------------------------------------------------------------

_PROPERTIES = settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

_TAG_NAMES = st.sampled_from(
    [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
        "code", "pre", "blockquote", "tg-emoji", "p", "div", "br", "li", "ul", "ol", "h1",
        "script", "style", "title", "table", "tr", "td", "font", "img", "hr", "head", "body",
        "textarea", "noscript",
    ]
)  # fmt: skip
_ATTRIBUTES = st.sampled_from(
    [
        "",
        ' class="tg-spoiler"',
        ' href="https://e.com/?a=1&amp;b=2"',
        ' href="javascript:alert(1)"',
        " href='tg://user?id=1'",
        ' href="mailto:x@y.z"',
        ' onclick="evil()"',
        ' class="language-py"',
        ' class="python"',
        " expandable",
        ' start="3"',
        " href",
    ]
)
_PIECES = st.sampled_from(
    [
        "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&unknown;", "&#x1F600;", "&#0;", "&#1;",
        "&#xD800;", "&#65;", "&", "&amp", "<!-- c -->", "<!DOCTYPE html>", "<?pi?>",
        "<![CDATA[x]]>", "<", ">", "</", "<<b>>", "\r\n", "\x00", "\x07", "\u2028", "\u200b",
        "👍🏽", "🇬🇪", "👨‍👩‍👧", "ქართული ტექსტი", " ", "   ", "\n", "\n\n\n", "\t", ". ",
        "word " * 8,
    ]
)  # fmt: skip
_HTMLISH = st.lists(
    st.one_of(
        st.builds("<{}{}>".format, _TAG_NAMES, _ATTRIBUTES),
        st.builds("</{}>".format, _TAG_NAMES),
        st.builds("<{}/>".format, _TAG_NAMES),
        _PIECES,
        st.text(max_size=12),
    ),
    max_size=40,
).map("".join)
_LIMITS = st.integers(min_value=1, max_value=200)


@_PROPERTIES
@given(text=st.text(max_size=600), limit=st.integers(min_value=20, max_value=200))
def test_property_plain_text_splits_into_valid_chunks_that_join_back(text: str, limit: int) -> None:
    safe = plain_to_html(text)
    assert check_telegram_html(safe) == visible_text(safe)
    check_chunks(split_html(safe, limit), safe, limit)


@_PROPERTIES
@given(raw=_HTMLISH, limit=_LIMITS)
def test_property_sanitized_html_is_valid_idempotent_and_splits_cleanly(
    raw: str, limit: int
) -> None:
    safe = sanitize_html(raw)
    text = check_telegram_html(safe)
    assert visible_text(safe) == text
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert not re.search(r"[^\S\n]\n", text)
    assert sanitize_html(safe) == safe
    check_chunks(split_html(safe, limit), safe, limit)


@settings(max_examples=100, deadline=None)
@given(
    markdown=st.lists(
        st.sampled_from(
            ["**", "*", "~~", "`", "# ", "- ", "1. ", "> ", "\n", "\n\n", "```py\n", "[x](https://e.com)",
             "<b>", "</i>", "<script>", "a < b", "&amp;", "word ", "    indented\n"]
        ),
        max_size=30,
    ).map("".join)
)  # fmt: skip
def test_property_markdown_output_is_valid_and_sanitize_keeps_it(markdown: str) -> None:
    safe = markdown_to_html(markdown)
    check_telegram_html(safe)
    assert sanitize_html(safe) == safe


# --- Issue 9, items 7-10: invisible text, cleaning, sizes, entity attributes ---------------------


def test_is_blank_counts_what_telegram_strips_and_other_invisible_characters() -> None:
    invisible = [
        "\u2060", "\u2061\u2064", "\u00ad", "\ufe0f", "\u200b\u200d", "\ufeff", "\u180e",
        "\u2800", "\ufffc", "\u3164", "\U000e0041", "\x00\x07", "\u202e", "\u2066", " \n\t",
    ]  # fmt: skip
    for text in invisible:
        assert bot_is_blank(text), repr(text)
        assert is_blank(text), repr(text)
    for text in ["a", "\u2060a", "·", "\u3164.", "ქ", "😀", "\ufffd"]:
        assert not bot_is_blank(text), repr(text)


def test_split_drops_an_invisible_run_that_cannot_share_a_message() -> None:
    [chunk] = split_html("Visible.\n\n" + "\u2060" * 5000)
    assert chunk.rstrip() == "Visible."
    chunks = split_html("a " + "\u2063" * 5000 + " b")
    assert [visible_text(chunk).strip("\u2063 ") for chunk in chunks] == ["a", "b"]
    assert not any(bot_is_blank(visible_text(chunk)) for chunk in chunks)


def test_clean_text_drops_controls_bidi_overrides_and_isolates() -> None:
    assert clean_text("\u202eevil.exe\u202c") == "evil.exe"
    assert clean_text("a\x00b\x07c\u2067d\u2069e\u2066f\u2068g") == "abcdefg"
    assert clean_text("a\u0333b\u033fc\u030a") == "abc"
    # Marks that only choose a direction stay: they are how RTL text is written.
    assert clean_text("\u200fא\u200e") == "\u200fא\u200e"


def test_sanitize_drops_a_link_longer_than_telegram_takes_and_keeps_its_text() -> None:
    base = "https://e.com/"
    longest = base + "a" * (2048 - len(base))
    assert sanitize_html(f'<a href="{longest}">kept</a>') == f'<a href="{longest}">kept</a>'
    assert sanitize_html(f'<a href="{longest}b">text</a> after') == "text after"


def test_split_bounds_each_message_markup_and_loses_no_text() -> None:
    words = [f"w{n}" for n in range(300)]
    url = "https://e.com/" + "&" * 2000
    safe = sanitize_html(" ".join(f'<a href="{escape(url)}">{word}</a>' for word in words))
    assert len(safe) > 20 * MESSAGE_MAX_MARKUP
    chunks = split_html(safe)
    assert all(len(chunk) <= MESSAGE_MAX_MARKUP for chunk in chunks)
    check_chunks(chunks, safe, MESSAGE_LIMIT)
    assert sum(chunk.count("<a ") for chunk in chunks) == len(words)


@_PROPERTIES
@given(raw=_HTMLISH, limit=_LIMITS, markup_limit=st.integers(min_value=1, max_value=400))
def test_property_split_keeps_markup_under_its_limit_unless_one_character_is_heavier(
    raw: str, limit: int, markup_limit: int
) -> None:
    safe = sanitize_html(raw)
    chunks = split_runs(parse(safe, layout=False), limit, markup_limit)
    check_chunks(chunks, safe, limit)
    for chunk in chunks:
        visible = _BLANK.sub("", check_telegram_html(chunk))
        assert len(chunk) <= markup_limit or len(visible) == 1, (chunk, markup_limit)


def _message(text: str, entities: list[MessageEntity]) -> Message:
    return Message(1, datetime(2025, 1, 1), Chat(1, "private"), text=text, entities=entities)


def _entity(text: str, kind: str, part: str, **extra: Any) -> MessageEntity:
    offset = len(text[: text.index(part)].encode("utf-16-le")) // 2
    return MessageEntity(kind, offset, len(part.encode("utf-16-le")) // 2, **extra)


def test_message_html_renders_every_formatting_as_text_html_did() -> None:
    text = "Bold link code\nprint(1)\nquoted\nmore\nmention & <tag> 😀 მარკო"
    entities = [
        _entity(text, "bold", "Bold"),
        _entity(text, "text_link", "link", url="https://e.com/?a=1&b=2"),
        _entity(text, "code", "code"),
        _entity(text, "pre", "print(1)", language="python"),
        _entity(text, "blockquote", "quoted"),
        _entity(text, "expandable_blockquote", "more"),
        _entity(text, "text_mention", "mention", user=User(7, "u", False)),
        _entity(text, "custom_emoji", "😀", custom_emoji_id="1"),
        _entity(text, "spoiler", "მარკო"),
    ]
    message = _message(text, entities)
    assert message_html(message) == sanitize_html(message.text_html)


def test_message_html_overlapping_entities_and_a_start_after_an_emoji() -> None:
    text = "😀 head\nbold and italic tail"
    entities = [
        _entity(text, "bold", "bold and"),
        _entity(text, "italic", "and italic"),
        _entity(text, "bot_command", "😀"),
    ]
    html_text = message_html(_message(text, entities), start=text.index("\n") + 1)
    assert html_text == "<b>bold <i>and</i></b><i> italic</i> tail"


def test_message_html_escapes_hostile_attributes_so_they_never_become_markup() -> None:
    text = "print(1) 🙂 link"
    evil = '"></code></pre><a href="https://evil.example/">'
    entities = [
        _entity(text, "pre", "print(1)", language="x" + evil),
        _entity(text, "custom_emoji", "🙂", custom_emoji_id="5" + evil),
        _entity(text, "text_link", "link", url='https://good.example/"><b>x</b>'),
    ]
    safe = message_html(_message(text, entities))
    check_telegram_html(safe)
    assert "evil.example" not in safe and "<b>" not in safe
    assert safe.startswith("<pre>print(1)</pre>")
    assert '<a href="https://good.example/&quot;&gt;&lt;b&gt;x&lt;/b&gt;">link</a>' in safe
