"""Corrections of published articles: at once (`/edit <id>` with the new headline and text, an
edited /post message) or step by step in a draft that corrects the article instead of creating
one.

A correction is checked like a new article (`articles.check_headline`, `check_body`), stored with
its revision in one transaction (`storage.articles.correct`), and then handed to `propagate`, which
queues the update of every message already sent that shows the article. `propagate` is passed in
by the caller (`bot.delivery.propagation.propagate`): the news domain sits below delivery and
never imports it.

A correction draft starts as the article: its headline and photo, and no body parts, which means
"the text as published" until the editor sends a new one. Its step says what the next message
replaces: "choose" (nothing yet: press a button), "headline", "body" (parts that together
replace the text), "preview" (shown with /done, ready to publish).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from dataclasses import dataclass, replace
from typing import Final, Literal, Protocol

from bot.news import articles, drafts, sections
from bot.news.articles import Problem
from storage import Article, Change, Photo, Revision, Section, Storage, StoredDraft
from storage.articles import changes_between


class Propagate(Protocol):
    """Queue the update of every sent message that shows the article (with `alerts` False,
    the /read replies alone); how many were queued."""

    def __call__(self, storage: Storage, article_id: int, *, alerts: bool = ...) -> Awaitable[int]:
        """Plan the updates."""


Part = Literal["headline", "body", "photo", "nophoto", "section"]
"""What a correction's buttons replace (nophoto: Remove photo; section: issue 11)."""


class _Keep:
    """The photo stays as it is."""


KEEP: Final = _Keep()


@dataclass(frozen=True, slots=True)
class Corrected:
    """A correction applied: the revision stored, and how many sent messages it updates."""

    revision: Revision
    updating: int


@dataclass(frozen=True, slots=True)
class Proposal:
    """A correction draft as readers would see it once published, and what it changes."""

    article: Article
    changes: tuple[Change, ...]


async def correctable(storage: Storage, article_id: int) -> Article | Problem:
    """The article, if it exists and is not withdrawn (a withdrawn one is restored first)."""
    article = await storage.articles.get(article_id)
    if article is None:
        return Problem("article-not-found", {"id": str(article_id)})
    if article.retracted_at is not None:
        return Problem("edit-withdrawn", {"id": str(article_id)})
    return article


async def apply(
    storage: Storage,
    article_id: int,
    editor_id: int,
    *,
    headline: str | None,
    body_html: str | None,
    photo: Photo | _Keep | None = KEEP,
    section_id: int | None = None,
    propagate: Propagate,
) -> Corrected | Problem:
    """Correct the article to `headline` (None: the headline stays), `body_html` (None: the
    text stays), `photo` (KEEP: the photo stays) and `section_id` (None: the section stays),
    then propagate the correction to every copy sent that shows what changed."""
    article = await correctable(storage, article_id)
    if isinstance(article, Problem):
        return article
    new_headline = article.headline if headline is None else headline
    body = article.body_html if body_html is None else body_html
    problem = articles.check_headline(new_headline) or articles.check_body(body)
    if problem is not None:
        return problem
    new_photo = article.photo if isinstance(photo, _Keep) else photo
    revision = await storage.articles.correct(
        article.id,
        editor_id,
        articles.clean_headline(new_headline),
        body,
        new_photo,
        section_id=section_id,
    )
    if revision is None:  # nothing changed, or withdrawn or gone meanwhile
        gone = await correctable(storage, article_id)
        return (
            gone
            if isinstance(gone, Problem)
            else Problem("edit-unchanged", {"id": str(article_id)})
        )
    if revision.changes == ("section",):
        # Alerts show headlines, never the section: a move alone leaves them as they were
        # sent, and /read replies (which name it) are updated. Followed-sections filtering is
        # not changed retroactively: an alert already sent keeps the headline whether or not
        # its chat follows the new section, and a chat that follows only the new one is not
        # sent it now. (A correction that also changes what alerts show re-renders them
        # through the filter each was planned with, against the article's section as it is
        # then: a chat that does not follow the new section loses that line there.)
        return Corrected(revision, await propagate(storage, article.id, alerts=False))
    return Corrected(revision, await propagate(storage, article.id))


# ----- the guided correction, in a draft --------------------------------------------------------


