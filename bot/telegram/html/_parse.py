"""Reading arbitrary HTML into styled runs of Telegram formatting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

from bot.limits import LIST_INDENT_MAX_LEVELS, OPEN_ELEMENTS_MAX
from bot.telegram.html._core import (
    BLOCKQUOTE,
    BOLD,
    CODE,
    EXPANDABLE_BLOCKQUOTE,
    ITALIC,
    LINK_MAX_LENGTH,
    PRE,
    SPOILER,
    STRIKE,
    UNDERLINE,
    Element,
    Run,
    Style,
    clean_text,
    link,
    merge_runs,
    pre_with_language,
)

Attributes = list[tuple[str, str | None]]

_SIMPLE: Final[dict[str, Element]] = {
    "b": BOLD,
    "strong": BOLD,
    "i": ITALIC,
    "em": ITALIC,
    "u": UNDERLINE,
    "ins": UNDERLINE,
    "s": STRIKE,
    "strike": STRIKE,
    "del": STRIKE,
    "tg-spoiler": SPOILER,
    "code": CODE,
    "pre": PRE,
}
# Tags Telegram's parser knows; anything else means the input was written for a browser.
_TELEGRAM_TAGS: Final = frozenset(_SIMPLE) | {"span", "a", "blockquote", "tg-emoji"}
_DROPPED_WITH_CONTENT: Final = frozenset(
    {"script", "style", "head", "title", "template", "iframe", "object", "noscript"}
    | {"svg", "math", "canvas", "audio", "video"}
)
_VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PARAGRAPHS: Final = _HEADINGS | {
    "p", "div", "section", "article", "header", "footer", "table", "blockquote", "pre",
    "main", "nav", "aside", "figure", "figcaption", "address", "dl", "fieldset", "form",
    "details", "summary", "center", "hgroup", "caption", "body", "html",
}  # fmt: skip
_LINES: Final = frozenset({"li", "tr", "dt", "dd"})
_LISTS: Final = frozenset({"ul", "ol"})
_CELLS: Final = frozenset({"td", "th"})
_PREFORMATTED: Final = frozenset({"pre", "textarea", "listing", "xmp", "plaintext"})
_LINK_SCHEMES: Final = frozenset({"http", "https", "tg", "mailto"})
_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LANGUAGE: Final = re.compile(r"(language-)?([\w+#.-]{1,64})\Z")
_COLLAPSIBLE: Final = re.compile(r"[ \t\n]+")
_WHITESPACE: Final = re.compile(r"\s")


def _attribute(attrs: Attributes, name: str) -> str | None:
    for key, value in attrs:
        if key == name:
            return value if value is not None else ""
    return None


def _link_target(attrs: Attributes) -> str | None:
    href = _attribute(attrs, "href")
    if href is None:
        return None
    # Browsers ignore surrounding spaces and embedded tabs/newlines, so "java\tscript:" is a scheme.
    href = clean_text(href).replace("\t", "").replace("\n", "").strip()
    scheme = _SCHEME.match(href)
    if scheme is None or scheme.group(1).lower() not in _LINK_SCHEMES:
        return None
    # Longer than Telegram takes: the text stays, without its link.
    return href if len(href) <= LINK_MAX_LENGTH else None


def _code_language(attrs: Attributes, bare: bool) -> str | None:
    classes = (_attribute(attrs, "class") or "").split()
    for name in classes:
        match = _LANGUAGE.match(name)
        # PTB's text_html writes class="python" where Telegram expects class="language-python".
        if match and (match.group(1) or (bare and len(classes) == 1)):
            return match.group(2)
    return None


def _element(tag: str, attrs: Attributes, browser: bool) -> Element | None:
    if tag in _SIMPLE:
        return _SIMPLE[tag]
    if tag == "a":
        target = _link_target(attrs)
        return link(target) if target is not None else None
    if tag == "span":
        return SPOILER if "tg-spoiler" in (_attribute(attrs, "class") or "").split() else None
    if tag == "blockquote":
        return BLOCKQUOTE if _attribute(attrs, "expandable") is None else EXPANDABLE_BLOCKQUOTE
    if browser and tag in _HEADINGS:
        return BOLD
    return None


Event = tuple[str, str, Attributes]


class LimitExceeded(ValueError):
    """Parsing stopped early: the input is over a bound its caller set."""


class TextTooLong(LimitExceeded):
    """The text has more visible characters than allowed (at least `limit` + 1)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} visible characters")
        self.limit = limit


