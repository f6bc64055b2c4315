"""The publish API (issue 12): a CMS publishes, reads, corrects and withdraws articles over HTTP.

Only with API_TOKEN set, and only for requests carrying it (`Authorization: Bearer <token>`,
compared in constant time): 401 without a token, 403 with a wrong one. Everything goes through
the same domain functions as editors' commands (`bot/news/`: the same checks, the same
sanitiser, the same idempotency), and the delivery engine is asked for the same work: a breaking
round, or the update of every copy already sent after a correction or a withdrawal.

A CMS names articles by its own ids: `external_id`, kept as the article's origin (`api:<id>`),
whose uniqueness makes a repeated POST return the article it published the first time.
"""

from __future__ import annotations

import hmac
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Final, TypeVar

from aiohttp import web
from pydantic import BaseModel, HttpUrl, ValidationError

from bot.context import AnyApplication, Services, services_of, settings_of
from bot.delivery.propagation import count_copies, propagate
from bot.http.models import (
    ArticleOut,
    Correction,
    Deliveries,
    ErrorOut,
    FieldError,
    NewArticle,
    ScheduledOut,
)
from bot.limits import SCHEDULE_MAX_AHEAD
from bot.news import articles, corrections, retractions, scheduling, sections
from bot.news.arguments import parse_id
from bot.news.articles import Problem, Published
from bot.news.uploads import file_html
from bot.views.keyboards import deep_link
from storage import Article, Photo, ScheduledArticle, Storage

logger = logging.getLogger(__name__)

APPLICATION: Final = web.AppKey("application", AnyApplication)

# Articles published, corrected and withdrawn through the API are by "user 0": no Telegram user
# has that id, so /history and the articles' authors tell them from editors' own.
API_AUTHOR: Final = 0
# What an external id becomes as an article's origin (articles.origin is unique).
_ORIGIN_PREFIX: Final = "api:"
# An uploaded file's name by the body's format: the upload path (bot/news/uploads.py) converts
# it, in a worker process with a deadline, under the same bounds as an editor's upload.
_FORMAT_SUFFIX: Final = {"html": "body.html", "markdown": "body.md", "text": "body.txt"}
_Model = TypeVar("_Model", bound=BaseModel)


class _Refused(Exception):
    """A request refused with an HTTP status and a JSON body (ErrorOut)."""

    def __init__(self, status: int, body: ErrorOut) -> None:
        super().__init__(body.detail)
        self.status = status
        self.body = body


def _refused(status: int, error: str, detail: str, field: str | None = None) -> _Refused:
    errors = [FieldError(field=field, detail=detail)] if field else []
    return _Refused(status, ErrorOut(error=error, detail=detail, field=field, errors=errors))


def json_response(model: BaseModel, status: int = 200) -> web.Response:
    """A model as the JSON answer."""
    return web.Response(
        text=model.model_dump_json(), status=status, content_type="application/json"
    )


# ----- authentication -----------------------------------------------------------------------


def _check_token(request: web.Request, token: str) -> None:
    """401 without a Bearer token, 403 with a wrong one (compared in constant time)."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise _refused(401, "unauthorized", "send Authorization: Bearer <API_TOKEN>")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise _refused(403, "forbidden", "the token is not this bot's API_TOKEN")


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _guarded(path: str) -> bool:
    """Whether a path needs the token: the API's, except its public description."""
    return path.startswith("/api/") and path != "/api/openapi.json"


@web.middleware
async def api_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Authenticate /api/ requests (not the OpenAPI document) and answer refusals as JSON."""
    try:
        token = settings_of(request.app[APPLICATION]).api_token
        # Without a token there are no API routes: those requests end in a 404.
        if token is not None and _guarded(request.path):
            _check_token(request, token.get_secret_value())
        return await handler(request)
    except _Refused as refused:
        return json_response(refused.body, refused.status)
    except web.HTTPRequestEntityTooLarge as error:
        body = ErrorOut(error="too_large", detail=error.text or "request body too large")
        return json_response(body, 413)


# ----- reading requests -----------------------------------------------------------------------


async def _parsed(request: web.Request, model: type[_Model]) -> _Model:
    """The request's JSON body as `model`, or 422 naming the first field refused."""
    try:
        data = await request.json()
    except ValueError as error:
        raise _refused(422, "invalid_json", f"the body is not JSON: {error}", "body") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = [
            FieldError(
                field=".".join(str(part) for part in item["loc"]) or "body", detail=item["msg"]
            )
            for item in error.errors()
        ]
        raise _Refused(
            422,
            ErrorOut(
                error="validation",
                detail=errors[0].detail,
                field=errors[0].field,
                errors=errors,
            ),
        ) from None


