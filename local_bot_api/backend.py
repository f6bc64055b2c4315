"""The parts one fake server instance is made of, handed to method implementations."""

from __future__ import annotations

import asyncio
from collections import Counter

from local_bot_api.faults import FaultInjector, FloodLimiter
from local_bot_api.models import BotApiUser
from local_bot_api.records import Recorder
from local_bot_api.state import State
from local_bot_api.stats import SendStats
from local_bot_api.updates import UpdateQueue
from local_bot_api.validation import ValidationCache
from local_bot_api.webhook import WebhookDelivery


class Backend:
    def __init__(
        self,
        token: str,
        bot: BotApiUser,
        *,
        record: bool = True,
        auto_chats: bool = False,
        count_per_chat: bool = False,
    ) -> None:
        self.token = token
        self.bot = bot
        # False: keep counters only (no sent/requests records, no chat histories).
        self.record = record
        self.state = State(bot, record=record, auto_chats=auto_chats)
        self.updates = UpdateQueue()
        self.records = Recorder(record)
        self.sends = SendStats(count_per_chat)
        # Without records nothing keeps a message's parts, so sends may share parsed texts and
        # keyboards: a broadcast parses its text once.
        self.cache: ValidationCache | None = None if record else ValidationCache()
        self.faults = FaultInjector()
        self.flood = FloodLimiter()
        self.latency = 0.0
        self.timeout_delay = 10.0
        # Requests received and not answered yet, by method (a held "timeout" fault, say).
        self.in_progress: Counter[str] = Counter()
        # Set while stopping so that deliberately slow replies finish at once.
        self.stopping = asyncio.Event()
        # The webhook set with setWebhook, delivering updates; None: getUpdates serves them.
        self.webhook: WebhookDelivery | None = None
        # Tests' webhooks are plain http on 127.0.0.1, which Telegram refuses.
        self.http_webhooks_allowed = False
