"""Telegram-safe HTML: turning editors' input into HTML Telegram always accepts, and splitting it.

"Safe HTML" uses only Telegram's tags (b, i, u, s, tg-spoiler, a href, code, pre, pre+code with a
language, blockquote [expandable]), properly nested, with text escaped so that the only entities are
&lt; &gt; &amp; and, in attributes, &quot;. Every other character is written literally.

The input is tokenized with the stdlib's HTMLParser rather than cleaned with bleach or nh3: those
re-serialize with entities such as &nbsp; that Telegram rejects, and cannot turn block tags into
newlines, which is most of the work here.

Whitespace: text written for Telegram (Message.text_html) means every "\\n" it contains, while an
uploaded HTML page or rendered Markdown lays text out with tags and wraps its source freely. So
sanitize_html looks at the input: if it uses any tag outside Telegram's set (or a comment, doctype,
processing instruction), it is browser HTML and whitespace collapses as a browser would (outside
<pre>), with blocks becoming paragraph breaks, list items lines, and <br> a newline; otherwise every
character is kept as written. Either way, the output has no spaces at line ends, no more than one
blank line in a row and no leading or trailing whitespace. Safe HTML uses only Telegram's tags, so
sanitizing it again keeps it as it is. List items become lines ("• " or "3. "), not paragraphs, so
a list reads as a list; Markdown follows CommonMark, where a single newline inside a paragraph is a
space.

Splitting counts characters of visible text (code points) and joins back exactly, with one
exception: Telegram rejects a message of only whitespace or invisible characters, so blanks that
cannot share a message with visible text are dropped (say 10,000 spaces in a <pre>: the first
chunk is filled with as many as fit, the rest go), as is a trailing blank run that does not fit.
"""

from __future__ import annotations

from typing import Final

from markdown_it import MarkdownIt
from telegram.constants import MessageLimit

from bot.telegram.html._core import clean_text, escape, normalize_runs, serialize
from bot.telegram.html._parse import LimitExceeded, TextTooLong, TooManyTags, parse
from bot.telegram.html._split import is_blank, split_runs, truncate_text

__all__ = [
    "MESSAGE_LIMIT",
    "LimitExceeded",
    "TextTooLong",
    "TooManyTags",
    "clean_text",
    "escape",
    "is_blank",
    "markdown_to_html",
    "plain_to_html",
    "sanitize_html",
    "split_html",
    "truncate_text",
    "visible_length",
    "visible_text",
]

MESSAGE_LIMIT: Final = int(MessageLimit.MAX_TEXT_LENGTH)

# CommonMark keeps raw HTML in the output; sanitize_html is what makes it safe.
_MARKDOWN: Final = MarkdownIt("commonmark").enable("strikethrough")


def plain_to_html(text: str) -> str:
    """Plain text as safe HTML: escaped, with whitespace normalised like sanitize_html's output."""
    return escape("".join(part for part, _ in normalize_runs([(clean_text(text), ())])))


def sanitize_html(raw: str, *, max_text: int | None = None, max_tags: int | None = None) -> str:
    """Any HTML as safe HTML that Telegram's HTML parse mode accepts.

    Bounded work for untrusted input: over max_tags tags raises TooManyTags before parsing, and
    TextTooLong comes as soon as the text is sure to have over max_text visible characters.
    """
    return serialize(normalize_runs(parse(raw, layout=True, max_text=max_text, max_tags=max_tags)))


def markdown_to_html(
    markdown: str, *, max_text: int | None = None, max_tags: int | None = None
) -> str:
    """Markdown (CommonMark with ~~strikethrough~~) as safe HTML, bounded as sanitize_html."""
    return sanitize_html(_MARKDOWN.render(markdown), max_text=max_text, max_tags=max_tags)


def visible_text(safe_html: str) -> str:
    """The text Telegram shows for safe HTML: tags removed, entities decoded."""
    return "".join(part for part, _ in parse(safe_html, layout=False))


def visible_length(safe_html: str) -> int:
    """How many characters Telegram counts for safe HTML against its length limits."""
    return len(visible_text(safe_html))


def split_html(safe_html: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Safe HTML cut into messages of at most limit visible characters, each valid on its own."""
    return split_runs(parse(safe_html, layout=False), limit)
