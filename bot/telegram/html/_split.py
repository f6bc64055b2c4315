"""Cutting safe HTML into messages, and shortening plain text for buttons."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Final

from bot.telegram.html._core import Run, serialize

# Telegram treats a message made only of these as empty and rejects it.
_BLANK_EXTRA: Final = "\u200b\u200c\u200d\u200e\u200f\u202e\ufeff\u2800\u180e\ufffc"
_NON_BLANK: Final = re.compile(rf"[^\s{_BLANK_EXTRA}\U000e0000-\U000e007f]")


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


def split_runs(runs: list[Run], limit: int) -> list[str]:
    """Serialized chunks of runs, each at most limit visible characters and not blank."""
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
        chunks.append(serialize(_slice_runs(runs, starts, position, stop)))
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
