"""The delivery engine: a long-lived pool that drains the outbox into Telegram.

The outbox holds delivery work of several kinds: alerts to send (planned by rounds) and updates
of messages already sent (planned by `propagation.propagate` when an article is corrected or
withdrawn: an edit, a swapped photo, a deletion or the withdrawal notice, decided by
`updates.plan_update` and carried out by `updater.MessageUpdater` when the work runs). One
feeder claims both from SQLite in batches; one bounded pool of workers paces them through the
same pacer (an edit takes a broadcast slot like a send; with paid broadcasts, a slot within
Telegram's free rate, and at most UNPAID_UPDATES_IN_FLIGHT workers hold updates) and the same
fault policy; one recorder writes outcomes back in batches. Breaking news is planned at once by
its own planner (`request_breaking`), claimed before due digest alerts, and jumps the queue of
alerts already claimed, so it leaves within a moment even during a round. Work stays
`claimed` in the database until its outcome is recorded, so after a crash only that work can
run a second time (an update renders the same content again and meets "message is not
modified", which counts as done).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.delivery.faults import Stopping, Transient
from bot.delivery.updater import MessageUpdater
from bot.delivery.updates import Renderer, alert_content, alert_headlines
from bot.limits import (
    BACKOFF_BASE,
    CLAIM_BATCH_MIN,
    CLAIM_BATCH_PER_WORKER,
    IDLE_POLL,
    MAX_ROUNDS_PER_ALERT,
    MIN_POLL,
    OUTBOX_RETENTION,
    PLAN_CHUNK,
    QUEUE_DEPTH_MIN,
    QUEUE_DEPTH_PER_WORKER,
    RECORD_BATCH,
    RECORD_INTERVAL,
    RENDER_CACHE_SIZE,
    STOP_GRACE_MAX,
    STOP_MARGIN,
    STOPPED_CHATS_KEPT,
    TRANSIENT_TRIES,
    UNPAID_UPDATES_IN_FLIGHT,
)
from bot.metrics import Metrics
from bot.news.rhythm import SYSTEM_CLOCK, Clock, moment_at
from bot.settings import Settings
from bot.supervision import Supervisor, TaskTrouble
from bot.telegram.flood_control import Pacer
from bot.telegram.photos import UrlPhotos
from bot.views.i18n import Translator
from storage import (
    Alert,
    Failed,
    Moment,
    NewMessage,
    Outcome,
    Photo,
    Retry,
    Sent,
    Storage,
    Work,
    WorkDone,
    WorkFailed,
    WorkOutcome,
    WorkRetry,
)

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# What Telegram answers a send into a forum topic that was deleted (TELEGRAM.md).
_TOPIC_GONE = "message thread not found"


class _ChatStopped(Exception):
    """The alert's chat was stopped (403, not found) while the alert waited for its turn."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Rendered:
    text: str
    keyboard: InlineKeyboardMarkup | None
    article_ids: tuple[int, ...]
    # An alert announcing one article with a photo is that photo, `text` its caption.
    photo: Photo | None = None