def _field_of(problem: Problem) -> str:
    """The request field a domain refusal is about."""
    if "headline" in problem.key:
        return "headline"
    if problem.key.startswith("schedule-"):
        return "publish_at"
    return "body"


def _problem(services: Services, problem: Problem, status: int = 422) -> _Refused:
    """A refusal of bot/news as the API's answer: its catalog text (English), and its key."""
    language = services.settings.default_language
    text = services.translator.plain(language, problem.key, **problem.arguments)
    return _refused(status, problem.key, _strip_tags(text), _field_of(problem))


def _strip_tags(text: str) -> str:
    """Catalog texts may carry <code> and <b>; an API client reads plain text."""
    for tag in ("<code>", "</code>", "<b>", "</b>", "<i>", "</i>"):
        text = text.replace(tag, "")
    return text


async def _body_html(services: Services, body: str, body_format: str) -> str:
    """The body as Telegram-safe HTML, converted as an editor's upload of that kind would be."""
    converted = await file_html(_FORMAT_SUFFIX[body_format], body.encode("utf-8"))
    if isinstance(converted, Problem):
        raise _problem(services, converted)
    return converted


async def _section_id(services: Services, section: str | int | None) -> int | None:
    """The live section a request names (by id, or by its name in either language)."""
    if section is None:
        return None
    live = await services.storage.sections.live()
    found = (
        next((known for known in live if known.id == section), None)
        if isinstance(section, int)
        else sections.find(live, section)
    )
    if found is None:
        names = ", ".join(f"{known.id}: {known.name_en} / {known.name_ka}" for known in live)
        detail = f"no live section {section!r}; there are: {names or 'none'}"
        raise _refused(422, "unknown_section", detail, "section")
    return found.id


# ----- answers --------------------------------------------------------------------------------


def _moment(stamp: int | None) -> datetime | None:
    return None if stamp is None else datetime.fromtimestamp(stamp, UTC)


async def article_out(
    application: AnyApplication, article: Article, external_id: str | None = None
) -> ArticleOut:
    """The article as the API shows it, with its views and the copies sent."""
    messages, chats = await count_copies(services_of(application).storage, article.id)
    published = _moment(article.published_at)
    assert published is not None
    return ArticleOut(
        id=article.id,
        link=deep_link(application.bot.username or "", article.id),
        headline=article.headline,
        body_html=article.body_html,
        section=article.section.name_en if article.section else None,
        published_at=published,
        updated_at=_moment(article.updated_at),
        retracted_at=_moment(article.retracted_at),
        views=article.views,
        deliveries=Deliveries(messages=messages, chats=chats),
        external_id=external_id,
    )


def _scheduled_out(scheduled: ScheduledArticle, external_id: str | None) -> ScheduledOut:
    publish_at = _moment(scheduled.publish_at)
    assert publish_at is not None
    return ScheduledOut(
        scheduled_id=scheduled.id,
        publish_at=publish_at,
        state=scheduled.state,
        article_id=scheduled.article_id,
        external_id=external_id,
    )


# ----- the routes -----------------------------------------------------------------------------


def _origin(external_id: str | None) -> str:
    """The article's origin: its external id, else this request alone (a retry without an
    external id is still caught by `articles.publish`'s look for a recent identical article)."""
    if external_id is not None:
        return _ORIGIN_PREFIX + external_id
    return f"{_ORIGIN_PREFIX}request:{time.time_ns()}"


Named = Article | ScheduledArticle
"""What an external id names: an article, or an article scheduled (published since, or not)."""


async def _by_origin(storage: Storage, origin: str) -> Named | None:
    """The article an origin names, or the scheduled one while it waits (or was cancelled)."""
    article = await storage.articles.find_by_origin(origin)
    if article is not None:
        return article
    scheduled_id = await storage.external.scheduled(origin)
    scheduled = None if scheduled_id is None else await storage.scheduled.get(scheduled_id)
    if scheduled is not None and scheduled.article_id is not None:
        return await storage.articles.get(scheduled.article_id)  # published at its time
    return scheduled


