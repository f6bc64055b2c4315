"""Part 12: a feed of 200 new entries imported, sanitised and planned for delivery (issue 12).

The feed is RSS 2.0 with HTML-heavy `content:encoded` bodies (the sample page's article, with
the markup a CMS adds: scripts, images, tables, lists, links) and a media:content photo each.
Measured: the bot's CPU (this process's, every thread: feedparser runs in one, SQLite in
another) from the bytes to every alert planned for `chats` subscribers: parsing, sanitising,
storing each article with its entry, and planning the round. Target: under 2 s.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

from bench.measure import median
from bot.feeds import importer
from bot.feeds.entries import parse
from bot.limits import PLAN_CHUNK
from storage import Storage

_SAMPLE = Path("/work/shared/samples/news_page.txt")
_PARAGRAPH = (
    "U.S. Presidential Envoy Steve Witkoff advised Yury Ushakov, a top foreign policy aide to"
    " Russia's leader, on how Moscow should present its proposals for ending the war against"
    " Ukraine to U.S. President Donald Trump in a way that would ensure a favorable response."
)


def _body(number: int) -> str:
    """An article body as a CMS publishes it: about 5,000 characters of text in markup."""
    text = _SAMPLE.read_text(encoding="utf-8") if _SAMPLE.exists() else _PARAGRAPH * 25
    paragraphs = [line for line in text.splitlines() if len(line) > 80][:20] or [_PARAGRAPH]
    html = [f'<div class="article" id="a{number}"><script>track({number})</script>']
    for index, paragraph in enumerate(paragraphs):
        html.append(f"<p>{paragraph} <a href='/en/news/{number}-{index}'>more</a></p>")
        if index % 5 == 0:
            html.append(f'<img src="/img/{number}-{index}.jpg" alt="">')
            html.append("<table><tr><td>Read also:</td><td><b>Related</b></td></tr></table>")
            html.append("<ul><li>Donetsk</li><li>Luhansk</li><li>Crimea</li></ul>")
    html.append("</div>")
    return "".join(html)


def feed_of(entries: int, start: float) -> bytes:
    """An RSS 2.0 feed of `entries` new entries, newest first."""
    items = []
    for number in range(entries, 0, -1):
        items.append(
            f"<item><guid>bench-{number}</guid><title>Entry {number}: Trump says ready to meet"
            f" Zelensky, Putin only when peace deal is reached</title>"
            f"<link>https://desk.example/en/news/{number}</link>"
            f"<pubDate>{formatdate(start + number, usegmt=True)}</pubDate>"
            f"<content:encoded><![CDATA[{_body(number)}]]></content:encoded>"
            f'<media:content url="https://desk.example/img/{number}.jpg" medium="image"/></item>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Bench</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


async def _no_propagation(storage: Storage, article_id: int) -> int:
    return 0


async def _run_once(entries: int, chats: int, directory: Path) -> dict[str, float]:
    storage = await Storage.open(directory / "feeds.sqlite3")
    try:
        for chat_id in range(1, chats + 1):
            await storage.subscriptions.subscribe(chat_id, "private")
        feed = await storage.feeds.add("https://desk.example/rss", 1)
        assert feed is not None
        # Primed before: every entry is new, none of the first poll's quiet imports.
        await storage.feeds.succeeded(feed.id, 0)
        feed = await storage.feeds.get(feed.id)
        assert feed is not None
        content = feed_of(entries, time.time())
        wall, cpu = time.perf_counter(), time.process_time()
        parsed = await asyncio.to_thread(parse, content, "application/rss+xml", feed.url)
        parsed_cpu = time.process_time() - cpu
        done = await importer.take(storage, feed, parsed, propagate=_no_propagation)
        planned = await storage.outbox.plan_round(PLAN_CHUNK)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        assert len(done.announced) == entries and planned is not None
        return {"cpu_s": cpu, "parse_cpu_s": parsed_cpu, "wall_s": wall}
    finally:
        await storage.close()


async def feed_import(*, entries: int, chats: int, runs: int) -> dict[str, Any]:
    """Median CPU seconds of `runs` imports of `entries` new entries for `chats` subscribers."""
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as directory:
            results.append(await _run_once(entries, chats, Path(directory)))
    cpu = median([result["cpu_s"] for result in results])
    return {
        "entries": entries,
        "chats": chats,
        "feed_kb": round(len(feed_of(entries, 0)) / 1024),
        "cpu_s": round(cpu, 3),
        "parse_cpu_s": round(median([result["parse_cpu_s"] for result in results]), 3),
        "wall_s": round(median([result["wall_s"] for result in results]), 3),
        "target_s": 2.0,
        "within_target": cpu < 2.0,
    }
