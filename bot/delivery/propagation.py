"""Corrections and retractions reach every copy: plan an update of each tracked message.

`propagate` is what the news domain calls after it changed an article (a correction, a
retraction, a restore) in one transaction. It only queues work: the delivery engine carries it
out with the same pacing, fault policy and crash safety as alerts, rendering each message again
from the article's state *when the work runs*. The caller wakes the engine afterwards
(`services.delivery.wake()`, i.e. `context.delivery.wake()` in a handler) so the work starts at
once rather than at the engine's next poll.
"""

from __future__ import annotations

import logging

from bot.limits import PLAN_CHUNK
from storage import Storage

logger = logging.getLogger(__name__)


async def propagate(storage: Storage, article_id: int, *, alerts: bool = True) -> int:
    """Queue the edit/delete work for every tracked message that shows the article (with
    `alerts` False, the /read replies alone: a change alerts do not show); returns how many
    messages were queued.

    Idempotent: a message whose update is still waiting gets no second one (the waiting one
    renders the newest state), so calling this twice queues nothing twice.
    """
    planned = await storage.messages.plan_updates(
        article_id, PLAN_CHUNK, kind=None if alerts else "read"
    )
    if planned:
        logger.info("Article %d changed: %d sent messages to update", article_id, planned)
    return planned


async def count_copies(storage: Storage, article_id: int) -> tuple[int, int]:
    """How many live messages show the article and in how many chats ("will update 1,284
    messages in 1,190 chats")."""
    return await storage.messages.count_showing(article_id)