async def _answer(
    application: AnyApplication, named: Named, external_id: str | None, status: int = 200
) -> web.Response:
    if isinstance(named, ScheduledArticle):
        return json_response(_scheduled_out(named, external_id), status)
    return json_response(await article_out(application, named, external_id), status)


async def create_article(request: web.Request) -> web.Response:
    """POST /api/articles: publish (or schedule) an article; 201, or 200 for a repeat."""
    application = request.app[APPLICATION]
    services = services_of(application)
    new = await _parsed(request, NewArticle)
    body_html = await _body_html(services, new.body, new.format)
    section_id = await _section_id(services, new.section)
    origin = _origin(new.external_id)
    if new.external_id is not None:
        existing = await _by_origin(services.storage, origin)
        if existing is not None:
            return await _repeated(application, existing, new, body_html)
    if new.publish_at is not None and new.publish_at.timestamp() > time.time():
        return await _schedule(application, new, body_html, section_id, origin)
    try:
        outcome = await articles.publish(
            services.storage,
            new.headline,
            body_html,
            API_AUTHOR,
            origin=origin,
            photo=photo_by_url(new.photo_url),
            breaking=new.breaking,
            section_id=section_id,
        )
    except sqlite3.IntegrityError:
        # The same external id published by another request at this very moment (origins are
        # unique): that one is the article.
        existing = await services.storage.articles.find_by_origin(origin)
        if existing is None:
            raise
        outcome = Published(existing, is_new=False)
    if isinstance(outcome, Problem):
        raise _problem(services, outcome)
    return await _published(application, outcome, new)


def photo_by_url(url: HttpUrl | None) -> Photo | None:
    """A request's lead photo by URL (POST's and PATCH's): sent by it (Telegram fetches it)
    until Telegram gives its file_id, which is then kept, as a feed's photos are."""
    return None if url is None else Photo.from_url(str(url))


async def _repeated(
    application: AnyApplication, existing: Named, new: NewArticle, body_html: str
) -> web.Response:
    """A POST with an external id already used: the same content is a repeat (the CMS did not
    hear the first answer), answered with what it made; other content is a conflict (PATCH
    corrects)."""
    same = existing.headline == articles.clean_headline(new.headline)
    if same and existing.body_html == body_html:
        return await _answer(application, existing, new.external_id)
    what = "scheduled article S" if isinstance(existing, ScheduledArticle) else "article "
    detail = (
        f"external_id {new.external_id!r} is {what}{existing.id} with other content; "
        "PATCH it to correct it"
    )
    raise _refused(409, "conflict", detail, "external_id")


async def _published(
    application: AnyApplication, outcome: Published, new: NewArticle
) -> web.Response:
    services = services_of(application)
    if new.breaking:  # a repeat too: planning what is planned already plans nothing
        services.delivery.request_breaking()
    if outcome.is_new:
        logger.info("Article %d published through the API", outcome.article.id)
    answer = await article_out(application, outcome.article, new.external_id)
    return json_response(answer, 201 if outcome.is_new else 200)


async def _schedule(
    application: AnyApplication,
    new: NewArticle,
    body_html: str,
    section_id: int | None,
    origin: str,
) -> web.Response:
    """An article whose publish_at is ahead: scheduled as an editor's /schedule would be."""
    services = services_of(application)
    assert new.publish_at is not None
    if new.publish_at.timestamp() - time.time() > SCHEDULE_MAX_AHEAD.total_seconds():
        when = new.publish_at.astimezone(services.settings.zone).strftime(scheduling.TIME_FORM)
        raise _problem(services, Problem("schedule-too-far", {"when": when}))
    outcome = await scheduling.schedule(
        services.storage,
        new.headline,
        body_html,
        API_AUTHOR,
        publish_at=new.publish_at,
        chat_id=API_AUTHOR,
        language=services.settings.default_language,
        origin=origin,
        photo=photo_by_url(new.photo_url),
        section_id=section_id,
        breaking=new.breaking,
    )
    if isinstance(outcome, Problem):
        raise _problem(services, outcome)
    if outcome.is_new:
        # No editor's chat to tell when it goes out: marked told from the start.
        await scheduling.told(services.storage, outcome.scheduled.id)
        logger.info("Article S%d scheduled through the API", outcome.scheduled.id)
    answer = _scheduled_out(outcome.scheduled, new.external_id)
    return json_response(answer, 201 if outcome.is_new else 200)


