"""answerInlineQuery: answering the inline queries injected with ``inline_query`` (issue 13).

Checked as Telegram checks them: at most 50 results, ids of 1-64 bytes each and unique, a
next_offset of at most 64 bytes, known result types; texts and captions go through the same HTML
parser and limits as sendMessage's, keyboards through the same checks. Photos: a cached photo's
file_id must be one this server issued, URLs must be http(s). An answer to a query never issued,
or answered already, is refused like Telegram's. Accepted answers are recorded
(``inline_answers``), with the asking user's id and query.
"""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.errors import QUERY_TOO_OLD, bad_request
from local_bot_api.methods.registry import method
from local_bot_api.models import JSONDict
from local_bot_api.params import Params
from local_bot_api.validation import prepare_text, validate_reply_markup

MAX_RESULTS = 50
RESULT_ID_BYTES = 64
NEXT_OFFSET_BYTES = 64
RESULT_TYPES = frozenset(
    [
        "article",
        "audio",
        "contact",
        "document",
        "game",
        "gif",
        "location",
        "mpeg4_gif",
        "photo",
        "sticker",
        "venue",
        "video",
        "voice",
    ]
)
# The field naming a result's file, by type: cached results name a file_id, the others a URL.
_MEDIA_FIELDS = {
    "photo": ("photo_file_id", "photo_url"),
    "gif": ("gif_file_id", "gif_url"),
    "mpeg4_gif": ("mpeg4_file_id", "mpeg4_url"),
    "video": ("video_file_id", "video_url"),
    "audio": ("audio_file_id", "audio_url"),
    "voice": ("voice_file_id", "voice_url"),
    "document": ("document_file_id", "document_url"),
}


def _is_web_url(value: Any) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _check_text(backend: Backend, holder: JSONDict, field: str, *, caption: bool) -> None:
    """The text or caption in ``holder[field]``, parsed as sendMessage's would be."""
    if field not in holder:
        return
    entities_field = "caption_entities" if caption else "entities"
    prepare_text(
        holder[field],
        holder.get("parse_mode"),
        holder.get(entities_field),
        caption=caption,
        mention=backend.state.mention,
    )


def _check_media(backend: Backend, result: JSONDict, kind: str) -> None:
    fields = _MEDIA_FIELDS.get(kind)
    if fields is None:
        return
    file_field, url_field = fields
    if file_field in result:
        file_id = result[file_field]
        if not isinstance(file_id, str) or backend.state.files.get(file_id) is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
    elif not _is_web_url(result.get(url_field)):
        raise bad_request("wrong file identifier/HTTP URL specified")
    elif kind == "photo" and not _is_web_url(result.get("thumbnail_url")):
        raise bad_request("PHOTO_THUMB_URL_EMPTY")


def _check_result(backend: Backend, result: Any, seen: set[str]) -> None:
    if not isinstance(result, dict):
        raise bad_request("can't parse InlineQueryResult JSON object")
    result_id = result.get("id")
    if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= RESULT_ID_BYTES:
        raise bad_request("RESULT_ID_INVALID")
    if result_id in seen:
        raise bad_request("RESULT_ID_DUPLICATE")
    seen.add(result_id)
    kind = result.get("type")
    if kind not in RESULT_TYPES:
        raise bad_request("RESULT_TYPE_INVALID")
    if kind == "article":
        if not isinstance(result.get("title"), str) or not result["title"].strip():
            raise bad_request("RESULT_TITLE_EMPTY")
        if not isinstance(result.get("input_message_content"), dict):
            raise bad_request("MESSAGE_EMPTY")
    if "thumbnail_url" in result and not _is_web_url(result["thumbnail_url"]):
        raise bad_request("THUMBNAIL_URL_INVALID (local server check: http or https only)")
    _check_media(backend, result, str(kind))
    _check_text(backend, result, "caption", caption=True)
    content = result.get("input_message_content")
    if content is not None:
        if not isinstance(content, dict):
            raise bad_request("can't parse InputMessageContent JSON object")
        _check_text(backend, content, "message_text", caption=False)
    markup = validate_reply_markup(result.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("REPLY_MARKUP_INVALID")


@method("answerInlineQuery")
async def answer_inline_query(backend: Backend, params: Params) -> Any:
    query_id = params.string("inline_query_id")
    results = params.json("results")
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        _check_result(backend, result, seen)
    next_offset = params.string("next_offset") or ""
    if len(next_offset.encode()) > NEXT_OFFSET_BYTES:
        raise bad_request("NEXT_OFFSET_INVALID")
    pending = backend.state.take_inline(query_id) if query_id else None
    if pending is None:
        raise bad_request(QUERY_TOO_OLD)
    backend.records.inline_answer(
        {
            "inline_query_id": query_id,
            "user_id": pending.user_id,
            "query": pending.query,
            "results": results,
            "next_offset": next_offset,
            "cache_time": params.integer("cache_time", 300),
            "is_personal": params.flag("is_personal"),
            "button": params.json("button"),
        }
    )
    return True
