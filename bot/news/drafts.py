"""An article being written step by step in the guided /post flow, kept in the database.

Every change is saved before the editor is answered, so a restart, a crash or a failed reply
between two parts loses nothing; the draft timeout counts from the last change.
"""

from __future__ import annotations

import time

from bot.news import articles, sections
from bot.news.articles import Problem, Published
from bot.telegram.html import is_blank, visible_text
from storage import Photo, Storage, StoredDraft

PART_SEPARATOR = "\n\n"


def body_html(draft: StoredDraft) -> str:
    """The body so far; parts sent as separate messages become paragraphs."""
    return PART_SEPARATOR.join(draft.parts)


async def start(
    storage: Storage,
    chat_id: int,
    editor_id: int,
    language: str,
    headline: str | None,
    photo: Photo | None = None,
    section_id: int | None = None,
) -> Problem | None:
    """Open a new draft (replacing any open one), with its headline, photo and section (`/post
    Headline #world`) if given."""
    draft = StoredDraft(
        chat_id, editor_id, "headline", language, photo=photo, section_id=section_id
    )
    problem = _set_headline(draft, headline) if headline else None
    await storage.drafts.save(draft)
    return problem


async def take_headline(storage: Storage, draft: StoredDraft, headline: str) -> Problem | None:
    """Give the draft its headline and move on to the text; or say what is wrong with it."""
    problem = _set_headline(draft, headline)
    if problem is None:
        await storage.drafts.save(draft)
    return problem


async def add_part(storage: Storage, draft: StoredDraft, part_html: str) -> Problem | None:
    """Append a part to the body unless it is blank or the body would grow past a limit a
    published body must keep (its length, its markup): refused now, not only at /done."""
    if is_blank(visible_text(part_html)):
        return Problem("post-expects-text")
    problem = articles.check_body(PART_SEPARATOR.join([*draft.parts, part_html]))
    if problem is not None:
        return problem
    draft.parts.append(part_html)
    draft.step = "body"
    await storage.drafts.save(draft)
    return None


async def attach_photo(storage: Storage, draft: StoredDraft, photo: Photo) -> bool:
    """Make `photo` the draft's lead photo; True if it replaced another one.

    A preview shown before no longer shows the draft, so its buttons stop working (as after
    more text): the editor sees the photo in the next /done before publishing it.
    """
    replaced = draft.photo is not None
    draft.photo = photo
    if draft.step == "preview":
        draft.step = "body"
    await storage.drafts.save(draft)
    return replaced


async def remove_photo(storage: Storage, draft: StoredDraft) -> bool:
    """Drop the draft's photo (the preview's "Remove photo"); False if it had none."""
    if draft.photo is None:
        return False
    draft.photo = None
    await storage.drafts.save(draft)
    return True


async def review(storage: Storage, draft: StoredDraft) -> Problem | None:
    """Move the draft to its preview, if it is complete enough to publish; the section the
    preview marks as chosen is stored with it (the first one unless another was chosen)."""
    problem = incomplete(draft)
    if problem is None:
        draft.step = "preview"
        draft.section_id = await sections.default_for(storage, draft.section_id)
        await storage.drafts.save(draft)
    return problem


async def publish(
    storage: Storage, draft: StoredDraft, *, origin: str, breaking: bool = False
) -> Published | Problem:
    """Publish the draft (once, whatever repeats the request), as breaking news if
    `breaking`, and close it. A draft taken from a feed entry (review mode's Edit) keeps the
    entry's page, and the entry names the article, so the site's later changes correct it."""
    if draft.corrects is not None:  # a correction (bot.news.corrections) is never a new article
        return Problem("post-draft-gone")
    problem = incomplete(draft)
    if problem is not None:
        return problem
    assert draft.headline is not None
    published = await articles.publish(
        storage,
        draft.headline,
        body_html(draft),
        draft.editor_id,
        origin=origin,
        photo=draft.photo,
        breaking=breaking,
        section_id=draft.section_id,
        canonical_url=draft.canonical_url,
        feed_entry_id=draft.feed_entry_id,
    )
    if isinstance(published, Published):
        await storage.drafts.discard(draft.chat_id, draft.editor_id)
    return published


async def discard(storage: Storage, chat_id: int, editor_id: int) -> bool:
    """Drop the editor's open draft; False if there was none."""
    return await storage.drafts.discard(chat_id, editor_id)


async def expire(storage: Storage, idle_seconds: float) -> list[StoredDraft]:
    """Drop the drafts untouched for `idle_seconds`; the ones dropped, to tell their editors."""
    stale = await storage.drafts.untouched_since(int(time.time() - idle_seconds))
    return [
        draft for draft in stale if await storage.drafts.discard(draft.chat_id, draft.editor_id)
    ]


def _set_headline(draft: StoredDraft, headline: str) -> Problem | None:
    problem = articles.check_headline(headline)
    if problem is None:
        draft.headline = articles.clean_headline(headline)
        draft.step = "body"
    return problem


def incomplete(draft: StoredDraft) -> Problem | None:
    """What keeps the draft from being published (no headline, or no or too much text)."""
    if draft.headline is None:
        return Problem("post-headline-empty")
    return articles.check_body(body_html(draft))
