"""/_control/...: the LocalBotApi interface over HTTP, for bots and benchmarks in other processes.

POST /_control/<operation> takes the Python method's keyword arguments as a JSON object;
GET /_control/<collection> reads recorded state. Replies are {"ok": true, "result": ...} or
{"ok": false, "description": "..."} (400 for bad arguments, 408 when a wait times out, 409 for
records a server without records does not have).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from local_bot_api.api import LocalBotApi
from local_bot_api.models import JSONDict, RequestRecord, SentMessage
from local_bot_api.records import NotRecordedError

Operation = Callable[[LocalBotApi, JSONDict], Any]


def _jsonable(value: Any) -> Any:
    if isinstance(value, SentMessage | RequestRecord):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def _send_document(api: LocalBotApi, body: JSONDict) -> Any:
    if "content_base64" in body:
        content = base64.b64decode(body.pop("content_base64"))
    else:
        content = str(body.pop("content", "")).encode("utf-8")
    return api.send_document(content=content, **body)


def _set_latency(api: LocalBotApi, body: JSONDict) -> Any:
    if "latency" in body:
        api.latency = float(body["latency"])
    if "timeout_delay" in body:
        api.timeout_delay = float(body["timeout_delay"])
    return {"latency": api.latency, "timeout_delay": api.timeout_delay}


async def _wait_for(api: LocalBotApi, body: JSONDict) -> Any:
    chat_id = body.get("chat_id")
    contains = body.get("text_contains")
    method = body.get("method")

    def predicate(message: SentMessage) -> bool:
        return (
            (chat_id is None or message.chat_id == chat_id)
            and (contains is None or contains in message.text)
            and (method is None or message.method == method)
        )

    return await api.wait_for(
        predicate, timeout=float(body.get("timeout", 5.0)), since=int(body.get("since", 0))
    )


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


async def _wait_for_sends(api: LocalBotApi, body: JSONDict) -> Any:
    return await api.wait_for_sends(int(body["count"]), timeout=float(body.get("timeout", 5.0)))


POST_OPERATIONS: dict[str, Operation] = {
    "add_private_chat": lambda api, body: api.add_private_chat(**body),
    "add_private_chats": lambda api, body: api.add_private_chats(**body),
    "add_group": lambda api, body: api.add_group(**body),
    "add_channel": lambda api, body: api.add_channel(**body),
    "create_topic": lambda api, body: api.create_topic(**body),
    "delete_topic": lambda api, body: api.delete_topic(**body),
    "user": lambda api, body: api.user(**body),
    "send_text": lambda api, body: api.send_text(**body),
    "send_command": lambda api, body: api.send_command(**body),
    "send_document": _send_document,
    "send_photo": lambda api, body: api.send_photo(**body),
    "press_button": lambda api, body: api.press_button(**body),
    "inline_query": lambda api, body: api.inline_query(**body),
    "choose_inline_result": lambda api, body: api.choose_inline_result(**body),
    "inject_update": lambda api, body: api.inject_update(body.get("update", body)),
    "my_chat_member": lambda api, body: api.my_chat_member(**body),
    "block": lambda api, body: api.block(**body),
    "unblock": lambda api, body: api.unblock(**body),
    "migrate": lambda api, body: api.migrate(**body),
    "fail_next": lambda api, body: api.fail_next(**body),
    "fail_randomly": lambda api, body: api.fail_randomly(**body),
    "clear_faults": lambda api, body: api.clear_faults(),
    "flood_limits": lambda api, body: api.flood_limits(**body),
    "latency": _set_latency,
    "clear_records": lambda api, body: api.clear_records(),
    "reset_send_stats": lambda api, body: api.reset_send_stats(),
    "wait_for_sends": _wait_for_sends,
    "wait_for_messages": lambda api, body: api.wait_for_messages(**body),
    "wait_for_callback_answer": lambda api, body: api.wait_for_callback_answer(**body),
    "wait_for_inline_answer": lambda api, body: api.wait_for_inline_answer(**body),
    "wait_for": _wait_for,
}


def _since(query: JSONDict) -> int:
    return int(query.get("since", 0))


def _sent(api: LocalBotApi, query: JSONDict) -> Any:
    records = api.sent[_since(query) :]
    if "chat_id" in query:
        chat_id = int(query["chat_id"])
        records = [record for record in records if record.chat_id == chat_id]
    return records


GET_OPERATIONS: dict[str, Operation] = {
    "sent": _sent,
    "messages": lambda api, query: api.messages(int(query["chat_id"])),
    "callback_answers": lambda api, query: api.callback_answers[_since(query) :],
    "inline_answers": lambda api, query: api.inline_answers[_since(query) :],
    "commands": lambda api, query: [
        {"scope": scope, "language_code": language, "commands": commands}
        for (scope, language), commands in api.commands.items()
    ],
    "requests": lambda api, query: api.requests[_since(query) :],
    "errors": lambda api, query: api.errors[_since(query) :],
    "deleted": lambda api, query: api.deleted[_since(query) :],
    "stats": lambda api, query: api.stats(),
    "send_stats": lambda api, query: api.send_stats(per_chat=_flag(query.get("per_chat", True))),
    "config": lambda api, query: {
        "token": api.token,
        "bot": api.bot.to_dict(),
        "base_url": api.base_url,
        "base_file_url": api.base_file_url,
        "latency": api.latency,
        "record": api.record,
        "auto_chats": api.auto_chats,
        "count_per_chat": api.count_per_chat,
    },
}


def _reply(result: Any, status: int = 200) -> web.Response:
    body = {"ok": True, "result": _jsonable(result)} if status == 200 else result
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


def _failure(description: str, status: int) -> web.Response:
    return _reply({"ok": False, "description": description}, status)


async def _run(api: LocalBotApi, operation: Operation, arguments: JSONDict) -> web.Response:
    try:
        result = operation(api, arguments)
        if isinstance(result, Awaitable):
            result = await result
    except TimeoutError as exc:
        return _failure(str(exc) or "timed out", 408)
    except NotRecordedError as exc:
        return _failure(str(exc), 409)
    except (TypeError, ValueError, KeyError) as exc:
        return _failure(f"{type(exc).__name__}: {exc}", 400)
    return _reply(result)


def control_routes(api: LocalBotApi) -> list[web.RouteDef]:
    async def post(request: web.Request) -> web.StreamResponse:
        operation = POST_OPERATIONS.get(request.match_info["operation"])
        if operation is None:
            return _failure(
                f"unknown control operation; POST one of {sorted(POST_OPERATIONS)}", 404
            )
        try:
            body = await request.json() if request.body_exists else {}
        except ValueError:
            return _failure("the body must be a JSON object", 400)
        if not isinstance(body, dict):
            return _failure("the body must be a JSON object", 400)
        return await _run(api, operation, body)

    async def get(request: web.Request) -> web.StreamResponse:
        operation = GET_OPERATIONS.get(request.match_info["operation"])
        if operation is None:
            return _failure(f"unknown control collection; GET one of {sorted(GET_OPERATIONS)}", 404)
        return await _run(api, operation, dict(request.query))

    return [
        web.post("/_control/{operation}", post),
        web.get("/_control/{operation}", get),
    ]
