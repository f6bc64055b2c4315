"""Cutting safe HTML into messages, and shortening plain text for buttons."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Final

from bot.limits import MESSAGE_MAX_MARKUP
from bot.telegram.html._core import Run, serialize

# What shows nothing, for deciding whether a message (or a headline, or a body) is empty.
# Telegram's own list (TDLib's clean_input_string and strip_empty_characters): whitespace,
# control characters (sent as spaces), the bidi embeddings and overrides and three combining
# lines it removes, zero-width spaces and joiners, LRM/RLM, the BOM, the Mongolian vowel
# separator, the Braille blank, the object replacement character and the tag characters.
# Whether Telegram's servers also refuse a message of the other default-ignorable characters
# (the word joiner, invisible operators, bidi isolates, soft hyphen, variation selectors,
# Hangul fillers) is not documented: they show nothing, so they count as blank here too.
_BLANK_CHARACTERS: Final = (
    "\\s\x00-\x1f\x7f-\xa0\u030a\u0333\u033f\u180e\u200b-\u200f\u202a-\u202e"
    "\u2800\ufeff\ufffc\U000e0000-\U000e007f"
    # Unicode's Default_Ignorable_Code_Point, the part not listed above.
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0080-\U000e0fff"
)
_NON_BLANK: Final = re.compile(f"[^{_BLANK_CHARACTERS}]")


def is_blank(text: str) -> bool:
    """Whether plain text shows nothing: whitespace and invisible characters only."""
    return _NON_BLANK.search(text) is None


_WHITESPACE: Final = re.compile(r"\s+")
_SENTENCE_END: Final = frozenset(".!?…。！？‼⁇⁈⁉։؟۔।॥።፧።᙮")
_CLOSERS: Final = frozenset("\"')]}»”’›」』）")
_PARAGRAPH, _LINE, _SENTENCE, _SPACE = range(4)
_GRAPHEME_LOOKBACK: Final = 32


def _is_sentence_end(text: str, position: int, floor: int) -> bool:
    while position > floor and text[position - 1] in _CLOSERS:
        position -= 1
    return position > floor and text[position - 1] in _SENTENCE_END


def _kind(text: str, start: int, stop: int, floor: int) -> int:
    newlines = text.count("\n", start, stop)
    if newlines >= 2:
        return _PARAGRAPH
    if newlines:
        return _LINE
    return _SENTENCE if _is_sentence_end(text, start, floor) else _SPACE


def _extends_cluster(text: str, position: int) -> bool:
    char = text[position]
    code = ord(char)
    if text[position - 1] == "\u200d" or char == "\u200d":
        return True
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True
    if 0x1F1E6 <= code <= 0x1F1FF:
        # Regional indicators pair up into flags; cut only between pairs.
        count = 0
        while position - count > 0 and 0x1F1E6 <= ord(text[position - count - 1]) <= 0x1F1FF:
            count += 1
        return count % 2 == 1
    return unicodedata.category(char) in ("Mn", "Me", "Mc")


def _hard_cut(text: str, cut: int, floor: int) -> int:
    # Step back out of an emoji sequence or a letter's combining marks when that is cheap.
    position = cut
    for _ in range(_GRAPHEME_LOOKBACK):
        if not _extends_cluster(text, position):
            return position
        if position <= floor:
            break
        position -= 1
    return cut


class _Cutter:
    """Finds cut positions in a text, preferring paragraph, line, sentence, then word breaks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.candidates: list[list[int]] = [[], [], [], []]
        self.space_starts: list[int] = []
        self.space_ends: list[int] = []
        for match in _WHITESPACE.finditer(text):
            start, stop = match.span()
            self.space_starts.append(start)
            self.space_ends.append(stop)
            if start > 0 and stop < len(text):
                self.candidates[_kind(text, start, stop, 0)].append(stop)

    def cut(self, position: int, first_visible: int, limit: int) -> int:
        """The end of the chunk starting at position, which must fit in limit characters."""
        text = self.text
        end = position + limit
        crossing_kind = -1
        index = bisect_right(self.space_starts, end - 1) - 1
        if index >= 0:
            start, stop = self.space_starts[index], self.space_ends[index]
            if start > first_visible and stop > end:
                # A space run straddles the limit: fill this chunk with as much of it as fits.
                crossing_kind = _kind(text, start, end, position)
        for kind, positions in enumerate(self.candidates):
            if kind == crossing_kind:
                return end
            found = bisect_right(positions, end) - 1
            if found >= 0 and positions[found] > first_visible:
                return positions[found]
        return _hard_cut(text, end, first_visible + 1)


def _slice_runs(runs: list[Run], starts: list[int], start: int, stop: int) -> list[Run]:
    index = bisect_right(starts, start) - 1
    sliced: list[Run] = []
    while index < len(runs) and starts[index] < stop:
        text, style = runs[index]
        offset = starts[index]
        sliced.append((text[max(start - offset, 0) : stop - offset], style))
        index += 1
    return sliced


def _fit_markup(
    cutter: _Cutter,
    runs: list[Run],
    starts: list[int],
    span: tuple[int, int],
    limit: int,
    markup_limit: int,
) -> tuple[int, str]:
    """The longest chunk from span[0] whose markup fits, searching its visible length.

    The chunk keeps at least one visible character (span[1] is the first), however heavy.
    """
    position, first_visible = span
    total = len(cutter.text)

    def chunk(room: int) -> tuple[int, str]:
        stop = total if position + room >= total else cutter.cut(position, first_visible, room)
        return stop, serialize(_slice_runs(runs, starts, position, stop))

    low, high = first_visible - position + 1, min(limit, total - position)
    best = chunk(low)
    # Markup grows with the visible length, so a binary search finds the longest that fits.
    while low < high:
        room = (low + high + 1) // 2
        candidate = chunk(room)
        if len(candidate[1]) <= markup_limit:
            best, low = candidate, room
        else:
            high = room - 1
    return best


def split_runs(runs: list[Run], limit: int, markup_limit: int = MESSAGE_MAX_MARKUP) -> list[str]:
    """Serialized chunks of runs, each at most limit visible characters and not blank.

    A chunk whose markup (say, many long links) passes markup_limit is made shorter.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    text = "".join(part for part, _ in runs)
    starts: list[int] = []
    offset = 0
    for part, _ in runs:
        starts.append(offset)
        offset += len(part)
    cutter = _Cutter(text)
    chunks: list[str] = []
    position = 0
    while True:
        visible = _NON_BLANK.search(text, position)
        if visible is None:
            # Only blanks remain, and they did not fit in the previous chunk: drop them.
            break
        first_visible = visible.start()
        if first_visible - position >= limit:
            # No visible character would fit after these blanks, and a blank chunk is rejected.
            position = first_visible
        stop = (
            len(text)
            if len(text) - position <= limit
            else cutter.cut(position, first_visible, limit)
        )
        chunk = serialize(_slice_runs(runs, starts, position, stop))
        if len(chunk) > markup_limit:
            stop, chunk = _fit_markup(
                cutter, runs, starts, (position, first_visible), limit, markup_limit
            )
        chunks.append(chunk)
        if stop == len(text):
            break
        position = stop
    return chunks


def truncate_text(text: str, limit: int) -> str:
    """Collapse whitespace; shorten to at most limit characters on a word boundary, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    room = limit - 1
    space = text.rfind(" ", 0, room + 1)
    # A break in the first third would waste most of the label; cut the word instead.
    cut = space if space >= room // 3 and space > 0 else _hard_cut(text, room, 1) if room else 0
    return text[:cut].rstrip(" ,;:-–—") + "…"
