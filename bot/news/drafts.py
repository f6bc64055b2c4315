"""An article being written step by step in the guided /post flow."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.limits import BODY_MAX_LENGTH
from bot.news.articles import Problem
from bot.telegram.html import is_blank, visible_length, visible_text


@dataclass(slots=True)
class Draft:
    """An article being written in the guided /post flow."""

    headline: str | None = None
    parts: list[str] = field(default_factory=list)

    @property
    def body_html(self) -> str:
        """The body so far; parts sent as separate messages become paragraphs."""
        return "\n\n".join(self.parts)

    def try_append(self, part_html: str) -> Problem | None:
        """Add a part unless the body would grow past the limit."""
        if is_blank(visible_text(part_html)):
            return Problem("post-expects-text")
        candidate = "\n\n".join([*self.parts, part_html])
        length = visible_length(candidate)
        if length > BODY_MAX_LENGTH:
            return Problem("post-body-too-long", {"length": length, "max": BODY_MAX_LENGTH})
        self.parts.append(part_html)
        return None
