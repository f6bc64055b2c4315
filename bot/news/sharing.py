"""Inline sharing (issue 13): the articles `@bot words` lists, a page at a time, and a chosen
result counted as a delivery.

The words go through the one search (`bot/news/search.py`), as /search's do; no words list the
newest articles, as /latest does. Withdrawn articles are in neither (scheduled ones are not
articles until their time).

A chosen result is a delivery of kind 'inline' (migration 0024): its headline and lead reached
a chat. The bot is never told which chat, so the delivery's chat is the sharer's private chat
with the bot (the user id). Telegram reports a choice only with inline feedback on (@BotFather,
/setinlinefeedback); with it off, nothing is counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.limits import INLINE_LEAD_CHARS, INLINE_RESULTS
from bot.news import search
from storage import Preview, Storage

# One character more than a lead shows, so that cutting it knows there was more (and says so
# with "…").
_LEAD_FETCH = INLINE_LEAD_CHARS + 1


@dataclass(frozen=True, slots=True)
class InlinePage:
    """A page of results and what the next page's offset carries (None: this is the last)."""

    previews: list[Preview]
    next_offset: int | None


async def inline_page(storage: Storage, text: str, offset: int) -> InlinePage:
    """Up to INLINE_RESULTS articles for what a reader typed after the bot's name: the best
    matches (`offset`: the page, from 0), or with no words at all the newest (`offset`: the id
    the page starts before; 0, the newest). Text with nothing to search for finds nothing."""
    if not text.strip():
        return await _newest(storage, offset)
    query = search.parse(text)
    if not isinstance(query, search.Query):
        return InlinePage([], None)
    results = await search.search(storage, query, offset, per_page=INLINE_RESULTS)
    ids = [found.headline.id for found in results.found]
    following = results.page + 1 if results.page + 1 < results.pages else None
    return InlinePage(await storage.articles.previews(ids, _LEAD_FETCH), following)


async def _newest(storage: Storage, before_id: int) -> InlinePage:
    """The newest articles published before `before_id` (0: the newest of all), as /latest
    pages them: by the last id shown, so a page costs the same however far back it is."""
    headlines = await storage.articles.latest(INLINE_RESULTS + 1, before_id or None)
    shown = headlines[:INLINE_RESULTS]
    following = shown[-1].id if len(headlines) > len(shown) else None
    previews = await storage.articles.previews([h.id for h in shown], _LEAD_FETCH)
    return InlinePage(previews, following)


def choice_key(result_id: str, user_id: int, query: str, inline_message_id: str | None) -> str:
    """What makes a chosen result count once: the message it posted (`inline_message_id`,
    sent whenever the result has a keyboard, as ours do), else the result, user and query."""
    if inline_message_id:
        return f"m:{inline_message_id}"
    return f"r:{result_id}:{user_id}:{query}"


async def count_choice(storage: Storage, article_id: int, user_id: int, key: str) -> bool:
    """Count a chosen result as one delivery of the article (one more view) to the sharer's
    private chat; False if it was counted already (the same `key`) or the article is gone."""
    return await storage.articles.record_inline(article_id, user_id, key)
