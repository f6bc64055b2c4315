"""answerCallbackQuery: answering the callback queries that injected button presses create."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_bot_api.backend import Backend
from local_bot_api.errors import QUERY_TOO_OLD, bad_request
from local_bot_api.methods.registry import method
from local_bot_api.params import Params

CALLBACK_ANSWER_LIMIT = 200
_TELEGRAM_HOSTS = ("t.me", "telegram.me")


def _opens_the_bot(url: str, bot_username: str | None) -> bool:
    """Whether ``url`` is a ``t.me/<this bot>?start=…`` link, the only kind a non-game button
    may answer with (Telegram replies ``URL_INVALID`` to anything else)."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return (
        parts.scheme in ("http", "https")
        and (parts.hostname or "") in _TELEGRAM_HOSTS
        and parts.path.strip("/").lower() == (bot_username or "").lower()
        and "start" in parse_qs(parts.query)
    )


@method("answerCallbackQuery")
async def answer_callback_query(backend: Backend, params: Params) -> Any:
    query_id = params.string("callback_query_id")
    text = params.string("text")
    if text is not None and len(text) > CALLBACK_ANSWER_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")
    url = params.string("url")
    if url is not None and not _opens_the_bot(url, backend.bot.username):
        raise bad_request("URL_INVALID")
    if not query_id or backend.state.take_callback(query_id) is None:
        raise bad_request(QUERY_TOO_OLD)
    backend.records.callback_answer(
        {
            "callback_query_id": query_id,
            "text": text,
            "show_alert": params.flag("show_alert"),
            "url": url,
            "cache_time": params.integer("cache_time", 0),
        }
    )
    return True
