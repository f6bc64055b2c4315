"""Fetching a feed over HTTP with httpx: conditional, bounded, and only ever http or https.

Each poll sends the validators of the last full answer (ETag as If-None-Match, Last-Modified as
If-Modified-Since), so an unchanged feed costs a 304 and no parsing. Redirects are followed by
hand, at most FEED_MAX_REDIRECTS, each target checked (a redirect to file:// or ftp:// is
refused, not followed). The body is read as it arrives and refused past FEED_MAX_BYTES (a
Content-Length that announces more is refused before reading); each read or connect waits at
most FEED_TIMEOUT, and the whole fetch at most FEED_DEADLINE, so a server that trickles bytes
cannot hold a poll.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from bot.limits import FEED_DEADLINE, FEED_MAX_BYTES, FEED_MAX_REDIRECTS, FEED_TIMEOUT

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_USER_AGENT = "newsbot feed reader"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A full answer: the body, its type, and the validators to send next time."""

    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    url: str


@dataclass(frozen=True, slots=True)
class NotModified:
    """304: the feed has not changed since the validators sent."""


class FetchError(Exception):
    """Why a feed could not be fetched, in a line an editor can read in /feeds."""


def is_web_url(url: str) -> bool:
    """An http or https URL with a host: the only feeds newsbot polls."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def client() -> httpx.AsyncClient:
    """The client every poll shares (one connection pool), with the per-read timeout."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(FEED_TIMEOUT),
        follow_redirects=False,
        headers={"User-Agent": _USER_AGENT, "Accept": "application/rss+xml, application/atom+xml,"
                 " application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"},
    )  # fmt: skip


async def fetch(
    http: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched | NotModified:
    """The feed at `url`, or NotModified; FetchError says why not."""
    try:
        async with asyncio.timeout(FEED_DEADLINE):
            return await _follow(http, url, etag, last_modified)
    except TimeoutError:
        raise FetchError(f"no complete answer within {FEED_DEADLINE:.0f} s") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {FEED_TIMEOUT:.0f} s") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{type(error).__name__}: {error}"[:200]) from None


async def _follow(
    http: httpx.AsyncClient, url: str, etag: str | None, last_modified: str | None
) -> Fetched | NotModified:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(FEED_MAX_REDIRECTS + 1):
        if not is_web_url(url):
            raise FetchError(f"not an http or https URL: {url[:100]}")
        async with http.stream("GET", url, headers=headers) as response:
            if response.status_code in _REDIRECTS and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            if response.status_code == 304:
                return NotModified()
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            content = await _read(response)
            return Fetched(
                content,
                response.headers.get("content-type"),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
                url,
            )
    raise FetchError(f"more than {FEED_MAX_REDIRECTS} redirects")


async def _read(response: httpx.Response) -> bytes:
    """The body, refused once it is past FEED_MAX_BYTES (announced or counted)."""
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > FEED_MAX_BYTES:
        raise FetchError(f"larger than {FEED_MAX_BYTES // 2**20} MB")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > FEED_MAX_BYTES:
            raise FetchError(f"larger than {FEED_MAX_BYTES // 2**20} MB")
        chunks.append(chunk)
    return b"".join(chunks)
