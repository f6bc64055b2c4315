"""`GET /api/openapi.json`: the publish API described from its pydantic models.

A small wrapper over pydantic's JSON Schema rather than a web framework: the routes are few,
and the models are the one description of what they take and answer.
"""

from __future__ import annotations

import functools
from typing import Any, Final

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bot.http.models import ArticleOut, Correction, ErrorOut, NewArticle, ScheduledOut

_MODELS: Final[tuple[type[BaseModel], ...]] = (
    NewArticle,
    Correction,
    ArticleOut,
    ScheduledOut,
    ErrorOut,
)
_REF: Final = "#/components/schemas/{model}"


def _ref(model: type[BaseModel]) -> dict[str, Any]:
    return {"$ref": _REF.format(model=model.__name__)}


def _json(model: type[BaseModel]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": _ref(model)}}}


def _answers(ok: dict[int, type[BaseModel]], *refusals: int) -> dict[str, Any]:
    """Responses: the successful ones with their models, each refusal with ErrorOut."""
    described = {
        401: "no Bearer token",
        403: "a wrong token",
        404: "no such article",
        409: "a conflict (see detail)",
        413: "request body too large",
        422: "a field refused (`field` names it)",
    }
    answers: dict[str, Any] = {
        str(status): {"description": model.__doc__ or "", **_json(model)}
        for status, model in ok.items()
    }
    for status in (401, 403, *refusals):
        answers[str(status)] = {"description": described[status], **_json(ErrorOut)}
    return answers


def _operations() -> dict[str, Any]:
    one = {
        "get": {
            "summary": "The article, with its views and the copies sent",
            "responses": _answers({200: ArticleOut}, 404),
        },
        "patch": {
            "summary": (
                "Correct the article (headline, body, lead photo); every copy already sent is"
                " updated"
            ),
            "requestBody": {"required": True, **_json(Correction)},
            "responses": _answers({200: ArticleOut}, 404, 409, 413, 422),
        },
        "delete": {
            "summary": "Withdraw the article; copies sent are deleted or replaced by a notice",
            "responses": _answers({200: ArticleOut}, 404),
        },
    }
    by_id = {"name": "article_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    by_external = {
        "name": "external_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    }
    return {
        "/api/articles": {
            "post": {
                "summary": "Publish an article now (or schedule it at publish_at)",
                "description": "Idempotent on external_id: the same content again answers 200 "
                "with the article published the first time; other content is a 409.",
                "requestBody": {"required": True, **_json(NewArticle)},
                "responses": _answers({201: ArticleOut, 200: ArticleOut}, 409, 413, 422),
            }
        },
        "/api/articles/{article_id}": {"parameters": [by_id], **one},
        "/api/articles/external/{external_id}": {"parameters": [by_external], **one},
    }


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the publish API."""
    _, schemas = models_json_schema([(model, "validation") for model in _MODELS], ref_template=_REF)
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsbot publish API", "version": "1"},
        "paths": _operations(),
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


async def openapi(request: web.Request) -> web.Response:
    """GET /api/openapi.json."""
    return web.json_response(document())


def routes() -> list[web.RouteDef]:
    """/api/openapi.json (public: it describes, and holds nothing secret)."""
    return [web.get("/api/openapi.json", openapi)]
