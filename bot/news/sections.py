"""Sections (issue 11): what editors may name them, how a name typed by anyone finds one, and
the section an article gets.

A section is named in English and in Georgian. Either name finds it, typed any way a person
would: case does not matter, and `_` or `-` stand for spaces (`#business_news`, `#Business-News`
and `/latest business news` all find "Business news"). So names must differ from every other
live section's names in both languages once matched that way, and must hold a letter.

One parser serves every one-shot command that publishes (`/post`, `/breaking`, `/schedule`): a
last word `#name` after the headline chooses the section (`/post Headline #world`). A `#` word
without a letter (`Vote #2`) is part of the headline; a `#name` that finds no section refuses
the whole command, so an article never goes out in a section nobody meant.

An article without a chosen section (or whose section was removed before it went out) gets the
first section by position when it is published (`storage.articles.insert_article`), and none
while there are no sections.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.limits import LATEST_DEFAULT_COUNT, SECTION_NAME_MAX_LENGTH, SECTIONS_MAX
from bot.news.arguments import Count, Invalid, parse_latest_count
from bot.news.articles import Problem
from bot.telegram.html import clean_text, is_blank
from storage import NameTaken, Section, SectionNames, SectionPrompt, Storage, StoredDraft

# What separates the English and the Georgian name in an editor's message.
NAMES_SEPARATOR: Final = "|"
_SPACES: Final = re.compile(r"[\s_\-]+")
_TAG: Final = re.compile(r"(?:^|\s)#(\S+)\s*$")
_NUMBER: Final = re.compile(r"^[+-]?\d+$", re.ASCII)


def key(name: str) -> str:
    """A name as it is matched: case-folded, with `_`, `-` and runs of spaces as one space."""
    return _SPACES.sub(" ", name.casefold()).strip()


def tag(name: str) -> str:
    """How a name is typed after a headline: `Business news` → `#Business_news`."""
    return "#" + "_".join(name.split())


def find(live: Sequence[Section], text: str) -> Section | None:
    """The live section `text` names, in either language (a leading `#` allowed)."""
    wanted = key(text.strip().removeprefix("#"))
    if not wanted:
        return None
    for section in live:
        if wanted in (key(section.name_en), key(section.name_ka)):
            return section
    return None


def split_tag(headline: str) -> tuple[str, str | None]:
    """`Headline #world` → (`Headline`, `world`); a headline without a last `#name` (one with
    a letter) → (the headline, None)."""
    match = _TAG.search(headline)
    if match is None or not any(character.isalpha() for character in match.group(1)):
        return headline, None
    return headline[: match.start()].strip(), match.group(1)


@dataclass(frozen=True, slots=True)
class Tagged:
    """A one-shot headline without its `#section`, and the section it chose (None: none)."""

    headline: str
    section_id: int | None


@dataclass(frozen=True, slots=True)
class UnknownSection:
    """A section name that finds none; the live sections, to say which there are."""

    value: str
    live: list[Section]


async def take_tag(storage: Storage, headline: str) -> Tagged | UnknownSection:
    """The section a one-shot headline chooses with its last `#name`, and the headline
    without it; or the name that finds no section (nothing must be published then). A desk
    without sections has no tags: `#name` is part of its headline."""
    text, name = split_tag(headline)
    if name is None:
        return Tagged(headline, None)
    live = await storage.sections.live()
    if not live:
        return Tagged(headline, None)
    section = find(live, name)
    if section is None:
        return UnknownSection(name, live)
    return Tagged(text, section.id)


# ----- names ------------------------------------------------------------------------------------


def _clean_name(text: str) -> str:
    """A name as stored: control characters dropped, whitespace runs as one space, trimmed."""
    return " ".join(clean_text(text).split())


def _check_name(name: str) -> Problem | None:
    if is_blank(name):
        return Problem("section-name-empty")
    if len(name) > SECTION_NAME_MAX_LENGTH:
        return Problem(
            "section-name-too-long",
            {"value": name, "length": len(name), "max": SECTION_NAME_MAX_LENGTH},
        )
    if not any(character.isalpha() for character in name):
        return Problem("section-name-no-letter", {"value": name})
    return None


def parse_names(text: str) -> SectionNames | Problem:
    """`English name | Georgian name`, as an editor sends them for a new or renamed section."""
    parts = text.split(NAMES_SEPARATOR)
    if len(parts) != 2:
        return Problem("section-names-format", {"max": SECTION_NAME_MAX_LENGTH})
    english, georgian = (_clean_name(part) for part in parts)
    problem = _check_name(english) or _check_name(georgian)
    if problem is not None:
        return problem
    return SectionNames(english, georgian, key(english), key(georgian))


def _taken(outcome: NameTaken) -> Problem:
    return Problem("section-name-taken", {"value": outcome.name})


async def add(storage: Storage, text: str) -> Section | Problem:
    """A new section, last in the order, named by `text` (`English | Georgian`)."""
    names = parse_names(text)
    if isinstance(names, Problem):
        return names
    added = await storage.sections.add(names, limit=SECTIONS_MAX)
    if isinstance(added, NameTaken):
        return _taken(added)
    if isinstance(added, str):
        return Problem("section-too-many", {"max": SECTIONS_MAX})
    return added


async def rename(storage: Storage, section_id: int, text: str) -> Section | Problem:
    """New names for a live section, from `text` (`English | Georgian`)."""
    names = parse_names(text)
    if isinstance(names, Problem):
        return names
    renamed = await storage.sections.rename(section_id, names)
    if isinstance(renamed, NameTaken):
        return _taken(renamed)
    return renamed if renamed is not None else Problem("section-gone")


async def live_section(storage: Storage, section_id: int) -> Section | Problem:
    """The section, if it is live; else why a button of it does nothing."""
    section = await storage.sections.get(section_id)
    if section is None or section.removed_at is not None:
        return Problem("section-gone")
    return section


async def move(storage: Storage, section_id: int, offset: int) -> Problem | None:
    """Move a live section up (-1) or down (1) in the order; or why it did not move."""
    if await storage.sections.move(section_id, offset):
        return None
    section = await live_section(storage, section_id)
    return section if isinstance(section, Problem) else Problem("section-cannot-move")


async def remove(storage: Storage, section_id: int) -> Section | Problem:
    """Remove a live section from lists and choices; its articles keep it."""
    removed = await storage.sections.remove(section_id)
    return removed if removed is not None else Problem("section-gone")


# ----- an editor's Add or Rename, waiting for the names -----------------------------------------


async def ask_names(
    storage: Storage, chat_id: int, editor_id: int, section_id: int | None
) -> Section | Problem | None:
    """Wait for the editor's next message in the chat to name a new section (`section_id`
    None) or rename that live one (returned, to show its names)."""
    section = None
    if section_id is not None:
        found = await live_section(storage, section_id)
        if isinstance(found, Problem):
            return found
        section = found
    await storage.sections.ask_names(chat_id, editor_id, section_id)
    return section


async def waiting(
    storage: Storage, chat_id: int, editor_id: int, *, max_age: float
) -> SectionPrompt | None:
    """The editor's wait for names in this chat, unless it is older than `max_age` seconds
    (the patience of a draft, DRAFT_TIMEOUT): then it is forgotten, and the message is not
    taken for names."""
    prompt = await storage.sections.prompt(chat_id, editor_id)
    if prompt is None:
        return None
    if prompt.asked_at < time.time() - max_age:
        await storage.sections.end_prompt(chat_id, editor_id)
        return None
    return prompt


async def take_names(storage: Storage, prompt: SectionPrompt, text: str) -> Section | Problem:
    """The names the prompt waited for: add or rename the section and stop waiting. Names
    refused keep it waiting (the editor is told why and sends them again)."""
    if prompt.section_id is None:
        outcome = await add(storage, text)
    else:
        outcome = await rename(storage, prompt.section_id, text)
    if isinstance(outcome, Section) or outcome.key == "section-gone":
        await storage.sections.end_prompt(prompt.chat_id, prompt.editor_id)
    return outcome


async def stop_waiting(storage: Storage, chat_id: int, editor_id: int) -> bool:
    """Forget the editor's wait for names (/cancel, or any other command); False if none."""
    return await storage.sections.end_prompt(chat_id, editor_id)


