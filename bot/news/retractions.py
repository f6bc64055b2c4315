"""Withdrawing an article (/retract) and publishing it again (/restore).

A withdrawn article is kept, with its views, history and delivery records: readers' lists and
alerts leave it out, /read says when it was withdrawn, and `propagate` (passed in by the caller,
as for corrections) queues the deletion or replacement of every copy already sent. Restoring
republishes the text: it is listed and readable again, and copies are brought back where they can
be, but no alert is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.news.articles import Problem
from bot.news.corrections import Propagate
from storage import Article, Storage


@dataclass(frozen=True, slots=True)
class Changed:
    """The article as it now stands, and how many sent messages are being updated."""

    article: Article
    updating: int


async def retractable(storage: Storage, article_id: int) -> Article | Problem:
    """The article, if it exists and is still published."""
    article = await storage.articles.get(article_id)
    if article is None:
        return Problem("article-not-found", {"id": str(article_id)})
    if article.retracted_at is not None:
        return Problem("retract-already", {"id": str(article_id)})
    return article


async def retract(
    storage: Storage, article_id: int, editor_id: int, *, propagate: Propagate
) -> Changed | Problem:
    """Withdraw the article, then have every copy sent deleted or replaced by the notice."""
    problem = await retractable(storage, article_id)
    if isinstance(problem, Problem):
        return problem
    article = await storage.articles.retract(article_id, editor_id)
    assert article is not None  # articles are never deleted
    return Changed(article, await propagate(storage, article_id))


async def restore(
    storage: Storage, article_id: int, editor_id: int, *, propagate: Propagate
) -> Changed | Problem:
    """Publish a withdrawn article again (no alert is resent), recording who did it."""
    article = await storage.articles.get(article_id)
    if article is None:
        return Problem("article-not-found", {"id": str(article_id)})
    if article.retracted_at is None:
        return Problem("restore-not-withdrawn", {"id": str(article_id)})
    restored = await storage.articles.restore(article_id, editor_id)
    assert restored is not None
    return Changed(restored, await propagate(storage, article_id))
