"""A feed's bytes as the articles its entries become: parsed by feedparser, sanitised by ours.

feedparser (the field's standard) reads RSS 0.9x/2.0, RDF and Atom in any encoding it can
detect, maps `content:encoded` and Atom's `content` to `content`, and resolves relative links.
Each entry then becomes a `FeedItem`: the headline from its title, the body from its content
(the longest HTML one) or else its summary, sanitised into Telegram's HTML by the same
sanitiser and bounds as an editor's upload, the lead photo from `media:content`,
`media:thumbnail` or an image enclosure, its link, and its publication date.

Parsing is CPU work on untrusted input (a large feed takes a while): the poller runs `parse` in
a thread, never on the event loop.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import feedparser  # type: ignore[import-untyped]

from bot.limits import BODY_MAX_LENGTH, FEED_MAX_ENTRIES, HEADLINE_MAX_LENGTH, UPLOAD_MAX_TAGS
from bot.news import articles
from bot.news.articles import Problem
from bot.telegram.html import (
    LimitExceeded,
    plain_to_html,
    sanitize_html,
    truncate_text,
    visible_text,
)
from storage import FeedItem

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class NotAFeed(Exception):
    """The response is no feed feedparser can read (an HTML page, broken XML with no entries)."""


@dataclass(frozen=True, slots=True)
class Refused:
    """An entry that cannot become an article (no title, a body over the limits): why."""

    key: str
    problem: Problem


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's entries, newest first as the feed lists them: items, or why one was refused."""

    title: str
    entries: list[FeedItem | Refused]


def parse(content: bytes, content_type: str | None = None, url: str = "") -> ParsedFeed:
    """The feed in `content` (as served with `content_type`, from `url`), or NotAFeed."""
    # content-location: the base relative links in the entries are resolved against.
    headers = {"content-location": url} | ({"content-type": content_type} if content_type else {})
    # Our sanitiser makes any HTML Telegram-safe (it is the one uploads go through), so
    # feedparser's own is skipped: it cost 0.5 s of the 0.8 s a 200-entry feed took to parse.
    parsed = feedparser.parse(
        content, response_headers=headers, resolve_relative_uris=True, sanitize_html=False
    )
    entries = [item(entry) for entry in parsed.entries[:FEED_MAX_ENTRIES]]
    usable = any(isinstance(entry, FeedItem) for entry in entries)
    # feedparser reads what it can of broken XML (`bozo`): a feed that broke before any usable
    # entry is an error to report, not an empty feed.
    if (not parsed.get("version") and not entries) or (parsed.get("bozo") and not usable):
        reason = parsed.get("bozo_exception") or "no RSS, RDF or Atom found"
        raise NotAFeed(str(reason)[:200])
    return ParsedFeed(str(parsed.feed.get("title") or url), entries)


def item(entry: Mapping[str, Any]) -> FeedItem | Refused:
    """One entry as the article it becomes, or why it cannot be one."""
    link = _web_url(entry.get("link"))
    key = str(entry.get("id") or link or _digest(str(entry.get("title", ""))))
    headline = _headline(entry)
    problem = articles.check_headline(headline)
    if problem is not None:
        return Refused(key, problem)
    try:
        body = _body(entry)
    except LimitExceeded:
        return Refused(key, Problem("post-body-too-long", {"max": BODY_MAX_LENGTH}))
    problem = articles.check_body(body)
    if problem is not None and problem.key == "post-body-empty":
        # A headline-only entry (or one whose text was all markup) reads as its headline.
        body, problem = plain_to_html(headline), None
    if problem is not None:
        return Refused(key, problem)
    photo_url = _photo_url(entry)
    return FeedItem(
        key=key,
        headline=headline,
        body_html=body,
        link=link,
        photo_url=photo_url,
        published_at=_timestamp(
            _own_parsed(entry, "published_parsed") or _own_parsed(entry, "updated_parsed")
        ),
        updated=_own(entry, "updated"),
        fingerprint=_digest("\0".join((headline, body, photo_url or "", link or ""))),
    )


def _own(entry: Mapping[str, Any], key: str) -> str | None:
    """The entry's own value of `key`, not one feedparser maps from another (its `updated`
    falls back to `published` with a deprecation warning)."""
    value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
    return str(value) if value else None


def _own_parsed(entry: Mapping[str, Any], key: str) -> object:
    return dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)


def _headline(entry: Mapping[str, Any]) -> str:
    """The title as one line of text (an HTML title's tags removed), shortened to fit."""
    title = str(entry.get("title") or "")
    detail = entry.get("title_detail") or {}
    if detail.get("type") in _HTML_TYPES:
        title = visible_text(sanitize_html(title, max_text=HEADLINE_MAX_LENGTH * 4))
    return truncate_text(articles.clean_headline(title), HEADLINE_MAX_LENGTH)


def _body(entry: Mapping[str, Any]) -> str:
    """The entry's text as safe HTML: its longest content, else its summary ('' if none)."""
    contents: list[Mapping[str, Any]] = list(entry.get("content") or [])
    if not contents and entry.get("summary"):
        contents = [entry.get("summary_detail") or {"value": entry["summary"]}]
    if not contents:
        return ""
    chosen = max(contents, key=lambda content: len(str(content.get("value") or "")))
    value = str(chosen.get("value") or "")
    if chosen.get("type", "text/html") not in _HTML_TYPES:
        return plain_to_html(value)
    return sanitize_html(value, max_text=BODY_MAX_LENGTH, max_tags=UPLOAD_MAX_TAGS)


def _photo_url(entry: Mapping[str, Any]) -> str | None:
    """The lead photo: the first image of media:content, media:thumbnail or an enclosure."""
    media = [
        item
        for item in entry.get("media_content") or []
        if item.get("medium", "image") == "image" and _is_image_type(item.get("type"))
    ]
    enclosures = [
        link
        for link in entry.get("links") or []
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/")
    ]
    for candidate in _urls(media, entry.get("media_thumbnail") or [], enclosures):
        return candidate
    return None


def _is_image_type(kind: object) -> bool:
    return kind is None or str(kind).startswith("image/")


def _urls(*groups: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    for group in groups:
        for found in group:
            url = _web_url(found.get("url") or found.get("href"))
            if url:
                yield url


def _web_url(value: object) -> str | None:
    """`value` if it is an http(s) URL (what a button or sendPhoto may carry), else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _timestamp(parsed: object) -> int | None:
    """feedparser's UTC struct_time as epoch seconds."""
    if parsed is None:
        return None
    try:
        return calendar.timegm(parsed)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
