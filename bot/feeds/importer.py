"""What a poll's entries become: articles, previews for review, corrections, or nothing.

- An entry never seen becomes an article (mode `publish`, announced in the next round) or a
  preview the editors decide on (mode `review`).
- The first poll of a feed announces only entries published after the feed was added; of the
  older ones the newest FEED_FIRST_IMPORT go into the archive quietly (publish mode), and the
  rest are remembered as seen: adding a feed never floods subscribers.
- An entry seen before whose content changed (its text, headline, photo or link) corrects its
  article through the correction machinery (`bot/news/corrections.py`), which re-renders every
  copy already sent; a preview still waiting shows the new content when it is decided.
- An entry that disappears from the feed is left alone.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from bot.feeds.entries import ParsedFeed, Refused
from bot.limits import FEED_FIRST_IMPORT
from bot.news import corrections
from bot.news.corrections import Corrected, Propagate
from storage import Feed, FeedItem, Storage, StoredEntry

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Imported:
    """What one poll did: articles to announce, quiet ones, previews to send (entry ids),
    corrections made, entries refused."""

    announced: list[int] = field(default_factory=list)
    quiet: list[int] = field(default_factory=list)
    reviews: list[int] = field(default_factory=list)
    corrected: int = 0
    refused: int = 0


def origin(feed_id: int, key: str) -> str:
    """The article's origin: the feed and entry it came from (unique, like a message's)."""
    return f"feed:{feed_id}:{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:24]}"


async def take(
    storage: Storage, feed: Feed, parsed: ParsedFeed, *, propagate: Propagate
) -> Imported:
    """Turn the entries of one poll of `feed` into articles, previews and corrections."""
    done = Imported()
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        if isinstance(entry, Refused):
            done.refused += 1
            logger.info(
                "Feed %d: entry %s refused (%s)", feed.id, entry.key[:100], entry.problem.key
            )
        else:
            items.setdefault(entry.key, entry)
    known = await storage.feeds.entries(feed.id, list(items))
    for key, stored in known.items():
        if stored.fingerprint != items[key].fingerprint:
            done.corrected += await _changed(storage, feed, stored, items[key], propagate)
    # Oldest first, so articles' ids grow in publication order (feeds list the newest first).
    new = sorted(
        (item for key, item in items.items() if key not in known),
        key=lambda item: item.published_at or 0,
    )
    if feed.primed_at is None:
        new = await _first_poll(storage, feed, new, done)
    for item in new:
        await _new_entry(storage, feed, item, done)
    return done


async def _first_poll(
    storage: Storage, feed: Feed, new: list[FeedItem], done: Imported
) -> list[FeedItem]:
    """Import the newest few entries older than the feed quietly (publish mode) and remember
    the rest as seen; the entries published after the feed was added, which are news."""
    fresh = [item for item in new if item.published_at and item.published_at > feed.added_at]
    older = [item for item in new if item not in fresh]
    quiet = older[-FEED_FIRST_IMPORT:] if feed.mode == "publish" else []
    for item in quiet:
        article = await storage.feeds.record_article(
            feed, item, author_id=feed.added_by, state="imported", origin=origin(feed.id, item.key)
        )
        if article is not None:
            done.quiet.append(article.id)
    await storage.feeds.remember(feed.id, older[: len(older) - len(quiet)], "seen")
    return fresh


async def _new_entry(storage: Storage, feed: Feed, item: FeedItem, done: Imported) -> None:
    if feed.mode == "review":
        if await storage.feeds.remember(feed.id, [item], "review"):
            entry_id = await storage.feeds.entry_id(feed.id, item.key)
            assert entry_id is not None
            done.reviews.append(entry_id)
        return
    article = await storage.feeds.record_article(
        feed, item, author_id=feed.added_by, state="published", origin=origin(feed.id, item.key)
    )
    if article is not None:
        done.announced.append(article.id)


async def _changed(
    storage: Storage, feed: Feed, stored: StoredEntry, item: FeedItem, propagate: Propagate
) -> int:
    """An entry seen before reads differently now: correct its article (1 if that changed a
    published article), or keep the new content for a preview still waiting."""
    corrected = 0
    # 'edited': an editor's draft of the entry was published as its article (review mode).
    if stored.article_id is not None and stored.state in ("published", "imported", "edited"):
        outcome = await corrections.apply(
            storage,
            stored.article_id,
            feed.added_by,
            headline=item.headline,
            body_html=item.body_html,
            propagate=propagate,
        )
        if isinstance(outcome, Corrected):
            corrected = 1
            logger.info("Feed %d: entry of article %d changed", feed.id, stored.article_id)
        await storage.feeds.set_canonical_url(stored.article_id, item.link)
    await storage.feeds.changed(stored.id, item)
    return corrected
