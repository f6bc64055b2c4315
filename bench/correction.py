"""Part 10: a correction of an article that went out to N chats, until every copy is edited.

A round of the real application announces a new article to N subscribers; then the article is
corrected (headline and text) through the news domain, `corrections.apply` with `propagate`, as
/edit does, and the engine is woken. The clock runs from the correction until the server carried
out the last edit; the floor is copies ÷ the rate edits may go at: RATE_LIMIT, or Telegram's free
30 a second above it (paid broadcasts are for sends only). The server enforces Telegram's flood
limits (paid sends up to 1,000 a second) and keeps its records here (not
`--lean`), so 429s and duplicate edits are counted from every request it received: a message
edited more than once by one correction, or an edit answered "message is not modified" (the same
content sent twice).

Each run corrects twice. The first correction runs alone: its time is the figure compared with
the floor. The second runs while readers ask for /latest and /read one at a time, as in part 3
(`bench.replies.sample`), and their round trips are compared with those taken during the round.
Replies share the rate with the edits, so the second correction takes longer by the replies'
share; it is reported, not compared with the floor.

Above 30 a second, a third correction runs while a paid round announces another article to
every chat: that round's time is compared with the first round's, which ran alone.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.constants import FloodLimit

from bench.dataset import build
from bench.measure import bench_settings, median
from bench.replies import sample, summary
from bench.server import ServerProcess, local_server
from bot.app import build_application, running
from bot.context import Services, services_of
from bot.delivery.propagation import propagate
from bot.news import corrections
from bot.news.corrections import Corrected
from bot.telegram.flood_control import Pacer

# Telegram's rate for what cannot be paid for (FloodLimit.MESSAGES_PER_SECOND).
_FREE_RATE = FloodLimit.MESSAGES_PER_SECOND
_ARTICLES = 200
# How long the correction runs alone before the round beside it starts.
_UNDER_WAY = 1.0  # readers' /read asks for one of these; the round announces the next one
_FIRST_CHAT = 1_000_000
_EDITOR = 1  # bench_settings makes user 1 the editor
_EDIT_METHODS = frozenset({"editMessageText", "editMessageCaption", "editMessageMedia"})
# How often the benchmark asks the bot's database whether the work is done: the question scans
# the work of the article (~6 ms on the bot's one connection), so asking it every few
# milliseconds would slow what it measures. The timed end comes from the server's records.
_POLL = 0.25

Busy = Callable[[], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class Correction:
    """One measured correction, from the server's records of the requests it caused."""

    copies: int
    seconds: float
    edits: int
    http_429: int
    duplicates: int
    not_modified: int


async def _while_busy(
    server: ServerProcess, busy: Busy, *, limit: int, rate_limit: float
) -> dict[str, list[float]]:
    """Readers' round trips (part 3's sampler), one pair at a time, as long as `busy` says so
    (asked every `_POLL` s); at most `limit` pairs."""
    found: dict[str, list[float]] = {"latest": [], "read": []}
    asked, still = 0.0, True
    for _ in range(limit):
        if time.monotonic() - asked >= _POLL:
            asked, still = time.monotonic(), await busy()
        if not still:
            break
        for command, values in (await sample(server, 1, _ARTICLES, rate_limit)).items():
            found[command].extend(values)
    return found


