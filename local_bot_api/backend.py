"""The parts one fake server instance is made of, handed to method implementations."""

from __future__ import annotations

import asyncio

from .faults import FaultInjector, FloodLimiter
from .models import BotApiUser
from .records import Recorder
from .state import State
from .updates import UpdateQueue


class Backend:
    def __init__(self, token: str, bot: BotApiUser) -> None:
        self.token = token
        self.bot = bot
        self.state = State(bot)
        self.updates = UpdateQueue()
        self.records = Recorder()
        self.faults = FaultInjector()
        self.flood = FloodLimiter()
        self.latency = 0.0
        self.timeout_delay = 10.0
        # Set while stopping so that deliberately slow replies finish at once.
        self.stopping = asyncio.Event()
