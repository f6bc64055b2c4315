"""Review mode: each new entry of a `review` feed goes to every editor as a preview, and the
first editor's Publish, Edit or Skip decides it.

Publish makes the entry an article (announced in the next round) exactly as publish mode would;
Edit takes it into a draft of the editor's (the guided /post flow goes on from there: more text,
a photo, /done); Skip leaves it unpublished for good. An entry is decided once: a second editor's
press, or a second press, is told it was decided already.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.feeds.importer import origin
from bot.news.articles import Problem
from bot.settings import Settings
from bot.views.feeds import review_keyboard, review_text
from bot.views.i18n import Translator
from storage import Article, Review, Storage, StoredDraft

logger = logging.getLogger(__name__)


async def ask_editors(
    bot: Bot,
    storage: Storage,
    translator: Translator,
    settings: Settings,
    entry_ids: Iterable[int],
) -> None:
    """Every editor, in their chosen language, gets each entry's preview with its buttons.

    An editor who never started the bot cannot be written to: the others still are.
    """
    for entry_id in entry_ids:
        review = await storage.feeds.review(entry_id)
        if review is None:
            continue
        for editor in sorted(settings.admin_ids):
            language = translator.resolve(await storage.chats.language(editor), None)
            text = review_text(review, translator=translator, language=language)
            keyboard = review_keyboard(translator, language, entry_id)
            try:
                await bot.send_message(editor, text, reply_markup=keyboard)
            except (BadRequest, Forbidden, NetworkError) as error:
                # Retried already (bot/telegram/retries.py): the other editors are still asked,
                # and the poll that found the entry is not failed for it.
                logger.warning(
                    "Could not show editor %s feed entry %s: %s", editor, entry_id, error
                )


async def _waiting(storage: Storage, entry_id: int) -> Review | Problem:
    review = await storage.feeds.review(entry_id)
    if review is None:
        return Problem("feed-review-gone")
    if review.state != "review":
        return Problem("feed-review-decided")
    return review


async def publish(storage: Storage, entry_id: int, editor_id: int) -> Article | Problem:
    """Publish the entry as its article (the caller asks delivery for a round)."""
    review = await _waiting(storage, entry_id)
    if isinstance(review, Problem):
        return review
    article = await storage.feeds.record_article(
        review.feed,
        review.item,
        author_id=editor_id,
        state="published",
        origin=origin(review.feed.id, review.item.key),
        decided_by=editor_id,
    )
    return article if article is not None else Problem("feed-review-decided")


async def skip(storage: Storage, entry_id: int, editor_id: int) -> Problem | None:
    """Leave the entry unpublished for good."""
    review = await _waiting(storage, entry_id)
    if isinstance(review, Problem):
        return review
    if not await storage.feeds.decide(entry_id, "skipped", editor_id):
        return Problem("feed-review-decided")
    return None


async def edit(
    storage: Storage, entry_id: int, editor_id: int, chat_id: int, language: str
) -> Problem | None:
    """Take the entry into a draft of the editor's in this chat (replacing one open there, as
    /post does), its text as the draft's text so far, in its feed's section, with its page and
    the entry itself kept for the article it becomes."""
    review = await _waiting(storage, entry_id)
    if isinstance(review, Problem):
        return review
    if not await storage.feeds.decide(entry_id, "edited", editor_id):
        return Problem("feed-review-decided")
    draft = StoredDraft(
        chat_id,
        editor_id,
        "body",
        language,
        review.item.headline,
        [review.item.body_html],
        section_id=review.feed.section_id,
        canonical_url=review.item.link,
        feed_entry_id=entry_id,
    )
    await storage.drafts.save(draft)
    return None
