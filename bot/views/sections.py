"""Sections as text (issue 11): the editors' and the readers' /sections, and the answer to a name
that finds no section. Pure functions of data; buttons are in `bot.views.keyboards`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot.limits import LATEST_MAX_COUNT
from bot.news.sections import UnknownSection, tag
from bot.views.i18n import Translator
from storage import Section

# What a refusal quotes of a name typed, at most.
_QUOTED: Final = 64


def both_names(section: Section) -> str:
    """A section as editors see it: its English and its Georgian name."""
    return f"{section.name_en} · {section.name_ka}"


def editors_sections(sections: Sequence[Section], translator: Translator, language: str) -> str:
    """The editors' /sections: every live section in its order, by both names."""
    if not sections:
        return translator.html(language, "sections-none-editor")
    lines = [translator.html(language, "sections-title-editor", count=len(sections))]
    lines += [
        translator.html(language, "sections-entry", number=index, names=both_names(section))
        for index, section in enumerate(sections, start=1)
    ]
    return "\n".join(lines)


def readers_sections(sections: Sequence[Section], translator: Translator, language: str) -> str:
    """The readers' /sections, above a button per section."""
    if not sections:
        return translator.html(language, "sections-none")
    return translator.html(language, "sections-title", count=len(sections))


def unknown_section(
    unknown: UnknownSection, translator: Translator, language: str, *, as_tags: bool
) -> str:
    """Why a name finds no section, with the sections there are: as `#tags` for an editor's
    one-shot post, as names for `/latest` (which also takes a count)."""
    value = unknown.value[:_QUOTED]
    if not unknown.live:
        return translator.html(language, "section-unknown-none", value=value)
    names = [section.name(language) for section in unknown.live]
    if as_tags:
        return translator.html(
            language, "section-unknown-tag", value=value, sections=" ".join(map(tag, names))
        )
    return translator.html(
        language,
        "section-unknown-latest",
        value=value,
        sections=", ".join(names),
        max=LATEST_MAX_COUNT,
    )
