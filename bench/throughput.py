"""Parts 1 and 6: the delivery engine's send rate against a bare send loop and against the peer.

Part 1 (engine overhead): a round to N subscribed chats through the real application (outbox,
pacing, views, bookkeeping) with pacing lifted, versus a bare `bot.send_message` loop at the same
concurrency on the same transport, against the same server, in the same run.
Part 6 (paid-broadcast ceiling): the same round with RATE_LIMIT=1000 as configured, versus
aiogram-broadcaster on the same server.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot

from bench.dataset import build
from bench.measure import bench_settings, median, send_rate
from bench.server import TOKEN, ServerProcess, local_server
from bot.app import bot_api_request, build_application, running
from bot.context import services_of
from bot.telegram.flood_control import Pacer
from bot.views.alerts import alert_keyboard, alert_message
from bot.views.i18n import Translator
from storage import Headline, Photo

# Pacing "lifted": a schedule far above anything the client can reach.
UNPACED = 1_000_000.0
FIRST_CHAT = 1_000_000


@dataclass(frozen=True, slots=True)
class RoundResult:
    """One measured round."""

    rate: float
    seconds: float
    sent: int
    cpu_seconds: float
    stats: dict[str, Any]


async def engine_round(
    server: ServerProcess,
    *,
    chats: int,
    workers: int | None,
    rate_limit: float,
    lift_pacing: bool,
    transport: str = "aiohttp",
    photo: Photo | None = None,
) -> RoundResult:
    """One round of the real application to `chats` chats; the rate the server saw.

    `workers` None lets newsbot size its pool from RATE_LIMIT, as it does in production. With
    `photo`, the article the round announces has that lead photo: every alert is a sendPhoto.
    """
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        await build(database, articles=20, chats=chats, first_chat_id=FIRST_CHAT, photo=photo)
        settings = bench_settings(
            server,
            database,
            rate_limit=min(rate_limit, 1000),
            delivery_workers=workers,
            http_transport=transport,
        )
        pacer = Pacer(UNPACED) if lift_pacing else None
        async with running(build_application(settings, pacer=pacer)) as application:
            services = services_of(application)
            await server.control("reset_send_stats")
            started, cpu = time.perf_counter(), time.process_time()
            services.delivery.request_round()
            await server.wait_for_sends(chats, within=600)
            seconds = time.perf_counter() - started
            cpu_used = time.process_time() - cpu
            stats = await server.send_stats()
    return RoundResult(send_rate(stats), seconds, int(stats["accepted"]), cpu_used, stats)


def sample_alert() -> tuple[str, Any]:
    """The text and keyboard of a typical alert, as the engine renders them."""
    headlines = [
        Headline(n, f"Headline number {n}: the news of the hour", int(time.time()), 0)
        for n in range(20, 17, -1)
    ]
    translator = Translator()
    text = alert_message(
        headlines,
        total=3,
        is_channel=False,
        translator=translator,
        language="en",
        zone=ZoneInfo("Asia/Tbilisi"),
    )
    return text, alert_keyboard(headlines, is_channel=False, bot_username="b")


async def bare_loop(
    server: ServerProcess,
    *,
    chats: int,
    workers: int,
    transport: str = "aiohttp",
    application_bot: bool = False,
) -> RoundResult:
    """`bot.send_message` to every chat from `workers` concurrent loops, nothing else.

    The bot is a plain `telegram.Bot` on newsbot's transport, or with `application_bot` the
    application's own ExtBot (defaults, rate-limiter hook), which isolates the engine's own cost.
    """
    with tempfile.TemporaryDirectory() as directory:
        settings = bench_settings(
            server,
            Path(directory) / "unused.sqlite3",
            delivery_workers=workers,
            http_transport=transport,
        )
        bot: Bot = (
            build_application(settings, pacer=Pacer(UNPACED)).bot
            if application_bot
            else Bot(TOKEN, base_url=server.base_url, request=bot_api_request(settings))
        )
        text, keyboard = sample_alert()
        queue: asyncio.Queue[int] = asyncio.Queue()
        for chat_id in range(FIRST_CHAT, FIRST_CHAT + chats):
            queue.put_nowait(chat_id)

        async def worker() -> None:
            while not queue.empty():
                chat_id = queue.get_nowait()
                await bot.send_message(chat_id, text, parse_mode="HTML", reply_markup=keyboard)

        async with bot:
            await server.control("reset_send_stats")
            started, cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(worker() for _ in range(workers)))
            seconds = time.perf_counter() - started
            cpu_used = time.process_time() - cpu
            stats = await server.send_stats()
    return RoundResult(send_rate(stats), seconds, int(stats["accepted"]), cpu_used, stats)


async def peer_round(server: ServerProcess, *, chats: int, in_flight: int) -> RoundResult:
    """aiogram-broadcaster in its own process, as a desk would run it."""
    await server.control("reset_send_stats")
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.peers",
        "--server",
        server.url,
        "--token",
        TOKEN,
        "--chats",
        str(chats),
        "--first-chat",
        str(FIRST_CHAT),
        "--in-flight",
        str(in_flight),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=900)
    if process.returncode != 0:
        raise RuntimeError(f"peer failed: {output.decode()[-2000:]}")
    seconds = time.perf_counter() - started
    stats = await server.send_stats()
    return RoundResult(send_rate(stats), seconds, int(stats["accepted"]), float("nan"), stats)


async def engine_overhead(
    *, chats: int, workers: int, latencies: tuple[float, ...], runs: int
) -> list[dict[str, Any]]:
    """Part 1: engine rate / bare-loop rate, per latency, medians of `runs` alternating runs."""
    rows = []
    for latency in latencies:
        async with local_server(latency=latency) as server:
            engine, bare, same_bot, httpx_bare = [], [], [], []
            for _ in range(runs):
                engine.append(
                    await engine_round(
                        server, chats=chats, workers=workers, rate_limit=1000, lift_pacing=True
                    )
                )
                bare.append(await bare_loop(server, chats=chats, workers=workers))
                same_bot.append(
                    await bare_loop(server, chats=chats, workers=workers, application_bot=True)
                )
            httpx_bare.append(
                await bare_loop(server, chats=min(chats, 3000), workers=workers, transport="httpx")
            )
        engine_rate = median([r.rate for r in engine])
        bare_rate = median([r.rate for r in bare])
        same_bot_rate = median([r.rate for r in same_bot])
        rows.append(
            {
                "latency_ms": round(latency * 1000),
                "chats": chats,
                "in_flight": workers,
                "engine_msgs_per_s": engine_rate,
                "bare_loop_msgs_per_s": bare_rate,
                "ratio": engine_rate / bare_rate if bare_rate else 0.0,
                "ratios_per_run": [e.rate / b.rate for e, b in zip(engine, bare, strict=True)],
                "bare_app_bot_msgs_per_s": same_bot_rate,
                "ratio_same_bot": engine_rate / same_bot_rate if same_bot_rate else 0.0,
                "engine_cpu_share": median([r.cpu_seconds / r.seconds for r in engine]),
                "bare_cpu_share": median([r.cpu_seconds / r.seconds for r in bare]),
                "bare_httpx_msgs_per_s": httpx_bare[0].rate,
            }
        )
    return rows


async def paid_ceiling(
    *, chats: int, latency: float, runs: int, peer_in_flight: int
) -> dict[str, Any]:
    """Part 6: RATE_LIMIT=1000 as configured, against aiogram-broadcaster, same server."""
    async with local_server(latency=latency) as server:
        engine, lifted, peer = [], [], []
        for _ in range(runs):
            lifted.append(
                await engine_round(
                    server, chats=chats, workers=None, rate_limit=1000, lift_pacing=True
                )
            )
            engine.append(
                await engine_round(
                    server, chats=chats, workers=None, rate_limit=1000, lift_pacing=False
                )
            )
            peer.append(await peer_round(server, chats=chats, in_flight=peer_in_flight))
    engine_rate = median([r.rate for r in engine])
    peer_rate = median([r.rate for r in peer])
    return {
        "latency_ms": round(latency * 1000),
        "chats": chats,
        "engine_msgs_per_s": engine_rate,
        "engine_runs": [r.rate for r in engine],
        "engine_unpaced_msgs_per_s": median([r.rate for r in lifted]),
        "engine_in_flight": bench_settings(server, Path("unused"), rate_limit=1000).workers,
        "peer_msgs_per_s": peer_rate,
        "peer_runs": [r.rate for r in peer],
        "peer_in_flight": peer_in_flight,
        "engine_vs_peer": engine_rate / peer_rate if peer_rate else 0.0,
    }
