"""The model shared by the sanitizer and the splitter: styled text runs and their HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Element:
    """One Telegram formatting element, with the exact markup that opens and closes it."""

    name: str
    open_tag: str
    close_tag: str


Style = tuple[Element, ...]
Run = tuple[str, Style]

BOLD = Element("b", "<b>", "</b>")
ITALIC = Element("i", "<i>", "</i>")
UNDERLINE = Element("u", "<u>", "</u>")
STRIKE = Element("s", "<s>", "</s>")
SPOILER = Element("tg-spoiler", "<tg-spoiler>", "</tg-spoiler>")
CODE = Element("code", "<code>", "</code>")
PRE = Element("pre", "<pre>", "</pre>")
BLOCKQUOTE = Element("blockquote", "<blockquote>", "</blockquote>")
EXPANDABLE_BLOCKQUOTE = Element("blockquote", "<blockquote expandable>", "</blockquote>")


def escape(text: str) -> str:
    """Escape &, < and > so text can sit between Telegram HTML tags."""
    return html.escape(text, quote=False)


def escape_attribute(value: str) -> str:
    """Escape a value for a double-quoted attribute using only entities Telegram knows."""
    # html.escape(quote=True) would also write &#x27;, legal but outside the four named entities.
    return escape(value).replace('"', "&quot;")


def link(href: str) -> Element:
    """An <a> element pointing at href (already checked by the caller)."""
    return Element("a", f'<a href="{escape_attribute(href)}">', "</a>")


def pre_with_language(language: str) -> Element:
    """A <pre> whose whole content is a <code> naming its language, as Telegram expects."""
    return Element(
        "pre", f'<pre><code class="language-{escape_attribute(language)}">', "</code></pre>"
    )


# Telegram's longest link (an href, a text_link's URL); a longer one is dropped, its text kept.
LINK_MAX_LENGTH: Final = 2048


def _clean_table() -> dict[int, str | None]:
    # Telegram turns C0 controls into spaces and drops U+2028-U+202E and three combining lines
    # (TDLib's clean_input_string); dropping them here keeps lengths honest. \v and \f
    # separate words, so they become spaces rather than vanish. The bidi isolates U+2066-U+2069
    # reorder what follows as the overrides Telegram drops do (an unclosed one in a headline
    # reorders the date after it in a list), so they go too.
    table: dict[int, str | None] = {c: None for c in range(0x20) if c not in (0x09, 0x0A)}
    table |= {0x0B: " ", 0x0C: " ", 0x0D: "\n", 0x7F: None, 0xFEFF: None}
    table |= {c: None for c in range(0x80, 0xA0)}
    table |= {0x030A: None, 0x0333: None, 0x033F: None}
    table |= {0x2028: "\n", 0x2029: "\n\n"}
    table |= {c: None for c in range(0x202A, 0x202F)}
    table |= {c: None for c in range(0x2066, 0x206A)}
    return table


_CLEAN = _clean_table()
# A lone surrogate (say from a surrogateescape decode) cannot be encoded as UTF-8 to be sent.
_SURROGATE = re.compile("[\ud800-\udfff]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_EXTRA_NEWLINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise line ends and drop characters Telegram would remove or reject."""
    text = text.replace("\r\n", "\n").translate(_CLEAN)
    return _SURROGATE.sub("", text)


def serialize(runs: Iterable[Run]) -> str:
    """Render styled runs as properly nested HTML, reusing open elements between runs."""
    parts: list[str] = []
    current: Style = ()
    for text, style in runs:
        if not text:
            continue
        if style != current:
            common = 0
            shortest = min(len(current), len(style))
            while common < shortest and current[common] == style[common]:
                common += 1
            parts.extend(element.close_tag for element in reversed(current[common:]))
            parts.extend(element.open_tag for element in style[common:])
            current = style
        parts.append(escape(text))
    parts.extend(element.close_tag for element in reversed(current))
    return "".join(parts)


def merge_runs(runs: Iterable[Run]) -> list[Run]:
    """Join neighbouring runs of equal style and drop empty ones."""
    merged: list[Run] = []
    pieces: list[str] = []
    style: Style = ()
    for text, run_style in runs:
        if not text:
            continue
        if pieces and run_style != style:
            merged.append(("".join(pieces), style))
            pieces = []
        pieces.append(text)
        style = run_style
    if pieces:
        merged.append(("".join(pieces), style))
    return merged


def delete_spans(runs: Sequence[Run], spans: Sequence[tuple[int, int]]) -> list[Run]:
    """Remove the sorted, non-overlapping character spans of the runs' joined text."""
    if not spans:
        return list(runs)
    result: list[Run] = []
    index = 0
    offset = 0
    for text, style in runs:
        end = offset + len(text)
        kept: list[str] = []
        cursor = offset
        while index < len(spans) and spans[index][0] < end:
            start, stop = spans[index]
            if start > cursor:
                kept.append(text[cursor - offset : start - offset])
            cursor = max(cursor, min(stop, end))
            if stop > end:
                break
            index += 1
        if cursor < end:
            kept.append(text[cursor - offset :])
        if kept:
            result.append(("".join(kept), style))
        offset = end
    return result


def normalize_runs(runs: Sequence[Run]) -> list[Run]:
    """Strip line-end spaces and the text's ends, and cap blank lines at one."""
    text = "".join(part for part, _ in runs)
    lead = len(text) - len(text.lstrip())
    tail = len(text.rstrip())
    spans: list[tuple[int, int]] = []
    if lead:
        spans.append((0, lead))
    # finditer over whole runs, not a lookahead pattern, keeps long space runs linear.
    for match in _HORIZONTAL_SPACE.finditer(text, lead, tail):
        if match.end() < tail and text[match.end()] == "\n":
            spans.append(match.span())
    if tail < len(text) and tail >= lead:
        spans.append((max(tail, lead), len(text)))
    runs = delete_spans(runs, spans)
    text = "".join(part for part, _ in runs)
    extra = [(match.start() + 2, match.end()) for match in _EXTRA_NEWLINES.finditer(text)]
    return merge_runs(delete_spans(runs, extra))