# ----- an article's section ---------------------------------------------------------------------


async def default_for(storage: Storage, section_id: int | None) -> int | None:
    """The section a draft shows as chosen: its own if still live, else the first one (None
    while there are no sections)."""
    live = await storage.sections.live()
    if any(section.id == section_id for section in live):
        return section_id
    return live[0].id if live else None


async def choose_for_draft(
    storage: Storage, draft: StoredDraft | None, section_id: int
) -> Section | Problem:
    """A section button under a draft's preview: the draft is to be published in that section.

    Only while the draft is still in that preview (as Publish and Cancel), and only a live
    section.
    """
    if (
        draft is None
        or draft.step != "preview"
        or draft.corrects is not None
        or draft.reschedules is not None
    ):
        return Problem("post-draft-gone")
    section = await live_section(storage, section_id)
    if isinstance(section, Problem):
        return section
    draft.section_id = section.id
    await storage.drafts.save(draft)
    return section


# ----- /latest [section] [n] --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LatestRequest:
    """What `/latest` asks for: how many headlines, of which section (None: of all)."""

    count: Count
    section: Section | None = None


def parse_latest(
    arguments: Sequence[str], live: Sequence[Section]
) -> LatestRequest | Invalid | UnknownSection:
    """`/latest`, `/latest 10`, `/latest world`, `/latest business news 10`: a count, a
    section's name (either language, as `find` matches it), or both, the count last.

    A name that finds no section is an unknown section while there are sections, and a bad
    count while there are none (as before sections existed).
    """
    if not arguments:
        return LatestRequest(Count(LATEST_DEFAULT_COUNT))
    words = list(arguments)
    if len(words) == 1 and _NUMBER.match(words[0]):
        return _counted(words[0], None)
    section = find(live, " ".join(words))
    if section is not None:
        return LatestRequest(Count(LATEST_DEFAULT_COUNT), section)
    if len(words) > 1 and _NUMBER.match(words[-1]):
        section = find(live, " ".join(words[:-1]))
        if section is not None:
            return _counted(words[-1], section)
    if not live:
        return Invalid(" ".join(words))
    return UnknownSection(" ".join(words), list(live))


def _counted(text: str, section: Section | None) -> LatestRequest | Invalid:
    count = parse_latest_count([text])
    return count if isinstance(count, Invalid) else LatestRequest(count, section)
