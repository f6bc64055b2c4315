"""What editors do to feeds: /addfeed <url> [#section] [review], /removefeed, /pausefeed."""

from __future__ import annotations

from bot.feeds.fetch import is_web_url
from bot.limits import FEED_URL_MAX_LENGTH
from bot.news import sections
from bot.news.arguments import parse_id
from bot.news.articles import Problem
from storage import Feed, FeedMode, Storage

_REVIEW = "review"


async def add(storage: Storage, arguments: list[str], editor_id: int) -> Feed | Problem:
    """Add the feed `/addfeed <url> [#section] [review]` names (the words in any order after
    the URL); due at once."""
    if not arguments:
        return Problem("addfeed-usage")
    url, *rest = arguments
    if len(url) > FEED_URL_MAX_LENGTH or not is_web_url(url):
        return Problem("addfeed-bad-url", {"value": url[:100]})
    mode: FeedMode = "publish"
    section_id: int | None = None
    for word in rest:
        if word.casefold() == _REVIEW:
            mode = "review"
            continue
        live = await storage.sections.live()
        section = sections.find(live, word)
        if section is None:
            return Problem(
                "feed-unknown-section",
                {"value": word[:64], "sections": " ".join(sections.tag(s.name_en) for s in live)},
            )
        section_id = section.id
    feed = await storage.feeds.add(url, editor_id, section_id=section_id, mode=mode)
    return feed if feed is not None else Problem("addfeed-exists")


def feed_id(arguments: list[str], command: str) -> int | Problem:
    """The feed number a command names (`/removefeed 3`), or what is wrong with it."""
    if len(arguments) != 1 or parse_id(arguments[0].removeprefix("#")) is None:
        return Problem("feed-id-usage", {"value": command})
    found = parse_id(arguments[0].removeprefix("#"))
    assert found is not None
    return found


async def remove(storage: Storage, feed: int) -> Problem | None:
    """Stop polling the feed for good (its articles stay)."""
    if not await storage.feeds.remove(feed):
        return Problem("feed-not-found", {"id": str(feed)})
    return None


async def toggle_pause(storage: Storage, feed: int) -> bool | Problem:
    """Pause a feed, or resume a paused one: whether it is paused now."""
    found = await storage.feeds.get(feed)
    if found is None:
        return Problem("feed-not-found", {"id": str(feed)})
    await storage.feeds.set_paused(feed, not found.paused)
    return not found.paused


async def set_paused(storage: Storage, feed: int, paused: bool) -> Problem | None:
    """Pause or resume the feed (its buttons in /feeds)."""
    if not await storage.feeds.set_paused(feed, paused):
        return Problem("feed-not-found", {"id": str(feed)})
    return None
