"""A local fake Telegram Bot API server for end-to-end tests and benchmarks.

See README.md in this directory.
"""

from __future__ import annotations

from local_bot_api.api import LocalBotApi
from local_bot_api.errors import ApiError, HtmlParseError
from local_bot_api.html_entities import parse_html
from local_bot_api.models import BotApiUser, RequestRecord, SentMessage
from local_bot_api.records import NotRecordedError

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
