"""The poller: every feed polled every FEED_INTERVAL, inside the bot's process and event loop.

One supervised loop (bot/supervision.py: logged, reported and restarted if it dies) takes the
feeds that are due, polls up to FEED_CONCURRENCY of them at once and sleeps until the next is
due or an editor adds one. A poll fetches conditionally (bot/feeds/fetch.py), parses in a thread
(feedparser on a large feed would hold the event loop), and hands the entries to the importer;
new articles are announced by asking the delivery engine for a round, corrections by waking it,
and entries for review go to every editor.

A feed that fails waits longer after each failure (FEED_INTERVAL doubled each time, at most
FEED_BACKOFF_MAX); /feeds shows the streak, and after FEED_REPORT_AFTER failures in a row it is
logged as an error once, which ERROR_CHAT_ID receives (bot/operator_reports.py), not every poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import httpx
from telegram import Bot

from bot.delivery import DeliveryEngine
from bot.delivery.propagation import propagate
from bot.feeds import importer, review
from bot.feeds.entries import NotAFeed, parse
from bot.feeds.fetch import FetchError, NotModified, client, fetch, is_web_url
from bot.limits import (
    FEED_BACKOFF_MAX,
    FEED_CONCURRENCY,
    FEED_IDLE_POLL,
    FEED_REPORT_AFTER,
    MIN_POLL,
)
from bot.metrics import Metrics
from bot.news import sections
from bot.settings import Settings
from bot.supervision import Supervisor
from bot.views.i18n import Translator
from storage import Feed, Storage

logger = logging.getLogger(__name__)

# Who added a feed seeded from the FEEDS setting (no editor did): its articles' author.
SEEDED_BY = 0


def backoff(interval: float, failures: int) -> float:
    """Seconds a feed waits after `failures` failures in a row (0: the plain interval)."""
    return float(min(interval * 2 ** min(failures, 20), max(FEED_BACKOFF_MAX, interval)))


class FeedPoller:
    """Polls the feeds for one running bot; `start` and `stop` follow the application's."""

    def __init__(
        self,
        *,
        storage: Storage,
        settings: Settings,
        bot: Bot,
        translator: Translator,
        delivery: DeliveryEngine,
        metrics: Metrics | None = None,
    ) -> None:
        self._storage = storage
        self._metrics = metrics
        self._settings = settings
        self._bot = bot
        self._translator = translator
        self._delivery = delivery
        self._supervisor = Supervisor("feeds")
        self._wake = asyncio.Event()
        self._http: httpx.AsyncClient | None = None

    async def start(self) -> None:
        """Add the FEEDS setting's feeds not added yet, then start polling."""
        self._http = client()
        await seed(self._storage, self._settings.feeds)
        self._supervisor.start("poller", self._run)

    async def stop(self) -> None:
        """Stop polling (a poll under way is cut short: it is redone at the next start)."""
        await self._supervisor.stop()
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def poke(self) -> None:
        """A feed was added or resumed: look for due feeds now."""
        self._wake.set()

    def stalled_since(self) -> float | None:
        """Since when the poller has kept dying without getting a poll done (for health)."""
        return self._supervisor.stalled_since()

    async def _run(self) -> None:
        while not self._supervisor.stopping:
            self._wake.clear()
            due = await self._storage.feeds.due(time.time(), FEED_CONCURRENCY)
            if due:
                # Every poll ends before the loop goes on (or dies on a failure of ours): a feed
                # is never polled twice at once.
                outcomes = await asyncio.gather(
                    *(self._poll_guarded(feed) for feed in due), return_exceptions=True
                )
                for outcome in outcomes:
                    if isinstance(outcome, BaseException):
                        raise outcome
                self._supervisor.progress("poller")
                continue
            await self._sleep()

    async def _sleep(self) -> None:
        """Until the next feed is due (or FEED_IDLE_POLL), or until poked."""
        next_at = await self._storage.feeds.next_due_at()
        wait = FEED_IDLE_POLL if next_at is None else next_at - time.time()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), max(MIN_POLL, min(wait, FEED_IDLE_POLL)))

    async def _poll_guarded(self, feed: Feed) -> None:
        """Poll the feed; a failure of ours (not the feed's) still backs the feed off before it
        goes to the supervisor, so one entry we cannot handle does not stop the other feeds."""
        try:
            await self.poll(feed)
        except Exception as error:
            await self._failed(feed, f"{type(error).__name__}: {error}")
            raise

    async def poll(self, feed: Feed) -> None:
        """Poll one feed now: fetch, parse, import, announce."""
        assert self._http is not None, "start() first"
        interval = self._settings.feed_interval
        try:
            answer = await fetch(
                self._http, feed.url, etag=feed.etag, last_modified=feed.last_modified
            )
            if isinstance(answer, NotModified):
                await self._storage.feeds.succeeded(feed.id, time.time() + interval, changed=False)
                self._counted(None, modified=False)
                self._recovered(feed)
                return
            parsed = await asyncio.to_thread(parse, answer.content, answer.content_type, feed.url)
        except (FetchError, NotAFeed) as error:
            await self._failed(feed, str(error) or type(error).__name__)
            return
        done = await importer.take(self._storage, feed, parsed, propagate=propagate)
        await self._storage.feeds.succeeded(
            feed.id,
            time.time() + interval,
            etag=answer.etag,
            last_modified=answer.last_modified,
        )
        self._counted(None)
        self._recovered(feed)
        if done.announced:
            self._delivery.request_round()
        if done.corrected:
            self._delivery.wake()
        if done.reviews:
            await review.ask_editors(
                self._bot, self._storage, self._translator, self._settings, done.reviews
            )
        if done.announced or done.quiet or done.reviews or done.corrected:
            logger.info(
                "Feed %d: %d new, %d imported quietly, %d for review, %d corrected",
                feed.id,
                len(done.announced),
                len(done.quiet),
                len(done.reviews),
                done.corrected,
            )

    def _counted(self, error: str | None, *, modified: bool = True) -> None:
        """One poll for /metrics (issue 12: feed polls and errors)."""
        if self._metrics is not None:
            self._metrics.feed_polled(error, modified=modified)

    async def _failed(self, feed: Feed, error: str) -> None:
        """One more failure: back off, and report the streak once it is long enough."""
        self._counted(error)
        failures = feed.failures + 1
        delay = backoff(self._settings.feed_interval, failures)
        updated = await self._storage.feeds.failed(feed.id, error, time.time() + delay)
        logger.warning(
            "Feed %d (%s) failed %d times in a row: %s", feed.id, feed.url, failures, error
        )
        if (
            updated is not None
            and updated.failures >= FEED_REPORT_AFTER
            and not updated.error_reported
        ):
            await self._storage.feeds.mark_reported(feed.id)
            logger.error(
                "Feed %d (%s) has failed %d polls in a row, last: %s (next try in %.0f s)",
                feed.id,
                feed.url,
                updated.failures,
                error,
                delay,
            )

    @staticmethod
    def _recovered(feed: Feed) -> None:
        if feed.error_reported:
            logger.warning("Feed %d (%s) works again", feed.id, feed.url)


async def seed(storage: Storage, feeds: tuple[tuple[str, str | None], ...]) -> int:
    """Add the FEEDS setting's feeds never added before (a section by its name, in either
    language; an unknown one is logged and the feed goes to the first section); how many. A
    feed an editor removed is not added again: their /removefeed outlives restarts."""
    added = 0
    live = await storage.sections.live() if feeds else []
    for url, section_name in feeds:
        if not is_web_url(url):
            continue
        section = sections.find(live, section_name) if section_name else None
        if section_name and section is None:
            logger.warning("FEEDS: no section %r for %s; using the first one", section_name, url)
        if (
            await storage.feeds.seed(url, SEEDED_BY, section_id=section.id if section else None)
            is not None
        ):
            added += 1
            logger.info("FEEDS: added %s", url)
    return added