class DeliveryEngine:
    """Sends the outbox's due alerts through a bounded pool of workers.

    `bot` is the engine's own plain `telegram.Bot` with its own connection pool: broadcasts
    never hold the connections that replies to readers need, and skip the application bot's
    per-call layers (defaults, rate-limiter hook) since the engine paces itself.
    """

    def __init__(
        self,
        *,
        storage: Storage,
        bot: Bot,
        translator: Translator,
        settings: Settings,
        pacer: Pacer,
        clock: Clock = SYSTEM_CLOCK,
        metrics: Metrics | None = None,
    ) -> None:
        self._storage = storage
        # Chats' daily digests and quiet hours are judged by this clock's time of day.
        self._clock = clock
        self._bot = bot
        self._translator = translator
        self._settings = settings
        self._pacer = pacer
        # What the recorder counts for /metrics (the HTTP server renders it).
        self._metrics = metrics or Metrics()
        self._workers = settings.workers
        # Above Telegram's free rate, only paid broadcasts (0.1 Star each) get through; edits
        # and deletions cannot be paid for and keep to the free rate (the pacer sees to it).
        self._paid = pacer.paid
        # Then at most this many workers hold updates, so a correction going at the free rate
        # cannot take the workers a paid round needs.
        self._update_cap = min(UNPAID_UPDATES_IN_FLIGHT, max(1, self._workers // 2))
        self._updates_in_flight = 0
        # (priority, order, work): breaking alerts go before whatever was queued earlier.
        self._queue: asyncio.PriorityQueue[tuple[int, int, Alert | Work]] = asyncio.PriorityQueue(
            maxsize=max(self._workers * QUEUE_DEPTH_PER_WORKER, QUEUE_DEPTH_MIN)
        )
        self._queued = itertools.count()
        self._outcomes: list[Outcome | WorkOutcome] = []
        self._outcome_ready = asyncio.Event()
        self._wake = asyncio.Event()
        self._round_requested = asyncio.Event()
        self._breaking_requested = asyncio.Event()
        self._supervisor = Supervisor("delivery")
        # Alerts of one round mostly share a range of articles: render each range (with each
        # sections filter, migration 0016) once, and let workers that need it at the same
        # moment wait for that one rendering.
        self._rendered: dict[
            tuple[int, int, bool, str, bool, str | None], asyncio.Future[_Rendered | None]
        ] = {}
        self._renderer: Renderer | None = None
        self._updater: MessageUpdater | None = None
        # (round id, chat id) of chats stopped mid-round, with why: the round's other alerts to
        # them (a forum's other topics) fail unsent.
        self._stopped: dict[tuple[int, int], str] = {}
        # Feeds' lead photos go by URL until Telegram gives a file_id (issue 12).
        self._url_photos = UrlPhotos(storage)

    async def start(self) -> None:
        """Put alerts left in flight by a crash back in the queue, then start the pool."""
        await self._bot.initialize()
        self._renderer = renderer = Renderer(
            self._storage, self._translator, self._settings.zone, self._bot.username or ""
        )
        self._updater = MessageUpdater(
            self._bot,
            self._storage,
            renderer,
            self._paced,
            self._settings.push_interval,
            self._url_photos,
        )
        released = await self._storage.outbox.release_claims()
        if released:
            logger.warning("Re-queued %d alerts that were in flight when the bot stopped", released)
        updates = await self._storage.messages.release_claims()
        if updates:
            logger.warning("Re-queued %d message updates in flight when the bot stopped", updates)
        await self._storage.outbox.close_interrupted_planning()
        self._supervisor.start("planner", self._plan)
        # Breaking rounds a crash cut short (or never began) are planned on at once.
        self._breaking_requested.set()
        self._supervisor.start("breaking", self._plan_breaking)
        self._supervisor.start("feeder", self._feed)
        for number in range(self._workers):
            self._supervisor.start("worker", self._work, name=f"delivery-worker-{number}")
        self._supervisor.start("recorder", self._record)

    def request_round(self) -> None:
        """Plan a round soon; requests made while one is being planned merge into one more."""
        self._round_requested.set()

    def request_breaking(self) -> None:
        """A breaking article was published (its round is in the outbox): plan its alerts now,
        beside any digest round being planned."""
        self._breaking_requested.set()

    def wake(self) -> None:
        """New work is due (alerts, or updates `propagate` planned): look now rather than at
        the next poll."""
        self._wake.set()

    def troubles(self) -> list[TaskTrouble]:
        """The engine's tasks that died and were restarted since start (for /stats)."""
        return self._supervisor.troubles()

    def stalled_since(self) -> float | None:
        """Since when delivery has been stuck on a failure it keeps meeting (storage, say)."""
        return self._supervisor.stalled_since()

    async def stop(self) -> None:
        """Stop gracefully: claim nothing more, let the sends on their way be answered, record
        every outcome, and put the alerts that were not sent back in the queue.

        A send still unanswered after REQUEST_TIMEOUT plus a margin is cut short (its alert may
        then be sent again after the restart, as after a crash).
        """
        grace = min(self._settings.request_timeout + STOP_MARGIN, STOP_GRACE_MAX)
        cut_short = await self._supervisor.stop(grace=grace)
        if cut_short:
            logger.warning(
                "Stopped %d sends unanswered after %.0f s; their alerts may be sent twice",
                cut_short,
                grace,
            )
        try:
            await self._flush()
        except Exception:  # those alerts stay claimed, go back to due and out again at start
            logger.exception("Could not record %d outcomes on stop", len(self._outcomes))
        try:
            released = await self._storage.outbox.release_claims()
            released += await self._storage.messages.release_claims()
        except Exception:  # the next start re-queues them just the same
            logger.exception("Could not re-queue in-flight alerts on stop")
        else:
            if released:
                logger.info("Stopped; %d alerts claimed but not sent are due again", released)
        await self._bot.shutdown()

    async def _plan(self) -> None:
        if self._supervisor.is_failing("planner"):
            # Restarted after a failed round: try it again now rather than an interval later,
            # which also tells at once whether delivery is still stalled.
            self._round_requested.set()
        while True:
            await self._round_requested.wait()
            self._round_requested.clear()
            await self._plan_round()
            self._supervisor.progress("planner")

    async def _plan_breaking(self) -> None:
        if self._supervisor.is_failing("breaking"):
            self._breaking_requested.set()  # restarted after a failure: try again now
        while True:
            await self._breaking_requested.wait()
            self._breaking_requested.clear()
            for round_id, article_id in await self._storage.outbox.plan_breaking(
                PLAN_CHUNK, on_chunk=self.wake, moment=self._moment()
            ):
                logger.info("Breaking round %d planned for article %d", round_id, article_id)
            self._supervisor.progress("breaking")

    def _moment(self) -> Moment:
        """Now by the engine's clock, with its time of day in TIMEZONE."""
        return moment_at(self._clock(), self._settings.zone)

    async def _plan_round(self) -> None:
        planned = await self._storage.outbox.plan_round(
            PLAN_CHUNK, on_chunk=self.wake, moment=self._moment()
        )
        if planned is None:
            return
        logger.info("Round %d planned through article %d", *planned)
        pruned = await self._storage.outbox.prune(time.time() - OUTBOX_RETENTION.total_seconds())
        if pruned:
            logger.info("Pruned %d alerts of rounds older than %s", pruned, OUTBOX_RETENTION)
        # Sent messages are tracked for corrections as long as the alerts' history is kept.
        forgotten = await self._storage.messages.prune(
            time.time() - OUTBOX_RETENTION.total_seconds()
        )
        if forgotten:
            logger.info("Stopped tracking %d messages older than %s", forgotten, OUTBOX_RETENTION)

    async def _feed(self) -> None:
        batch = max(self._workers * CLAIM_BATCH_PER_WORKER, CLAIM_BATCH_MIN)
        while True:
            # Corrections and rounds share the batch, so neither waits for the other to finish.
            room = self._update_room(batch // 2)
            updates = await self._storage.messages.claim_work(room) if room else []
            self._updates_in_flight += len(updates)
            alerts = await self._storage.outbox.claim(batch - len(updates))
            self._supervisor.progress("feeder")
            if updates or alerts:
                for item in _interleaved(updates, alerts):
                    urgent = isinstance(item, Alert) and item.breaking
                    await self._queue.put((0 if urgent else 1, next(self._queued), item))
                continue
            # With no room for updates, a worker finishing one wakes the feeder.
            await self._sleep_until_due(updates_too=room > 0)

    def _update_room(self, wanted: int) -> int:
        """How many updates to claim: `wanted`, or in paid mode what the cap leaves."""
        if not self._paid:
            return wanted
        return max(0, min(wanted, self._update_cap - self._updates_in_flight))

    def _update_finished(self) -> None:
        self._updates_in_flight -= 1
        if self._paid and self._updates_in_flight <= self._update_cap // 2:
            self._wake.set()  # claim the next few in one go, not one by one

    async def _sleep_until_due(self, *, updates_too: bool = True) -> None:
        self._wake.clear()
        moments = [await self._storage.outbox.next_due_at()]
        if updates_too:
            moments.append(await self._storage.messages.next_due_at())
        due = [moment for moment in moments if moment is not None]
        next_due = min(due) if due else None
        timeout = IDLE_POLL if next_due is None else next_due - time.time()
        timeout = min(IDLE_POLL, max(MIN_POLL, timeout))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def _work(self) -> None:
        # Stopping cancels a worker waiting for work or a slot; one whose send is on its way
        # finishes that alert and ends here.
        while not self._supervisor.stopping:
            _, _, item = await self._queue.get()
            outcome: Outcome | WorkOutcome
            try:
                if isinstance(item, Work):
                    assert self._updater is not None, "start() first"
                    outcome = await self._updater.update(item)
                else:
                    outcome = await self._deliver(item)
            except Stopping:
                return  # the work stays claimed; stop() puts it back in the queue
            except Exception as error:  # a bug must not kill the worker or lose the work
                kind = "update" if isinstance(item, Work) else "alert"
                logger.exception("Delivering %s %d to chat %d failed", kind, item.id, item.chat_id)
                problem = f"internal error: {error!r}"
                if isinstance(item, Work):
                    assert self._updater is not None, "start() first"
                    outcome = self._updater.later(item, problem)
                else:
                    outcome = self._later(item, problem)
            finally:
                if isinstance(item, Work):
                    self._update_finished()
            self._outcomes.append(outcome)
            if len(self._outcomes) >= RECORD_BATCH:
                self._outcome_ready.set()

    async def _record(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._outcome_ready.wait(), RECORD_INTERVAL)
            self._outcome_ready.clear()
            await self._flush()
            self._supervisor.progress("recorder")

    async def _flush(self) -> None:
        """Record the outcomes gathered so far; on failure they are kept for the next try."""
        if not self._outcomes:
            return
        batch, self._outcomes = self._outcomes, []
        try:
            await self._storage.outbox.record(
                [o for o in batch if isinstance(o, Sent | Retry | Failed)]
            )
            await self._storage.messages.record_work(
                [o for o in batch if isinstance(o, WorkDone | WorkRetry | WorkFailed)]
            )
        except BaseException:
            self._outcomes[:0] = batch
            raise
        self._metrics.recorded(batch)

    async def _paced(
        self,
        chat_id: int,
        chat_kind: str,
        request: Callable[[], Awaitable[_T]],
        *,
        paid: bool = False,
    ) -> _T:
        """One request through the pacer (a broadcast slot; 429s waited out there), tried again
        after transient failures with backoff: the one fault policy of every kind of work.
        `paid`: a send with allow_paid_broadcast; edits and deletions never are.

        Raises what the caller decides on: RetryAfter (the pacer gave up), ChatMigrated,
        Forbidden, BadRequest, `Transient`, `Stopping`.
        """
        transient_failures = 0
        sent_at: float | None = None

        async def take_slot() -> None:
            nonlocal sent_at
            if self._supervisor.stopping:  # a try after a 429 or a migration: not any more
                raise Stopping
            sent_at = await self._pacer.wait_for_slot(chat_id, chat_kind, paid=paid)

        async def call() -> _T:
            # Not cut short by stop(): once the request is on its way Telegram may carry it
            # out, and only a recorded answer keeps the next start from doing it again.
            with self._supervisor.busy():
                answer = await request()
            assert sent_at is not None  # take_slot ran first
            self._pacer.answered(sent_at)
            return answer

        while True:
            try:
                return await self._pacer.call(call, before=take_slot, chat_id=chat_id)
            except BadRequest:
                raise
            except NetworkError as error:  # 5xx, timeouts, connection failures
                if self._supervisor.stopping:  # due again at once, for the next start
                    raise Transient(error.message, stopping=True) from error
                transient_failures += 1
                if transient_failures >= TRANSIENT_TRIES:
                    raise Transient(error.message, stopping=False) from error
                backoff = BACKOFF_BASE * 2 ** (transient_failures - 1)
                await asyncio.sleep(backoff * (1 + random.random() / 4))

    async def _deliver(self, alert: Alert) -> Outcome:
        rendered = await self._render(alert)
        if rendered is None:
            return Failed(alert.id, "no articles left to announce")
        chat_id = alert.chat_id
        while True:
            try:
                message = await self._paced(
                    chat_id,
                    alert.chat_kind,
                    functools.partial(self._send, chat_id, alert, rendered),
                    paid=self._paid,
                )
                return Sent(
                    alert.id,
                    chat_id,
                    message.message_id,
                    rendered.article_ids,
                    self._tracked(alert, chat_id, message, rendered),
                )
            except _ChatStopped as stopped:
                return Failed(alert.id, f"chat inactive: {stopped.reason}")
            except RetryAfter as error:  # the pacer waited out 429s until it gave up
                return self._later(alert, f"flood control: {error.message}")
            except ChatMigrated as error:
                logger.info("Chat %d moved to %d; following it", chat_id, error.new_chat_id)
                superseded = await self._storage.subscriptions.migrate(chat_id, error.new_chat_id)
                if alert.id in superseded:  # the new id was subscribed too and has this alert
                    return Failed(alert.id, f"migrated to {error.new_chat_id}, which has its own")
                chat_id = error.new_chat_id
            except Forbidden as error:
                # `chat_id`, not `alert.chat_id`: after a migration the chat gone is the new one.
                await self._stop_chat(alert, chat_id, error.message)
                return Failed(alert.id, error.message)
            except BadRequest as error:
                problem = error.message.lower()
                if "chat not found" in problem:
                    await self._stop_chat(alert, chat_id, error.message)
                elif alert.thread_id and _TOPIC_GONE in problem:
                    # A deleted topic: that topic alone stops; the chat and its other topics
                    # keep theirs.
                    await self._storage.subscriptions.deactivate(
                        chat_id, error.message, alert.thread_id
                    )
                return Failed(alert.id, error.message)
            except Transient as error:
                if error.stopping:
                    return Retry(alert.id, time.time(), error.message)
                return self._later(alert, error.message)

    async def _stop_chat(self, alert: Alert, chat_id: int, reason: str) -> None:
        """The chat can get nothing more: every subscription of it (each topic of a forum)
        stops, and the round's other alerts to it still in hand fail unsent (those waiting for
        the chat's pace: a group takes a few at once)."""
        await self._storage.subscriptions.deactivate(chat_id, reason)
        if len(self._stopped) >= STOPPED_CHATS_KEPT:
            self._stopped.clear()
        self._stopped[(alert.round_id, chat_id)] = reason

    @staticmethod
    def _tracked(alert: Alert, chat_id: int, message: Message, rendered: _Rendered) -> NewMessage:
        """The alert as it is tracked, so a correction of any of its headlines reaches it."""
        return NewMessage(
            chat_id,
            message.message_id,
            alert.chat_kind,
            "alert",
            rendered.article_ids,
            alert.language,
            # What was sent: a photo by URL that Telegram could not fetch went as text.
            is_photo=bool(message.photo),
            photo_unique_id=rendered.photo.unique_id if rendered.photo and message.photo else None,
            after_article_id=alert.after_article_id,
            through_article_id=alert.through_article_id,
            breaking=alert.breaking,
            sections=alert.sections,
        )

    async def _send(self, chat_id: int, alert: Alert, rendered: _Rendered) -> Message:
        """One alert, one request: a photo (by file_id, nothing uploaded) or a text message,
        into the alert's forum topic if it has one. `disable_notification` as the alert says
        (None leaves it out: Telegram's default)."""
        stopped = self._stopped.get((alert.round_id, chat_id))
        if stopped is not None:  # while this alert waited for its slot
            raise _ChatStopped(stopped)
        thread_id = alert.thread_id or None  # 0: the chat itself (General in a forum)
        photo = self._url_photos.resolve(rendered.photo)
        if photo is not None:
            try:
                message = await self._bot.send_photo(
                    chat_id,
                    photo.file_id,
                    caption=rendered.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=rendered.keyboard,
                    allow_paid_broadcast=self._paid,
                    disable_notification=alert.disable_notification,
                    message_thread_id=thread_id,
                )
            except BadRequest as error:  # a photo URL Telegram cannot fetch: the alert as text
                if not await self._url_photos.failed(rendered.article_ids[0], photo, error):
                    raise
            else:
                await self._url_photos.sent(rendered.article_ids[0], photo, message)
                return message
        return await self._bot.send_message(
            chat_id,
            rendered.text,
            parse_mode=ParseMode.HTML,
            reply_markup=rendered.keyboard,
            allow_paid_broadcast=self._paid,
            disable_notification=alert.disable_notification,
            message_thread_id=thread_id,
        )

    def _later(self, alert: Alert, error: str) -> Outcome:
        """Leave the alert for the next round, or give up after enough rounds."""
        if alert.attempts >= MAX_ROUNDS_PER_ALERT:
            return Failed(alert.id, f"gave up after {alert.attempts} rounds: {error}")
        return Retry(alert.id, time.time() + self._settings.push_interval, error)

    async def _render(self, alert: Alert) -> _Rendered | None:
        is_channel = alert.chat_kind == "channel"
        language = self._translator.resolve(alert.language, None)
        after, through, breaking = alert.after_article_id, alert.through_article_id, alert.breaking
        key = (after, through, is_channel, language, breaking, alert.sections)
        cached = self._rendered.get(key)
        if cached is None:
            if len(self._rendered) >= RENDER_CACHE_SIZE:
                self._rendered.clear()
            cached = asyncio.ensure_future(self._render_range(alert, is_channel, language))
            self._rendered[key] = cached
        try:
            return await asyncio.shield(cached)
        except Exception:
            self._rendered.pop(key, None)  # let the next alert try again
            raise

    async def _render_range(
        self, alert: Alert, is_channel: bool, language: str
    ) -> _Rendered | None:
        headlines, total = await alert_headlines(
            self._storage,
            alert.after_article_id,
            alert.through_article_id,
            breaking=alert.breaking,
            sections=alert.sections,
        )
        if not headlines:
            return None
        assert self._renderer is not None, "start() first"
        content = alert_content(
            self._renderer, headlines, total, is_channel, language, breaking=alert.breaking
        )
        return _Rendered(
            content.text,
            content.keyboard,
            tuple(headline.id for headline in headlines),
            content.new_photo,
        )


def _interleaved(updates: list[Work], alerts: list[Alert]) -> list[Alert | Work]:
    """Updates and alerts taken in turn, so a big correction and a round share the workers."""
    merged: list[Alert | Work] = []
    for pair in zip(updates, alerts, strict=False):
        merged.extend(pair)
    shorter = min(len(updates), len(alerts))
    merged.extend(updates[shorter:])
    merged.extend(alerts[shorter:])
    return merged
