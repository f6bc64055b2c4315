"""What the bot counts for `GET /metrics` (issue 12): one `Metrics` object per application.

It is built with the application and passed to what counts (the delivery engine's recorder,
the update processor, the rate limiter that every reply goes through, the feed pollers), so none
of them imports the HTTP package; the HTTP server only renders its registry. Each application
has its own registry, not prometheus-client's global one: tests build many applications in one
process, and a second registration of the same name in one registry is an error.

Failure reasons are labels, so they are folded into a few kinds (`reason_of`): Telegram's
messages carry chat ids and offsets, and a label per message would grow without bound.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

from bot.limits import REPLY_LATENCY_BUCKETS
from storage import Failed, Retry, Sent, WorkDone, WorkFailed, WorkOutcome, WorkRetry
from storage import Outcome as AlertOutcome

# Telegram's (or our own) words in a failure, and the reason label they fold into; first match.
_REASONS: Final = (
    ("retry after", "flood"),
    ("flood", "flood"),
    ("too many requests", "flood"),
    ("blocked", "forbidden"),
    ("deactivated", "forbidden"),
    ("kicked", "forbidden"),
    ("forbidden", "forbidden"),
    ("not a member", "forbidden"),
    ("chat not found", "chat_not_found"),
    ("chat inactive", "chat_inactive"),
    ("migrated", "migrated"),
    ("thread not found", "topic_gone"),
    ("message to edit not found", "message_gone"),
    ("message to delete not found", "message_gone"),
    ("can't be edited", "message_gone"),
    ("can't be deleted", "message_gone"),
    ("no articles left", "nothing_to_send"),
    ("gave up", "gave_up"),
    ("internal error", "internal"),
    ("timed out", "network"),
    ("timeout", "network"),
    ("connect", "network"),
    ("network", "network"),
    ("bad gateway", "network"),
    ("internal server error", "network"),
)

CONTENT_TYPE: Final = "text/plain; version=0.0.4; charset=utf-8"
"""The Prometheus text format's media type, as `generate_latest` writes it."""


def reason_of(error: str) -> str:
    """The reason label of a failure's message: one of a few kinds, `other` for the rest."""
    lowered = error.lower()
    for words, reason in _REASONS:
        if words in lowered:
            return reason
    return "other"


class Metrics:
    """Counters of one application, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self._sent = Counter(
            "newsbot_sent",
            "Messages Telegram accepted: alerts, edits and deletions of sent copies, replies",
            ["kind"],
            registry=registry,
        )
        self._failed = Counter(
            "newsbot_failed",
            "Sends and edits that failed for good, by kind and reason",
            ["kind", "reason"],
            registry=registry,
        )
        self._retried = Counter(
            "newsbot_retried",
            "Alerts and edits left for a later try, by kind and reason",
            ["kind", "reason"],
            registry=registry,
        )
        self._updates = Counter(
            "newsbot_updates_processed", "Telegram updates handled", registry=registry
        )
        self._reply_latency = Histogram(
            "newsbot_reply_seconds",
            "A reply's time from its request to Telegram's answer, pacing included",
            buckets=REPLY_LATENCY_BUCKETS,
            registry=registry,
        )
        self._feed_polls = Counter(
            "newsbot_feed_polls",
            "Feed polls, by outcome (ok, not_modified, error)",
            ["outcome"],
            registry=registry,
        )
        self._feed_errors = Counter(
            "newsbot_feed_errors", "Failed feed polls, by reason", ["reason"], registry=registry
        )
        self.outbox_depth = Gauge(
            "newsbot_outbox_depth",
            "Alerts of recent rounds not sent yet (due or in flight)",
            registry=registry,
        )
        self.round_duration = Gauge(
            "newsbot_last_round_duration_seconds",
            "How long the last finished delivery round took, from planning to its last alert",
            registry=registry,
        )
        self.last_update_at: float | None = None

    def render(self) -> bytes:
        """The registry in Prometheus text format."""
        return generate_latest(self.registry)

    # ----- what the delivery engine's recorder counts ---------------------------------------

    def recorded(self, outcomes: Iterable[AlertOutcome | WorkOutcome]) -> None:
        """Outcomes the delivery engine has just recorded: alerts and updates of sent copies."""
        for outcome in outcomes:
            match outcome:
                case Sent():
                    self._sent.labels("alert").inc()
                case Failed(error=error):
                    self._failed.labels("alert", reason_of(error)).inc()
                case Retry(error=error):
                    self._retried.labels("alert", reason_of(error)).inc()
                case WorkDone(action=action) if action != "unchanged":
                    self._sent.labels("deletion" if action == "deleted" else "edit").inc()
                case WorkFailed(error=error):
                    self._failed.labels("edit", reason_of(error)).inc()
                case WorkRetry(error=error):
                    self._retried.labels("edit", reason_of(error)).inc()

    # ----- replies (bot/telegram/flood_control.py) and updates (update_processor.py) ---------

    def reply_sent(self, seconds: float) -> None:
        """A reply Telegram accepted, `seconds` after it was asked for."""
        self._sent.labels("reply").inc()
        self._reply_latency.observe(seconds)

    def reply_failed(self, error: str) -> None:
        """A reply that failed (after the retries the rate limiter makes)."""
        self._failed.labels("reply", reason_of(error)).inc()

    def update_received(self) -> None:
        """An update reached the bot (for /healthz: when the last one came)."""
        self.last_update_at = time.time()

    def update_processed(self) -> None:
        """An update's handlers have run."""
        self._updates.inc()

    # ----- feeds (bot/news/feeds, issue 12) --------------------------------------------------

    def feed_polled(self, error: str | None = None, *, modified: bool = True) -> None:
        """One poll of a feed: `error` is why it failed (None: it worked); `modified` False for
        a 304 Not Modified. The feed poller calls this once per poll."""
        if error is not None:
            self._feed_polls.labels("error").inc()
            self._feed_errors.labels(reason_of(error)).inc()
        else:
            self._feed_polls.labels("ok" if modified else "not_modified").inc()