async def start(
    storage: Storage, chat_id: int, editor_id: int, language: str, article_id: int
) -> Article | Problem:
    """Open a draft correcting the article; refused while the editor has another draft open
    (it would be lost) or the article cannot be corrected."""
    if await storage.drafts.get(chat_id, editor_id) is not None:
        return Problem("edit-draft-open")
    article = await correctable(storage, article_id)
    if isinstance(article, Problem):
        return article
    draft = StoredDraft(
        chat_id, editor_id, "choose", language, article.headline, photo=article.photo,
        corrects=article.id, section_id=article.section.id if article.section else None,
    )  # fmt: skip
    await storage.drafts.save(draft)
    return article


async def choose(storage: Storage, draft: StoredDraft, part: Part) -> bool:
    """The editor pressed Headline, Text, Photo or Remove photo: what the next message replaces.

    Text starts the text over (the parts sent after it replace the whole text); Remove photo
    drops the photo at once. False: Remove photo, and there is no photo to remove.
    """
    if part == "nophoto":
        if draft.photo is None:
            return False
        draft.photo = None
        draft.step = "choose"
    elif part == "body":
        draft.parts = []
        draft.step = "body"
    else:
        draft.step = "headline" if part == "headline" else "choose"
    await storage.drafts.save(draft)
    return True


async def choose_section(storage: Storage, draft: StoredDraft, section_id: int) -> Problem | None:
    """A section button under the Section choice: the article is to move to that live section
    (a preview shown before is stale), or why not."""
    section = await sections.live_section(storage, section_id)
    if isinstance(section, Problem):
        return section
    draft.section_id = section.id
    if draft.step == "preview":
        draft.step = "choose"
    await storage.drafts.save(draft)
    return None


async def take_headline(storage: Storage, draft: StoredDraft, text: str) -> Problem | None:
    """Replace the headline, or say what is wrong with it."""
    problem = articles.check_headline(text)
    if problem is None:
        draft.headline = articles.clean_headline(text)
        draft.step = "choose"
        await storage.drafts.save(draft)
    return problem


async def add_part(storage: Storage, draft: StoredDraft, part_html: str) -> Problem | None:
    """One more part of the new text (as in a new article's draft)."""
    return await drafts.add_part(storage, draft, part_html)


async def take_photo(storage: Storage, draft: StoredDraft, photo: Photo) -> None:
    """Replace the photo (a photo is taken at any step; a preview shown before is stale)."""
    draft.photo = photo
    if draft.step == "preview":
        draft.step = "choose"
    await storage.drafts.save(draft)


async def review(storage: Storage, draft: StoredDraft) -> Proposal | Problem:
    """Move the draft to its preview: the corrected article as readers will see it (with the
    "Updated" note if the headline or text changed); refused if nothing changed."""
    proposal = await _proposal(storage, draft)
    if isinstance(proposal, Problem):
        return proposal
    draft.step = "preview"
    await storage.drafts.save(draft)
    return proposal


async def publish(
    storage: Storage, draft: StoredDraft, editor_id: int, *, propagate: Propagate
) -> Corrected | Problem:
    """Apply the previewed correction and close the draft."""
    assert draft.corrects is not None and draft.headline is not None
    outcome = await apply(
        storage,
        draft.corrects,
        editor_id,
        headline=draft.headline,
        body_html=drafts.body_html(draft) if draft.parts else None,
        photo=draft.photo,
        section_id=draft.section_id,
        propagate=propagate,
    )
    if isinstance(outcome, Corrected):
        await storage.drafts.discard(draft.chat_id, draft.editor_id)
    return outcome


async def _proposal(storage: Storage, draft: StoredDraft) -> Proposal | Problem:
    assert draft.corrects is not None and draft.headline is not None
    article = await correctable(storage, draft.corrects)
    if isinstance(article, Problem):
        return article
    body = drafts.body_html(draft) if draft.parts else article.body_html
    problem = articles.check_body(body)
    if problem is not None:
        return problem
    changes = changes_between(article, draft.headline, body, draft.photo, draft.section_id)
    if not changes:
        return Problem("edit-unchanged", {"id": str(article.id)})
    text_changed = "headline" in changes or "body" in changes
    corrected = replace(
        article,
        headline=draft.headline,
        body_html=body,
        photo=draft.photo,
        updated_at=int(time.time()) if text_changed else article.updated_at,
        section=await _section(storage, draft.section_id, article.section),
    )
    return Proposal(corrected, changes)


async def _section(
    storage: Storage, section_id: int | None, current: Section | None
) -> Section | None:
    """The section a correction moves the article to (None: it stays in `current`)."""
    if section_id is None or (current is not None and current.id == section_id):
        return current
    return await storage.sections.get(section_id)
