"""Uploaded .txt, .md and .html files as Telegram-safe HTML, or why they are refused.

An upload is untrusted and up to UPLOAD_MAX_BYTES: it is read in a worker process with a
deadline and a memory limit (bot/news/upload_worker.py), and the parse itself is bounded (it
stops as soon as the text is over BODY_MAX_LENGTH, and refuses more than UPLOAD_MAX_TAGS tags),
so that any upload is answered within about 2 s and readers are served meanwhile.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from bot.limits import (
    BODY_MAX_LENGTH,
    UPLOAD_DEADLINE,
    UPLOAD_EXTENSIONS,
    UPLOAD_MAX_BYTES,
    UPLOAD_MAX_TAGS,
    UPLOAD_WORKER_MEMORY,
)
from bot.news.articles import Problem
from bot.news.upload_worker import JobRefused, run_bounded
from bot.telegram.html import (
    TextTooLong,
    TooManyTags,
    markdown_to_html,
    plain_to_html,
    sanitize_html,
    visible_length,
)

logger = logging.getLogger(__name__)


def upload_too_large(size: int) -> Problem | None:
    """Refuse uploads over the size limit."""
    if size <= UPLOAD_MAX_BYTES:
        return None
    return Problem("post-file-too-large", {"size": size // 1024, "max": UPLOAD_MAX_BYTES // 1024})


def _suffix(file_name: str | None) -> str:
    return PurePath(file_name or "").suffix.lower()


def convert(upload: tuple[str, bytes]) -> str | Problem:
    """A file's content (by its suffix) as safe HTML of at most BODY_MAX_LENGTH visible
    characters, or why not; pure and CPU-bound, so file_html runs it in a worker."""
    suffix, data = upload
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Problem("post-file-not-utf8")
    bounds = {"max_text": BODY_MAX_LENGTH, "max_tags": UPLOAD_MAX_TAGS}
    try:
        if suffix in (".html", ".htm"):
            html = sanitize_html(text, **bounds)
        elif suffix in (".md", ".markdown"):
            html = markdown_to_html(text, **bounds)
        else:
            html = plain_to_html(text)
    except TextTooLong:
        return Problem("post-file-too-long", {"max": BODY_MAX_LENGTH})
    except TooManyTags:
        return Problem("post-file-too-complex")
    length = visible_length(html)
    if length > BODY_MAX_LENGTH:
        return Problem("post-body-too-long", {"length": length, "max": BODY_MAX_LENGTH})
    return html


async def file_html(file_name: str | None, data: bytes) -> str | Problem:
    """An uploaded .txt, .md or .html file's content as safe HTML, or why it is refused."""
    suffix = _suffix(file_name)
    if suffix not in UPLOAD_EXTENSIONS:
        return Problem("post-file-unsupported")
    too_large = upload_too_large(len(data))
    if too_large:
        return too_large
    try:
        return await run_bounded(
            convert, (suffix, data), deadline=UPLOAD_DEADLINE, memory=UPLOAD_WORKER_MEMORY
        )
    except JobRefused as refused:
        logger.warning("Upload %r of %d bytes refused: %s", file_name, len(data), refused)
        return Problem("post-file-too-complex")
