"""Maps Bot API method names to their implementations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.params import Params

Handler = Callable[[Backend, Params], Awaitable[Any]]

# lower-case method name -> handler
HANDLERS: dict[str, Handler] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = handler
        return handler

    return register
