"""Part 9: a one-shot photo post to N subscribers against a text alert, at the same RATE_LIMIT.

An alert announcing a single article with a lead photo is a sendPhoto by file_id (nothing is
uploaded) with the alert as its caption; the target is the same throughput as the text alert
(±5%). Measured at RATE_LIMIT=30 against a server that answers 429 above Telegram's limits (the
free broadcast rate: pacing decides), and at RATE_LIMIT=1000 with 50 ms of server latency (paid
broadcasts: the cost of each send decides). Text and photo rounds alternate, same server.
"""

from __future__ import annotations

from typing import Any

from bench.measure import median
from bench.server import ServerProcess, local_server
from bench.throughput import RoundResult, engine_round
from storage import Photo

# The chat whose user "sends" the photo the rounds announce: a reader (bench_settings makes user 1
# the editor), whose photo the bot ignores, so that no reply counts among the round's sends.
_PHOTO_SOURCE = 2


async def _issued_photo(server: ServerProcess) -> Photo:
    """A photo the server issued a file_id for, as an editor's photo post gives the bot."""
    update = await server.control("send_photo", chat_id=_PHOTO_SOURCE, width=1280, height=853)
    size = update["message"]["photo"][-1]
    return Photo(
        size["file_id"], size["file_unique_id"], size["width"], size["height"], size["file_size"]
    )


def _http_429(rounds: list[RoundResult]) -> int:
    return sum(int(r.stats.get("by_status", {}).get("429", 0)) for r in rounds)


async def photo_throughput(
    *, chats: int, rate_limit: int, latency: float, runs: int
) -> dict[str, Any]:
    """Median rates of `runs` alternating text and photo rounds to `chats` chats."""
    async with local_server(latency=latency, flood=rate_limit <= 30) as server:
        photo = await _issued_photo(server)
        text_rounds, photo_rounds = [], []
        for _ in range(runs):
            for rounds, with_photo in ((text_rounds, None), (photo_rounds, photo)):
                rounds.append(
                    await engine_round(
                        server,
                        chats=chats,
                        workers=None,
                        rate_limit=rate_limit,
                        lift_pacing=False,
                        photo=with_photo,
                    )
                )
    text_rate = median([r.rate for r in text_rounds])
    photo_rate = median([r.rate for r in photo_rounds])
    return {
        "rate_limit": rate_limit,
        "latency_ms": round(latency * 1000),
        "chats": chats,
        "text_msgs_per_s": text_rate,
        "photo_msgs_per_s": photo_rate,
        "photo_vs_text": photo_rate / text_rate if text_rate else 0.0,
        "text_runs": [r.rate for r in text_rounds],
        "photo_runs": [r.rate for r in photo_rounds],
        "http_429": _http_429(text_rounds + photo_rounds),
    }