async def _until_idle(busy: Busy, within: float, what: str) -> None:
    """Return once `busy` says no more; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while await busy():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not finished after {within:.0f} s")
        await asyncio.sleep(_POLL)


def _correcting(services: Services, article_id: int) -> Busy:
    async def busy() -> bool:
        states = await services.storage.messages.work_states(article_id)
        return bool(states.get("due") or states.get("claimed"))

    return busy


def _announcing(services: Services, article_id: int, chats: int) -> Busy:
    async def busy() -> bool:  # a sent alert is tracked once its outcome is recorded
        copies, _ = await services.storage.messages.count_showing(article_id)
        return copies < chats

    return busy


async def _round(
    server: ServerProcess,
    services: Services,
    *,
    chats: int,
    rate_limit: float,
    samples: int,
    headline: str = "The round's headline",
) -> tuple[int, dict[str, list[float]], float]:
    """Publish an article and send it to every chat; readers' round trips meanwhile, and the
    seconds from the request until the last alert was tracked (within `_POLL`)."""
    article = await services.storage.articles.publish(headline, "Body.", _EDITOR)
    await server.control("reset_send_stats")
    started = time.monotonic()
    services.delivery.request_round()
    await server.wait_for_sends(min(chats, 50), within=60)  # the round is going
    busy = _announcing(services, article.id, chats)
    replies = await _while_busy(server, busy, limit=samples, rate_limit=rate_limit)
    await _until_idle(busy, 3 * chats / rate_limit + 60, "the round")
    return article.id, replies, time.monotonic() - started


async def _correct(
    server: ServerProcess,
    services: Services,
    article_id: int,
    version: int,
    *,
    rate_limit: float,
    latency: float,
    samples: int,
) -> tuple[Correction, dict[str, list[float]]]:
    """Correct the article's headline and text as /edit does; time it until the last edit."""
    since = int((await server.counters())["requests"])
    started = time.monotonic()
    updating = await _start_correction(services, article_id, version)
    busy = _correcting(services, article_id)
    replies = await _while_busy(server, busy, limit=samples, rate_limit=rate_limit)
    await _until_idle(busy, 3 * updating / _edit_rate(rate_limit) + 60, "the correction")
    requests = await server.read("requests", since=since)
    return _measured(requests, updating, started, latency), replies


async def _start_correction(services: Services, article_id: int, version: int) -> int:
    """Correct the article as /edit does and wake the engine; the copies to update."""
    outcome = await corrections.apply(
        services.storage,
        article_id,
        _EDITOR,
        headline=f"The round's headline, corrected ({version})",
        body_html=f"Body, corrected ({version}).",
        propagate=propagate,
    )
    assert isinstance(outcome, Corrected), outcome
    services.delivery.wake()
    return outcome.updating


async def _round_beside_a_correction(
    server: ServerProcess, services: Services, article_id: int, *, chats: int, rate_limit: float
) -> float:
    """A paid round to every chat while a correction of an earlier article is under way:
    the round's seconds. The correction is then let finish (its time is not measured)."""
    updating = await _start_correction(services, article_id, 3)
    busy = _correcting(services, article_id)
    await asyncio.sleep(_UNDER_WAY)
    _, _, seconds = await _round(
        server, services, chats=chats, rate_limit=rate_limit, samples=0, headline="Second round"
    )
    await _until_idle(busy, 3 * updating / _edit_rate(rate_limit) + 60, "the correction")
    return seconds


def _edit_rate(rate_limit: float) -> float:
    """The rate edits go at: RATE_LIMIT, or the free rate when broadcasts are paid."""
    return min(rate_limit, _FREE_RATE)


def _measured(
    requests: list[dict[str, Any]], copies: int, started: float, latency: float
) -> Correction:
    """What the server's records say about one correction."""
    edits = [r for r in requests if r["method"] in _EDIT_METHODS]
    done = [r["time"] for r in edits if r["status"] == 200]
    per_chat = Counter(r["chat_id"] for r in edits if r["status"] == 200)
    not_modified = sum(1 for r in edits if "not modified" in (r["description"] or ""))
    # A request's time is its arrival; the server carries it out after its latency.
    last = max(done) + latency if done else started
    return Correction(
        copies=copies,
        seconds=last - started,
        edits=len(done),
        http_429=sum(1 for r in requests if r["status"] == 429),
        duplicates=sum(n - 1 for n in per_chat.values() if n > 1) + not_modified,
        not_modified=not_modified,
    )


def _pooled(samples: list[dict[str, list[float]]]) -> dict[str, list[float]]:
    return {command: [v for found in samples for v in found[command]] for command in samples[0]}


