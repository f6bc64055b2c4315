"""The playground's HTTP API (/api/…) and its page (/, /static/…).

Each route checks its request with a pydantic model (a bad one gets 400 with the reason) and
calls the Playground; every reply is `{"ok": true, "result": …}` or `{"ok": false,
"description": …}`.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from local_bot_api.injection import INLINE_QUERY_LIMIT
from playground.playground import Playground, PlaygroundError
from playground.views import failure, ok

STATIC = Path(__file__).resolve().parent / "static"
# Room for a 20 MB document in base64 (4/3 of it) inside a JSON body.
MAX_BODY = 30 * 1024 * 1024
# How many simulated subscribers one request may add.
SUBSCRIBERS_MAX = 10_000
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

Body = TypeVar("Body", bound=BaseModel)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_PLAYGROUND: web.AppKey[Playground] = web.AppKey("playground", Playground)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _InChat(_Request):
    persona: str
    chat_id: int
    thread_id: int | None = None


class SendBody(_InChat):
    text: Annotated[str, Field(min_length=1)]


class PhotoBody(_InChat):
    caption: str | None = None
    content_base64: str


class DocumentBody(_InChat):
    file_name: Annotated[str, Field(min_length=1, max_length=255)]
    mime_type: str | None = None
    caption: str | None = None
    content_base64: str


class PressBody(_Request):
    persona: str
    chat_id: int
    message_id: int
    callback_data: Annotated[str, Field(min_length=1)]


class InlineBody(_Request):
    persona: str
    chat_id: int
    query: Annotated[str, Field(max_length=INLINE_QUERY_LIMIT)]
    offset: str = ""


class ChooseBody(_InChat):
    query: Annotated[str, Field(max_length=INLINE_QUERY_LIMIT)]
    result_id: Annotated[str, Field(min_length=1)]


class PersonaBody(_Request):
    persona: str
    language: Literal["en", "ka"]


class SubscribersBody(_Request):
    count: Annotated[int, Field(ge=1, le=SUBSCRIBERS_MAX)]


class KnobsBody(_Request):
    latency_ms: Annotated[int, Field(ge=0, le=5000)] | None = None
    error_rate: Annotated[float, Field(ge=0, le=1)] | None = None
    flood_limits: bool | None = None
    global_per_second: Annotated[int, Field(ge=1, le=1000)] | None = None


class BlockBody(_Request):
    persona: str
    blocked: bool


class MigrateBody(_Request):
    chat_id: int


def playground_app(playground: Playground, *, loopback_only: bool = True) -> web.Application:
    """The web application serving the page and the API of `playground`.

    `loopback_only`: requests must name this machine in their Host header, so that a web site
    whose name a DNS rebinding points at 127.0.0.1 cannot use the API (off with --host).
    """
    middlewares = [_loopback_hosts, _errors] if loopback_only else [_errors]
    app = web.Application(client_max_size=MAX_BODY, middlewares=middlewares)
    app[_PLAYGROUND] = playground
    app.add_routes(
        [
            web.get("/", _index),
            web.get("/api/state", _state),
            web.get("/api/messages", _messages),
            web.get("/api/commands", _commands),
            web.get("/api/files/{file_id}", _file),
            web.get("/api/events", playground.hub.stream),
            web.post("/api/send", _send),
            web.post("/api/photo", _photo),
            web.post("/api/document", _document),
            web.post("/api/press", _press),
            web.post("/api/inline", _inline),
            web.post("/api/inline/choose", _choose),
            web.post("/api/persona", _persona),
            web.post("/api/subscribers", _subscribers),
            web.post("/api/knobs", _knobs),
            web.post("/api/block", _block),
            web.post("/api/migrate", _migrate),
        ]
    )
    if STATIC.is_dir():
        app.router.add_static("/static", STATIC)
    return app


@web.middleware
async def _loopback_hosts(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.url.host not in LOOPBACK_NAMES:
        return failure(400, "the playground answers only to 127.0.0.1 and localhost")
    return await handler(request)


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """PlaygroundError and bad requests as the API's JSON failures."""
    try:
        return await handler(request)
    except PlaygroundError as error:
        return failure(error.status, error.description)
    except web.HTTPRequestEntityTooLarge:
        return failure(400, f"the request body is over {MAX_BODY} bytes")
    except web.HTTPException as error:
        if not request.path.startswith("/api/"):
            raise
        return failure(error.status, error.reason)  # an unknown route, a GET of a POST one


