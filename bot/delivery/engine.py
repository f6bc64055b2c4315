"""The delivery engine: a long-lived pool that drains the outbox into Telegram.

A feeder claims due alerts from SQLite in batches; a bounded pool of workers paces and sends
them; a recorder writes outcomes back in batches. An alert stays `claimed` in the database until
its outcome is recorded, so after a crash only those alerts can be sent a second time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import FloodLimit, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.limits import (
    ALERT_HEADLINES,
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
    TRANSIENT_TRIES,
)
from bot.settings import Settings
from bot.supervision import Supervisor, TaskTrouble
from bot.telegram.flood_control import Pacer
from bot.views.alerts import alert_keyboard, alert_message, alert_photo
from bot.views.i18n import Translator
from storage import Alert, Failed, Outcome, Photo, Retry, Sent, Storage

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Rendered:
    text: str
    keyboard: InlineKeyboardMarkup
    article_ids: tuple[int, ...]
    # An alert announcing one article with a photo is that photo, `text` its caption.
    photo: Photo | None = None


class _Stopping(Exception):
    """The engine is stopping: the alert in hand is not sent (any more); `stop` gives it back."""


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
    ) -> None:
        self._storage = storage
        self._bot = bot
        self._translator = translator
        self._settings = settings
        self._pacer = pacer
        self._workers = settings.workers
        # Above Telegram's free broadcast rate, only paid broadcasts (0.1 Star each) get through.
        self._paid = settings.rate_limit > FloodLimit.MESSAGES_PER_SECOND
        self._queue: asyncio.Queue[Alert] = asyncio.Queue(
            maxsize=max(self._workers * QUEUE_DEPTH_PER_WORKER, QUEUE_DEPTH_MIN)
        )
        self._outcomes: list[Outcome] = []
        self._outcome_ready = asyncio.Event()
        self._wake = asyncio.Event()
        self._round_requested = asyncio.Event()
        self._supervisor = Supervisor("delivery")
        # Alerts of one round mostly share a range of articles: render each range once, and let
        # workers that need it at the same moment wait for that one rendering.
        self._rendered: dict[tuple[int, int, bool, str], asyncio.Future[_Rendered | None]] = {}

    async def start(self) -> None:
        """Put alerts left in flight by a crash back in the queue, then start the pool."""
        await self._bot.initialize()
        released = await self._storage.outbox.release_claims()
        if released:
            logger.warning("Re-queued %d alerts that were in flight when the bot stopped", released)
        await self._storage.outbox.close_interrupted_planning()
        self._supervisor.start("planner", self._plan)
        self._supervisor.start("feeder", self._feed)
        for number in range(self._workers):
            self._supervisor.start("worker", self._work, name=f"delivery-worker-{number}")
        self._supervisor.start("recorder", self._record)

    def request_round(self) -> None:
        """Plan a round soon; requests made while one is being planned merge into one more."""
        self._round_requested.set()

    def wake(self) -> None:
        """New alerts are due: look now rather than at the next poll."""
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

    async def _plan_round(self) -> None:
        planned = await self._storage.outbox.plan_round(PLAN_CHUNK, on_chunk=self.wake)
        if planned is None:
            return
        logger.info("Round %d planned through article %d", *planned)
        pruned = await self._storage.outbox.prune(time.time() - OUTBOX_RETENTION.total_seconds())
        if pruned:
            logger.info("Pruned %d alerts of rounds older than %s", pruned, OUTBOX_RETENTION)

    async def _feed(self) -> None:
        batch = max(self._workers * CLAIM_BATCH_PER_WORKER, CLAIM_BATCH_MIN)
        while True:
            alerts = await self._storage.outbox.claim(batch)
            self._supervisor.progress("feeder")
            if alerts:
                for alert in alerts:
                    await self._queue.put(alert)
                continue
            await self._sleep_until_due()

    async def _sleep_until_due(self) -> None:
        self._wake.clear()
        next_due = await self._storage.outbox.next_due_at()
        timeout = IDLE_POLL if next_due is None else next_due - time.time()
        timeout = min(IDLE_POLL, max(MIN_POLL, timeout))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def _work(self) -> None:
        # Stopping cancels a worker waiting for work or a slot; one whose send is on its way
        # finishes that alert and ends here.
        while not self._supervisor.stopping:
            alert = await self._queue.get()
            try:
                outcome = await self._deliver(alert)
            except _Stopping:
                return  # the alert stays claimed; stop() puts it back in the queue
            except Exception as error:  # a bug must not kill the worker or lose the alert
                logger.exception("Delivering alert %d to chat %d failed", alert.id, alert.chat_id)
                outcome = self._later(alert, f"internal error: {error!r}")
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
            await self._storage.outbox.record(batch)
        except BaseException:
            self._outcomes[:0] = batch
            raise

    async def _deliver(self, alert: Alert) -> Outcome:
        rendered = await self._render(alert)
        if rendered is None:
            return Failed(alert.id, "no articles left to announce")
        chat_id = alert.chat_id
        transient_failures = 0

        async def take_slot() -> None:
            if self._supervisor.stopping:  # a try after a 429 or a migration: not any more
                raise _Stopping
            await self._pacer.wait_for_slot(chat_id, alert.chat_kind)

        async def send() -> Sent:
            # Not cut short by stop(): once the request is on its way Telegram may deliver it,
            # and only a recorded answer keeps the next start from sending it again.
            with self._supervisor.busy():
                message = await self._send(chat_id, rendered)
            return Sent(alert.id, chat_id, message.message_id, rendered.article_ids)

        while True:
            try:
                return await self._pacer.call(send, before=take_slot, chat_id=chat_id)
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
                await self._storage.subscriptions.deactivate(chat_id, error.message)
                return Failed(alert.id, error.message)
            except BadRequest as error:
                if "chat not found" in error.message.lower():
                    await self._storage.subscriptions.deactivate(chat_id, error.message)
                return Failed(alert.id, error.message)
            except NetworkError as error:  # 5xx, timeouts, connection failures
                if self._supervisor.stopping:  # due again at once, for the next start
                    return Retry(alert.id, time.time(), error.message)
                transient_failures += 1
                if transient_failures >= TRANSIENT_TRIES:
                    return self._later(alert, error.message)
                backoff = BACKOFF_BASE * 2 ** (transient_failures - 1)
                await asyncio.sleep(backoff * (1 + random.random() / 4))

    async def _send(self, chat_id: int, rendered: _Rendered) -> Message:
        """One alert, one request: a photo (by file_id, nothing uploaded) or a text message."""
        if rendered.photo is not None:
            return await self._bot.send_photo(
                chat_id,
                rendered.photo.file_id,
                caption=rendered.text,
                parse_mode=ParseMode.HTML,
                reply_markup=rendered.keyboard,
                allow_paid_broadcast=self._paid,
            )
        return await self._bot.send_message(
            chat_id,
            rendered.text,
            parse_mode=ParseMode.HTML,
            reply_markup=rendered.keyboard,
            allow_paid_broadcast=self._paid,
        )

    def _later(self, alert: Alert, error: str) -> Outcome:
        """Leave the alert for the next round, or give up after enough rounds."""
        if alert.attempts >= MAX_ROUNDS_PER_ALERT:
            return Failed(alert.id, f"gave up after {alert.attempts} rounds: {error}")
        return Retry(alert.id, time.time() + self._settings.push_interval, error)

    async def _render(self, alert: Alert) -> _Rendered | None:
        is_channel = alert.chat_kind == "channel"
        language = self._translator.resolve(alert.language, None)
        key = (alert.after_article_id, alert.through_article_id, is_channel, language)
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
        headlines, total = await self._storage.articles.between(
            alert.after_article_id, alert.through_article_id, ALERT_HEADLINES
        )
        if not headlines:
            return None
        text = alert_message(
            headlines,
            total=total,
            is_channel=is_channel,
            translator=self._translator,
            language=language,
            zone=self._settings.zone,
        )
        return _Rendered(
            text,
            alert_keyboard(headlines, is_channel=is_channel, bot_username=self._bot.username or ""),
            tuple(headline.id for headline in headlines),
            alert_photo(headlines, total=total, text=text),
        )