class TooManyTags(LimitExceeded):
    """The markup has more tags than allowed."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} tags, more than {limit}")
        self.count = count
        self.limit = limit


# What closes a comment and a marked section, as _markupbase (HTMLParser's base) looks for them,
# spelled backwards: the first match in the reversed text is the last one in the text.
_COMMENT_CLOSE_REVERSED: Final = re.compile(r">\s*--")
_SECTION_CLOSE_REVERSED: Final = re.compile(r">\s*\]\s*\]")
_MS_SECTION_CLOSE_REVERSED: Final = re.compile(r">\s*\]")
_DECLARATION_OPEN: Final = re.compile(r"<!(?:--|\[)")
_SECTION_NAME: Final = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_SECTIONS: Final = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
_MS_SECTIONS: Final = frozenset({"if", "else", "endif"})


def _last_start(reversed_close: re.Pattern[str], reversed_text: str) -> int:
    """Where the last match of a close pattern starts in the text, or -1."""
    match = reversed_close.search(reversed_text)
    return len(reversed_text) - match.end() if match else -1


def _defuse(markup: str) -> str:
    """Markup with "&lt;" for every "<" whose construct can never be closed.

    Python 3.11's HTMLParser searches the rest of the input from each such "<" before giving up
    and taking it as text, so "<a " or "<!--" repeated took quadratic time (and "<![ x" raised
    AssertionError). Written "&lt;", the same character is plain text at once: what the parser
    would have shown in the end. A "<" with no ">" after it closes nothing; nor a comment with
    no "-->" after it, nor a marked section without its own close.
    """
    last = markup.rfind(">") + 1
    head, tail = markup[:last], markup[last:].replace("<", "&lt;")
    if "<!" not in head:
        return head + tail
    backwards = head[::-1]
    comment_close = _last_start(_COMMENT_CLOSE_REVERSED, backwards)
    section_close = _last_start(_SECTION_CLOSE_REVERSED, backwards)
    ms_section_close = _last_start(_MS_SECTION_CLOSE_REVERSED, backwards)
    parts: list[str] = []
    done = 0
    for opening in _DECLARATION_OPEN.finditer(head):
        start = opening.start()
        if opening.group() == "<!--":
            close, after = comment_close, start + 4
        else:
            name = _SECTION_NAME.match(head, start + 3)
            keyword = name.group().strip().lower() if name else ""
            close = -1
            if keyword in _SECTIONS:
                close = section_close
            elif keyword in _MS_SECTIONS:
                close = ms_section_close
            after = start + 3
        if close < after:
            parts += (head[done:start], "&lt;")
            done = start + 1
    parts += (head[done:], tail)
    return "".join(parts)


class _Collector(HTMLParser):
    """Tokenizes HTML into a Builder, deciding first whether it is browser or Telegram HTML.

    Events wait until the first tag outside Telegram's set (or a comment, doctype, processing
    instruction) shows the input is browser HTML, and then stream: a limit on the output stops
    the parse as soon as it is passed, not after the whole input was tokenized.
    """

    def __init__(self, layout: bool, max_text: int | None) -> None:
        super().__init__(convert_charrefs=True)
        self.max_text = max_text
        self.waiting: list[Event] = []
        self.builder = None if layout else Builder(False, max_text)

    def _browser(self) -> None:
        if self.builder is None:
            self.builder = Builder(True, self.max_text)
            self.builder.feed(self.waiting)
            self.waiting = []

    def _event(self, kind: str, value: str, attrs: Attributes) -> None:
        if kind != "data" and value not in _TELEGRAM_TAGS:
            self._browser()
        if self.builder is None:
            self.waiting.append((kind, value, attrs))
        else:
            self.builder.handle(kind, value, attrs)

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        self._event("start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: Attributes) -> None:
        self._event("empty", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._event("end", tag, [])

    def handle_data(self, data: str) -> None:
        self._event("data", data, [])

    def handle_comment(self, data: str) -> None:
        self._browser()

    def handle_decl(self, decl: str) -> None:
        self._browser()

    def handle_pi(self, data: str) -> None:
        self._browser()

    def unknown_decl(self, data: str) -> None:
        self._browser()

    def runs(self) -> list[Run]:
        """The runs of everything fed, once the input is closed."""
        if self.builder is None:  # Telegram HTML throughout
            self.builder = Builder(False, self.max_text)
            self.builder.feed(self.waiting)
        return self.builder.runs()


@dataclass(slots=True)
class _Open:
    """A source element still open, and what it contributed."""

    tag: str
    order: int
    element: Element | None = None
    start: int = 0
    counter: int = 1


def _common(first: Style, second: Style) -> Style:
    length = 0
    while length < min(len(first), len(second)) and first[length] == second[length]:
        length += 1
    return first[:length]


class Builder:
    """Turns events into styled runs; in browser mode it also lays out blocks and whitespace."""

    def __init__(self, browser: bool, max_text: int | None = None) -> None:
        self.browser = browser
        self.max_text = max_text
        self.pieces: list[Run] = []
        self.length = 0
        # Characters no whitespace normalisation can remove: a lower bound of the final length.
        self.solid = 0
        self.open_elements = 0
        self.trailing_newlines = 0
        self.last_char = ""
        self.formatting: list[Element] = []
        self.style: Style = ()
        self.opened: dict[str, list[_Open]] = {}
        self.order = 0
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.pre_depth = 0
        self.drop_newline = False
        self.pending_break = 0
        self.pending_style: Style = ()
        self.prefix = ""
        self.prefix_style: Style = ()

    def feed(self, events: list[Event]) -> None:
        """Process events in order."""
        for kind, value, attrs in events:
            self.handle(kind, value, attrs)

    def handle(self, kind: str, value: str, attrs: Attributes) -> None:
        """Process one event."""
        if kind == "data":
            self.data(value)
        elif kind == "end":
            self.end(value)
        else:
            self.start(value, attrs, kind == "empty")

    def runs(self) -> list[Run]:
        """The merged runs of everything processed."""
        return merge_runs(self.pieces)

    def _emit(self, text: str, style: Style) -> None:
        self.pieces.append((text, style))
        self.length += len(text)
        if self.max_text is not None:
            self.solid += len(text) - len(_WHITESPACE.findall(text))
            if self.solid > self.max_text:
                raise TextTooLong(self.max_text)
        body = text.rstrip()
        newlines = text.count("\n", len(body))
        self.trailing_newlines = newlines if body else self.trailing_newlines + newlines
        self.last_char = text[-1]

    def _at_line_start(self) -> bool:
        return not self.length or bool(self.pending_break or self.prefix) or self.last_char in " \n"

    def _flush_pending(self) -> None:
        if self.pending_break and self.length:
            missing = self.pending_break - self.trailing_newlines
            if missing > 0:
                self._emit("\n" * missing, _common(self.pending_style, self.style))
        self.pending_break = 0
        if self.prefix:
            self._emit(self.prefix, _common(self.prefix_style, self.style))
            self.prefix = ""

    def _request_break(self, newlines: int) -> None:
        if not self.pending_break:
            # Separators take the style in force where the block ended, not where the next began.
            self.pending_style = self.style
        self.pending_break = max(self.pending_break, newlines)

    def data(self, text: str) -> None:
        """Add text, collapsing whitespace outside <pre> in browser mode."""
        if self.skip_tag is not None:
            return
        text = clean_text(text)
        if self.browser:
            if not self.pre_depth:
                text = _COLLAPSIBLE.sub(" ", text)
                if text.startswith(" ") and self._at_line_start():
                    text = text[1:]
            elif self.drop_newline and text.startswith("\n"):
                text = text[1:]
            self.drop_newline = False
        if text:
            self._flush_pending()
            self._emit(text, self.style)

    def _line_break(self) -> None:
        self._flush_pending()
        self._emit("\n", self.style)

    def _trim_trailing_newlines(self, floor: int) -> None:
        # A browser shows no empty line for the newline that usually ends a <pre>'s content.
        while self.pieces and self.length > floor:
            text, style = self.pieces[-1]
            removable = min(len(text) - len(text.rstrip("\n")), self.length - floor)
            if not removable:
                break
            self.length -= removable
            if removable < len(text):
                self.pieces[-1] = (text[:-removable], style)
                break
            self.pieces.pop()
        self.last_char = self.pieces[-1][0][-1] if self.pieces else ""
        self.trailing_newlines = 0
        for text, _ in reversed(self.pieces):
            body = text.rstrip()
            self.trailing_newlines += text.count("\n", len(body))
            if body:
                break

    def _push(self, element: Element) -> bool:
        names = {open_element.name for open_element in self.formatting}
        if names & {"code", "pre"} or element in self.formatting:
            return False
        if element.name in ("a", "blockquote") and element.name in names:
            return False
        self.formatting.append(element)
        self.style = tuple(self.formatting)
        return True

    def _language_for_pre(self, attrs: Attributes) -> bool:
        language = _code_language(attrs, bare=not self.browser)
        pres = self.opened.get("pre")
        if not language or not pres or not self.formatting or self.formatting[-1] != PRE:
            return False
        entry = pres[-1]
        if entry.element != PRE or entry.start != self.length:
            return False
        entry.element = pre_with_language(language)
        self.formatting[-1] = entry.element
        self.style = tuple(self.formatting)
        return True

    def _list_marker(self) -> str:
        lists = [stack[-1] for tag in _LISTS if (stack := self.opened.get(tag))]
        depth = sum(len(self.opened.get(tag, ())) for tag in _LISTS)
        indent = "  " * min(max(depth - 1, 0), LIST_INDENT_MAX_LEVELS)
        if not lists:
            return "• "
        innermost = max(lists, key=lambda entry: entry.order)
        if innermost.tag == "ol":
            innermost.counter += 1
            return f"{indent}{innermost.counter - 1}. "
        return f"{indent}• "

    def _skipping(self, tag: str, opening: bool, self_closing: bool = False) -> bool:
        if self.skip_tag is None:
            return False
        if tag == self.skip_tag and not self_closing:
            self.skip_depth += 1 if opening else -1
            if not self.skip_depth:
                self.skip_tag = None
            return True
        if opening and self.skip_tag == "head" and tag == "body":
            # An unclosed <head> ends where the body starts, as in browsers.
            self.skip_tag = None
            self.skip_depth = 0
            return False
        return True

    def start(self, tag: str, attrs: Attributes, self_closing: bool) -> None:
        """Handle a start tag (self_closing for <x/>)."""
        if self._skipping(tag, True, self_closing):
            return
        if tag in _DROPPED_WITH_CONTENT and not self_closing:
            self.skip_tag = tag
            self.skip_depth = 1
            return
        if self.browser:
            self._browser_start(tag, attrs)
        if self_closing or tag in _VOID or self.open_elements >= OPEN_ELEMENTS_MAX:
            return
        self.open_elements += 1
        self.order += 1
        entry = _Open(tag, self.order, start=self.length)
        if tag == "ol":
            start = _attribute(attrs, "start") or ""
            entry.counter = int(start) if start.isdigit() and len(start) < 9 else 1
        if tag == "code" and self._language_for_pre(attrs):
            entry.element = None
        else:
            element = _element(tag, attrs, self.browser)
            if element is not None and self._push(element):
                entry.element = element
        if self.browser and tag in _PREFORMATTED:
            self.pre_depth += 1
            self.drop_newline = True
        self.opened.setdefault(tag, []).append(entry)

    def _browser_start(self, tag: str, attrs: Attributes) -> None:
        if tag == "br":
            self._line_break()
        elif tag == "hr" or tag in _PARAGRAPHS:
            self._request_break(2)
        elif tag in _LISTS:
            self._request_break(1 if self.opened.get("li") else 2)
        elif tag in _LINES:
            self._request_break(1)
            if tag == "li":
                self.prefix = self._list_marker()
                self.prefix_style = self.style

    def end(self, tag: str) -> None:
        """Handle an end tag; stray ones are ignored, mis-nested ones close only themselves."""
        if self._skipping(tag, False):
            return
        if tag == "br" and self.browser:
            self._line_break()
            return
        stack = self.opened.get(tag)
        if not stack:
            return
        entry = stack.pop()
        self.open_elements -= 1
        if entry.element is not None:
            self.formatting.remove(entry.element)
            self.style = tuple(self.formatting)
        if not self.browser:
            return
        if tag in _PREFORMATTED:
            self.pre_depth -= 1
            self._trim_trailing_newlines(entry.start)
        if tag in _PARAGRAPHS:
            self._request_break(2)
        elif tag in _LISTS:
            self._request_break(1 if self.opened.get("li") else 2)
        elif tag in _LINES:
            self._request_break(1)
        elif tag in _CELLS:
            self.data(" ")


def parse(
    markup: str, *, layout: bool, max_text: int | None = None, max_tags: int | None = None
) -> list[Run]:
    """Runs of markup; with layout, browser HTML gets block and whitespace handling.

    With max_text, TextTooLong is raised as soon as the text is sure to have more visible
    characters; with max_tags, TooManyTags before parsing markup with more tags than that.
    """
    markup = _defuse(markup)
    if max_tags is not None and (count := markup.count("<")) > max_tags:
        raise TooManyTags(count, max_tags)
    collector = _Collector(layout, max_text)
    collector.feed(markup)
    collector.close()
    return collector.runs()