def _playground(request: web.Request) -> Playground:
    return request.app[_PLAYGROUND]


async def _body(request: web.Request, model: type[Body]) -> Body:
    """The JSON body as `model`; 400 saying what is wrong otherwise.

    Only `application/json`: a web page elsewhere cannot send that to 127.0.0.1 without asking
    first (CORS), so another site open in the browser cannot act as a persona.
    """
    if request.content_type != "application/json":
        raise PlaygroundError(400, "send JSON with Content-Type: application/json")
    raw = await request.read()
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'body'}: {item['msg']}"
            for item in error.errors()
        )
        raise PlaygroundError(400, problems) from None


def _query_int(request: web.Request, name: str) -> int:
    value = request.query.get(name)
    if value is None:
        raise PlaygroundError(400, f"{name} is required")
    try:
        return int(value)
    except ValueError:
        raise PlaygroundError(400, f"{name} must be an integer") from None


def _content(encoded: str) -> bytes:
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise PlaygroundError(400, "content_base64 is not base64") from None


async def _index(request: web.Request) -> web.StreamResponse:
    page = STATIC / "index.html"
    if not page.is_file():
        raise PlaygroundError(404, "the page is missing (playground/static/index.html)")
    return web.FileResponse(page, headers={"Cache-Control": "no-cache"})


async def _state(request: web.Request) -> web.Response:
    return ok(_playground(request).state())


async def _messages(request: web.Request) -> web.Response:
    return ok(_playground(request).messages(_query_int(request, "chat_id")))


async def _commands(request: web.Request) -> web.Response:
    persona = request.query.get("persona")
    if not persona:
        raise PlaygroundError(400, "persona is required")
    return ok(_playground(request).commands(_query_int(request, "chat_id"), persona))


async def _file(request: web.Request) -> web.Response:
    content, content_type = _playground(request).file(request.match_info["file_id"])
    return web.Response(body=content, content_type=content_type)


async def _send(request: web.Request) -> web.Response:
    body = await _body(request, SendBody)
    return ok(_playground(request).send(body.persona, body.chat_id, body.text, body.thread_id))


async def _photo(request: web.Request) -> web.Response:
    body = await _body(request, PhotoBody)
    message = _playground(request).send_photo(
        body.persona, body.chat_id, _content(body.content_base64), body.caption, body.thread_id
    )
    return ok(message)


async def _document(request: web.Request) -> web.Response:
    body = await _body(request, DocumentBody)
    message = _playground(request).send_document(
        body.persona,
        body.chat_id,
        body.file_name,
        _content(body.content_base64),
        body.mime_type or mimetypes.guess_type(body.file_name)[0] or "application/octet-stream",
        body.caption,
        body.thread_id,
    )
    return ok(message)


async def _press(request: web.Request) -> web.Response:
    body = await _body(request, PressBody)
    answer = await _playground(request).press(
        body.persona, body.chat_id, body.message_id, body.callback_data
    )
    return ok(answer)


async def _inline(request: web.Request) -> web.Response:
    body = await _body(request, InlineBody)
    return ok(
        await _playground(request).inline(body.persona, body.chat_id, body.query, body.offset)
    )


async def _choose(request: web.Request) -> web.Response:
    body = await _body(request, ChooseBody)
    message = _playground(request).choose_inline(
        body.persona, body.chat_id, body.query, body.result_id, body.thread_id
    )
    return ok(message)


async def _persona(request: web.Request) -> web.Response:
    body = await _body(request, PersonaBody)
    return ok(_playground(request).set_language(body.persona, body.language))


async def _subscribers(request: web.Request) -> web.Response:
    body = await _body(request, SubscribersBody)
    return ok({"subscribers": await _playground(request).add_subscribers(body.count)})


async def _knobs(request: web.Request) -> web.Response:
    body = await _body(request, KnobsBody)
    return ok(_playground(request).set_knobs(body.model_dump(exclude_none=True)))


async def _block(request: web.Request) -> web.Response:
    body = await _body(request, BlockBody)
    return ok(_playground(request).block(body.persona, body.blocked))


async def _migrate(request: web.Request) -> web.Response:
    body = await _body(request, MigrateBody)
    return ok(_playground(request).migrate(body.chat_id))
