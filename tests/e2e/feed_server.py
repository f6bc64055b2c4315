"""A desk's website for the feed tests, on 127.0.0.1: serves feeds the tests set up (RSS 2.0 and
Atom fixtures, or items built here), with ETag and Last-Modified (answering a matching
conditional GET with 304), and the ways real sites fail: malformed XML, an oversized body, a
redirect loop, a server too slow to answer."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


@dataclass(slots=True)
class Route:
    """What one path answers: `body` with `content_type` (and validators derived from it),
    or a redirect to `location`, or nothing for `delay` seconds first."""

    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    location: str | None = None
    delay: float = 0.0
    chunks: int = 1


@dataclass(slots=True)
class Item:
    """An RSS item built by a test."""

    guid: str | None
    title: str
    body_html: str
    link: str
    published: float
    photo_url: str | None = None


@dataclass(slots=True)
class FeedServer:
    """The routes, and every request seen (path, If-None-Match, status) for assertions."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str | None, int]] = field(default_factory=list)
    base_url: str = ""

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def serve(self, path: str, body: bytes, content_type: str | None = None) -> None:
        self.routes[path] = Route(body, content_type or self._type_of(body))

    def serve_fixture(self, path: str, name: str) -> None:
        self.serve(path, (FIXTURES / name).read_bytes())

    def serve_items(self, path: str, items: Sequence[Item]) -> None:
        self.serve(path, rss(items))

    def statuses(self, path: str) -> list[int]:
        return [status for seen, _, status in self.requests if seen == path]

    @staticmethod
    def _type_of(body: bytes) -> str:
        return (
            "application/atom+xml; charset=utf-8"
            if b"http://www.w3.org/2005/Atom" in body
            else "application/rss+xml; charset=utf-8"
        )

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        route = self.routes.get(request.path)
        if route is None:
            return self._seen(request, web.Response(status=404))
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.location is not None:
            redirect = web.Response(status=302, headers={"Location": route.location})
            return self._seen(request, redirect)
        etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return self._seen(request, web.Response(status=304, headers={"ETag": etag}))
        headers = {"ETag": etag, "Last-Modified": formatdate(usegmt=True)}
        if route.chunks == 1:
            response = web.Response(body=route.body, headers=headers)
            response.content_type = route.content_type.split(";")[0]
            return self._seen(request, response)
        # Sent in pieces without a Content-Length: the reader must count what arrives.
        stream = web.StreamResponse(headers={**headers, "Content-Type": route.content_type})
        self._seen(request, stream)
        await stream.prepare(request)
        size = -(-len(route.body) // route.chunks)
        for start in range(0, len(route.body), size):
            await stream.write(route.body[start : start + size])
        await stream.write_eof()
        return stream

    def _seen(self, request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
        self.requests.append((request.path, request.headers.get("If-None-Match"), response.status))
        return response


def rss(items: Sequence[Item], title: str = "Desk News") -> bytes:
    """An RSS 2.0 feed of `items` with content:encoded and media:content, newest first."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:media="http://search.yahoo.com/mrss/"><channel>',
        f"<title>{escape(title)}</title><link>https://desk.example/</link>",
    ]
    for item in sorted(items, key=lambda item: item.published, reverse=True):
        parts.append("<item>")
        if item.guid is not None:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        parts.append(f"<title>{escape(item.title)}</title><link>{escape(item.link)}</link>")
        parts.append(f"<pubDate>{formatdate(item.published, usegmt=True)}</pubDate>")
        parts.append(f"<content:encoded><![CDATA[{item.body_html}]]></content:encoded>")
        if item.photo_url:
            parts.append(f'<media:content url="{escape(item.photo_url)}" medium="image"/>')
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


@asynccontextmanager
async def feed_server() -> AsyncIterator[FeedServer]:
    """The server on a free port of 127.0.0.1, stopped after the block."""
    server = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", server._handle)
    # A slow route's handler still sleeping is cut short at the end, not waited for.
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    server.base_url = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()