async def _named(request: web.Request) -> tuple[Named, str | None]:
    """What the URL names, by article id or by external id; 404 if nothing."""
    storage = services_of(request.app[APPLICATION]).storage
    external_id = request.match_info.get("external_id")
    named: Named | None
    if external_id is not None:
        named = await _by_origin(storage, _ORIGIN_PREFIX + external_id)
    else:
        article_id = parse_id(request.match_info["article_id"])
        named = None if article_id is None else await storage.articles.get(article_id)
    if named is None:
        what = external_id or request.match_info.get("article_id")
        raise _refused(404, "not_found", f"no article {what}")
    return named, external_id


async def _published_only(request: web.Request) -> tuple[Article, str | None]:
    """The article the URL names; 409 for one still scheduled (DELETE cancels that)."""
    named, external_id = await _named(request)
    if isinstance(named, ScheduledArticle):
        detail = f"article {external_id} is scheduled, not published: DELETE cancels it"
        raise _refused(409, "scheduled", detail)
    return named, external_id


async def get_article(request: web.Request) -> web.Response:
    """GET /api/articles/{id}: the article, its views and the copies sent."""
    named, external_id = await _named(request)
    return await _answer(request.app[APPLICATION], named, external_id)


async def correct_article(request: web.Request) -> web.Response:
    """PATCH /api/articles/{id}: a correction (headline, text, lead photo); every copy already
    sent is updated, a new photo swapped in as an editor's /edit photo is."""
    application = request.app[APPLICATION]
    services = services_of(application)
    article, external_id = await _published_only(request)
    correction = await _parsed(request, Correction)
    body_html = (
        None
        if correction.body is None
        else await _body_html(services, correction.body, correction.format)
    )
    outcome = await corrections.apply(
        services.storage,
        article.id,
        API_AUTHOR,
        headline=article.headline if correction.headline is None else correction.headline,
        body_html=body_html,
        photo=photo_by_url(correction.photo_url) if correction.changes_photo else corrections.KEEP,
        propagate=propagate,
    )
    if isinstance(outcome, Problem) and outcome.key != "edit-unchanged":
        raise _problem(services, outcome, 409 if outcome.key == "edit-withdrawn" else 422)
    if isinstance(outcome, corrections.Corrected):
        services.delivery.wake()  # the copies' updates are queued: start on them now
        logger.info("Article %d corrected through the API", article.id)
    return await _current(application, article.id, external_id)


async def retract_article(request: web.Request) -> web.Response:
    """DELETE /api/articles/{id}: withdraw it; every copy already sent is deleted or replaced
    by the withdrawal notice. Withdrawing a withdrawn article changes nothing (200); a
    scheduled one is cancelled instead."""
    application = request.app[APPLICATION]
    services = services_of(application)
    named, external_id = await _named(request)
    if isinstance(named, ScheduledArticle):
        cancelled = await scheduling.cancel(services.storage, named.id)
        if isinstance(cancelled, ScheduledArticle):
            logger.info("Article S%d cancelled through the API", named.id)
        return await _answer(application, await _scheduled_now(services, named), external_id)
    outcome = await retractions.retract(services.storage, named.id, API_AUTHOR, propagate=propagate)
    if isinstance(outcome, retractions.Changed):
        services.delivery.wake()
        logger.info("Article %d withdrawn through the API", named.id)
    return await _current(application, named.id, external_id)


async def _scheduled_now(services: Services, scheduled: ScheduledArticle) -> Named:
    """The scheduled article as it is now: cancelled, or the article it just became."""
    now = await services.storage.scheduled.get(scheduled.id)
    assert now is not None  # scheduled articles are never deleted
    if now.article_id is not None:
        article = await services.storage.articles.get(now.article_id)
        assert article is not None
        return article
    return now


async def _current(
    application: AnyApplication, article_id: int, external_id: str | None
) -> web.Response:
    article = await services_of(application).storage.articles.get(article_id)
    assert article is not None  # articles are never deleted
    return json_response(await article_out(application, article, external_id))


def routes() -> list[web.RouteDef]:
    """The API's routes (added only when API_TOKEN is set)."""
    by_id, by_external = "/api/articles/{article_id}", "/api/articles/external/{external_id}"
    return [
        web.post("/api/articles", create_article),
        *(
            route
            for path in (by_id, by_external)
            for route in (
                web.get(path, get_article, allow_head=False),
                web.patch(path, correct_article),
                web.delete(path, retract_article),
            )
        ),
    ]