@dataclass(frozen=True, slots=True)
class _Run:
    alone: Correction
    with_readers: Correction
    during_round: dict[str, list[float]]
    during_correction: dict[str, list[float]]
    round_alone_s: float
    round_beside_correction_s: float | None


async def _run(
    server: ServerProcess, *, chats: int, rate_limit: int, latency: float, samples: int
) -> _Run:
    """A round to `chats` chats, then two corrections: alone, and with readers asking."""
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        # Up to date at start, so the bot's own start-up round sends nothing.
        await build(
            database, articles=_ARTICLES, chats=chats, first_chat_id=_FIRST_CHAT, behind=False
        )
        settings = bench_settings(server, database, rate_limit=rate_limit)
        async with running(build_application(settings), poll_timeout=10) as application:
            services = services_of(application)
            await sample(server, 3, _ARTICLES, rate_limit)  # warm-up
            article_id, during_round, round_alone = await _round(
                server, services, chats=chats, rate_limit=rate_limit, samples=samples
            )
            timing = {"rate_limit": rate_limit, "latency": latency}
            alone, _ = await _correct(server, services, article_id, 1, samples=0, **timing)
            loaded, during = await _correct(
                server, services, article_id, 2, samples=samples, **timing
            )
            beside = None
            if Pacer(rate_limit, free_rate=_FREE_RATE).paid:
                beside = await _round_beside_a_correction(
                    server, services, article_id, chats=chats, rate_limit=rate_limit
                )
    return _Run(alone, loaded, during_round, during, round_alone, beside)


async def correction_speed(
    *, chats: int, rate_limit: int, latency: float, runs: int, samples: int
) -> dict[str, Any]:
    """Median time of `runs` corrections reaching `chats` copies, against the floor; readers'
    round trips during the rounds and during the corrections (pooled over the runs).

    Each run has a server of its own: a recording server's records grow with every request,
    and a second run on the same one would pay for the first one's (its garbage collections).
    """
    done = []
    for _ in range(runs):
        async with local_server(latency=latency, flood=True, lean=False) as server:
            done.append(
                await _run(
                    server, chats=chats, rate_limit=rate_limit, latency=latency, samples=samples
                )
            )
    return _row(chats, rate_limit, latency, done)


def _row(chats: int, rate_limit: int, latency: float, runs: list[_Run]) -> dict[str, Any]:
    alone = [run.alone for run in runs]
    with_readers = [run.with_readers for run in runs]
    floor = alone[0].copies / _edit_rate(rate_limit)
    beside = [run.round_beside_correction_s for run in runs]
    round_summary, correction_summary = (
        summary(_pooled([run.during_round for run in runs])),
        summary(_pooled([run.during_correction for run in runs])),
    )
    return {
        "rate_limit": rate_limit,
        "latency_ms": round(latency * 1000),
        "chats": chats,
        "runs": len(alone),
        "copies": alone[0].copies,
        "floor_s": floor,
        "seconds": median([c.seconds for c in alone]),
        "vs_floor": median([c.seconds for c in alone]) / floor,
        "vs_floor_runs": [c.seconds / floor for c in alone],
        "with_readers_vs_floor": median([c.seconds for c in with_readers]) / floor,
        "edits": [c.edits for c in alone + with_readers],
        "http_429": sum(c.http_429 for c in alone + with_readers),
        "duplicate_edits": sum(c.duplicates for c in alone + with_readers),
        "round_alone_s": median([run.round_alone_s for run in runs]),
        "round_beside_correction_s": median([b for b in beside if b is not None])
        if any(beside)
        else None,
        "replies_during_round": round_summary,
        "replies_during_correction": correction_summary,
        "p99_correction_vs_round": {
            command: correction_summary[f"{command}_p99_ms"] / round_summary[f"{command}_p99_ms"]
            for command in ("latest", "read")
            if round_summary[f"{command}_p99_ms"]
        },
    }
