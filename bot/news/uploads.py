"""Uploaded .txt, .md and .html files as Telegram-safe HTML, or why they are refused."""

from __future__ import annotations

from pathlib import PurePath

from bot.limits import UPLOAD_EXTENSIONS, UPLOAD_MAX_BYTES
from bot.news.articles import Problem
from bot.telegram.html import markdown_to_html, plain_to_html, sanitize_html


def upload_too_large(size: int) -> Problem | None:
    """Refuse uploads over the size limit."""
    if size <= UPLOAD_MAX_BYTES:
        return None
    return Problem("post-file-too-large", {"size": size // 1024, "max": UPLOAD_MAX_BYTES // 1024})


def file_html(file_name: str | None, data: bytes) -> str | Problem:
    """An uploaded .txt, .md or .html file's content as safe HTML."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix not in UPLOAD_EXTENSIONS:
        return Problem("post-file-unsupported")
    too_large = upload_too_large(len(data))
    if too_large:
        return too_large
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Problem("post-file-not-utf8")
    if suffix in (".html", ".htm"):
        return sanitize_html(text)
    if suffix in (".md", ".markdown"):
        return markdown_to_html(text)
    return plain_to_html(text)
