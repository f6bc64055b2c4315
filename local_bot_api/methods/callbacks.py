"""answerCallbackQuery: answering the callback queries that injected button presses create."""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.errors import QUERY_TOO_OLD, bad_request
from local_bot_api.methods.registry import method
from local_bot_api.params import Params

CALLBACK_ANSWER_LIMIT = 200


@method("answerCallbackQuery")
async def answer_callback_query(backend: Backend, params: Params) -> Any:
    query_id = params.string("callback_query_id")
    text = params.string("text")
    if text is not None and len(text) > CALLBACK_ANSWER_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")
    if not query_id or backend.state.take_callback(query_id) is None:
        raise bad_request(QUERY_TOO_OLD)
    backend.records.callback_answer(
        {
            "callback_query_id": query_id,
            "text": text,
            "show_alert": params.flag("show_alert"),
            "url": params.string("url"),
            "cache_time": params.integer("cache_time", 0),
        }
    )
    return True
