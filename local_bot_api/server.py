"""HTTP routes of the Bot API itself: /bot<token>/<method> and /file/bot<token>/<path>."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from http import HTTPStatus
from typing import Any

from aiohttp import web

from local_bot_api.backend import Backend
from local_bot_api.encoding import PartlyEncoded, encode
from local_bot_api.errors import ApiError, bad_request, too_many_requests
from local_bot_api.faults import Fault
from local_bot_api.methods import BOT_API_METHODS, HANDLERS
from local_bot_api.models import JSONDict
from local_bot_api.params import Params
from local_bot_api.stats import SEND_METHODS

_log = logging.getLogger(__name__)
_BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")


def _json_response(body: JSONDict, status: int = 200) -> web.Response:
    return web.Response(body=encode(body), status=status, content_type="application/json")


def _result_response(result: Any) -> web.Response:
    if isinstance(result, PartlyEncoded):
        body = b'{"ok":true,"result":' + result.encode() + b"}"
    else:
        body = encode({"ok": True, "result": result})
    return web.Response(body=body, content_type="application/json")


def _chat_key(value: object) -> int | str | None:
    """The chat_id parameter as recorded: int when numeric (form values arrive as str)."""
    if value is None or isinstance(value, int):
        return value
    text = str(value)
    try:
        return int(text)
    except ValueError:
        return text


class BotApiRoutes:
    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    def routes(self) -> list[web.RouteDef]:
        return [
            web.route("*", "/bot{token}/{method}", self.handle_method),
            web.get("/file/bot{token}/{path:.+}", self.handle_file),
        ]

    async def handle_method(self, request: web.Request) -> web.StreamResponse:
        # Counted until answered, so a test can tell that a request has reached the server.
        name = request.match_info["method"]
        method = BOT_API_METHODS.get(name.lower(), name)
        in_progress = self._backend.in_progress
        in_progress[method] += 1
        try:
            return await self._answer(request)
        finally:
            in_progress[method] -= 1

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        backend = self._backend
        started = time.monotonic()
        name = request.match_info["method"]
        key = name.lower()
        canonical = BOT_API_METHODS.get(key, name)
        is_send = key in SEND_METHODS
        chat_id: int | str | None = None
        if backend.latency > 0:
            # Telegram acts on a request it has received even if the client hangs up while
            # waiting for the answer (a bot stopping mid-send): take the body in before the
            # delay. Multipart bodies are left to the form parser, which streams them; a failed
            # read fails again below, where errors are answered.
            if request.content_type != "multipart/form-data":
                with contextlib.suppress(Exception):
                    await request.read()
            await asyncio.sleep(backend.latency)
        try:
            if request.match_info["token"] != backend.token:
                raise _UNAUTHORIZED
            params = await Params.from_request(request)
            chat_id = _chat_key(params.get("chat_id"))
            handler = HANDLERS.get(key)
            if handler is None:
                if key in BOT_API_METHODS:
                    raise bad_request(f"method not implemented in local server: {canonical}")
                raise _NOT_FOUND
            if backend.faults:
                fault = backend.faults.take(key, chat_id)
                if fault is not None:
                    response, description = await self._fault_response(fault)
                    backend.records.request(
                        started, canonical, chat_id, response.status, description
                    )
                    if is_send:
                        backend.sends.refuse(response.status)
                    return response
            result = await handler(backend, params)
        except ApiError as error:
            backend.records.request(started, canonical, chat_id, error.status, error.description)
            if is_send:
                backend.sends.refuse(error.status)
            return _json_response(error.to_dict(), error.status)
        except Exception as exc:
            # A bug here must show up in api.errors and the log, not as aiohttp's bare 500.
            _log.exception("local Bot API failed on %s", canonical)
            bug = ApiError(500, f"Internal Server Error: local server bug: {exc!r}")
            backend.records.request(started, canonical, chat_id, bug.status, bug.description)
            if is_send:
                backend.sends.refuse(bug.status)
            return _json_response(bug.to_dict(), bug.status)
        backend.records.request(started, canonical, chat_id, 200)
        if is_send:
            backend.sends.accept(
                result["chat"]["id"], params.flag("allow_paid_broadcast"), time.monotonic()
            )
        return _result_response(result)

    async def _fault_response(self, fault: Fault) -> tuple[web.Response, str]:
        status = fault.status
        if status == "timeout":
            # Outlast the client's read timeout, but give up at once when the server stops.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._backend.stopping.wait(), self._backend.timeout_delay)
            status = 500
        if status == 429:
            error = too_many_requests(fault.retry_after)
        elif status == 502 and fault.description is None:
            page = web.Response(text=_BAD_GATEWAY_HTML, status=502, content_type="text/html")
            return page, "Bad Gateway"
        else:
            error = ApiError(status, fault.description or _default_description(status))
        return _json_response(error.to_dict(), error.status), error.description

    async def handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self._backend.token:
            return _json_response(_UNAUTHORIZED.to_dict(), 401)
        stored = self._backend.state.files.by_path(request.match_info["path"])
        if stored is None:
            return _json_response(_NOT_FOUND.to_dict(), 404)
        return web.Response(body=stored.content, content_type="application/octet-stream")


def _default_description(status: int) -> str:
    if status == 400:
        return "Bad Request: injected fault"
    if status == 403:
        return "Forbidden: injected fault"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"
