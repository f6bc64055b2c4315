"""A local fake Telegram Bot API server for end-to-end tests and benchmarks.

See README.md in this directory.
"""

from __future__ import annotations

from .api import LocalBotApi
from .errors import ApiError
from .html_entities import HtmlParseError, parse_html
from .models import BotApiUser, RequestRecord, SentMessage
from .records import NotRecordedError

__all__ = [
    "ApiError",
    "BotApiUser",
    "HtmlParseError",
    "LocalBotApi",
    "NotRecordedError",
    "RequestRecord",
    "SentMessage",
    "parse_html",
]
