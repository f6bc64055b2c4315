"""The peer: what aiogram 3 and aiogram-broadcaster reach against the same local Bot API server.

Benchmark-only code: it needs `aiogram` and `aiogram-broadcaster`, which the bot itself does not
use. Two runners send one HTML message with a 3-button inline keyboard (like newsbot's alerts) to
every chat:

* `run_aiogram_broadcast` uses aiogram-broadcaster's own machinery. A broadcaster `Mailer` sends
  strictly one message at a time (`Mailer._process_chats` awaits each send before popping the next
  chat, and the library has no concurrency setting), so `in_flight` concurrent sends are obtained
  the way the library offers parallelism ("multiple parallel mailings"): the chats are split into
  `in_flight` disjoint shards, one mailer per shard on the same `Bot`, started together through a
  `MailerGroup`.
* `run_aiogram_bare` is a plain `bot.send_message` loop over a bounded pool of `in_flight` workers,
  the "bare loop" baseline.

Both point aiogram at the server with `AiohttpSession(api=TelegramAPIServer.from_base(root))`, so
requests go to `<root>/bot<token>/<method>`. Timing runs from just before the first send starts to
the last completion; `client_cpu_seconds` is this process's CPU time (`time.process_time()`) over
the same window. Every run is bounded by `time_limit` seconds: then it stops taking chats, lets the
sends in flight finish for up to `grace` seconds, cancels what remains and reports what it managed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

__all__ = [
    "DEFAULT_BUTTONS",
    "DEFAULT_TEXT",
    "PeerResult",
    "keyboard",
    "make_bot",
    "run_aiogram_bare",
    "run_aiogram_broadcast",
    "versions",
]

#: An alert-sized HTML message (~300 characters of HTML), as newsbot sends to subscribers.
DEFAULT_TEXT = (
    "<b>Parliament passes the 2027 budget after a 14-hour session</b>\n\n"
    "The vote was 81 to 42. The opposition walked out before the final reading, saying the plan "
    "leaves regional hospitals short of staff; the finance minister called it "
    "&quot;the most careful budget in a decade&quot;.\n\n"
    "<i>Politics · 12:40</i>"
)

#: Three callback buttons, one row, like an alert's "read / latest / unsubscribe".
DEFAULT_BUTTONS: tuple[tuple[str, str], ...] = (
    ("Read", "read:123456"),
    ("Latest", "older:0:5"),
    ("Unsubscribe", "unsub:politics"),
)

DEFAULT_TIME_LIMIT = 300.0
DEFAULT_GRACE = 10.0


@dataclass
class PeerResult:
    """What one peer run reached."""

    runner: str
    chats: int
    in_flight: int
    sent: int
    failed: int
    seconds: float
    messages_per_second: float
    client_cpu_seconds: float
    timed_out: bool = False
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def unsent(self) -> int:
        """Chats neither sent nor failed (left over by a timeout or a crashed mailer)."""
        return self.chats - self.sent - self.failed

    @property
    def client_cpu_percent(self) -> float:
        return 100.0 * self.client_cpu_seconds / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["unsent"] = self.unsent
        data["client_cpu_percent"] = round(self.client_cpu_percent, 1)
        return data

    def line(self) -> str:
        """One line of results."""
        text = (
            f"{self.runner}: sent={self.sent} failed={self.failed} unsent={self.unsent} "
            f"seconds={self.seconds:.3f} msg/s={self.messages_per_second:.1f} "
            f"client_cpu={self.client_cpu_seconds:.2f}s ({self.client_cpu_percent:.0f}%) "
            f"in_flight={self.in_flight} chats={self.chats}"
        )
        if self.timed_out:
            text += " TIMED-OUT"
        if self.errors:
            text += " errors=" + "; ".join(f"{k} x{v}" for k, v in self.errors.items())
        return text


def versions() -> dict[str, str]:
    """Installed versions of the peer's libraries."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("aiogram", "aiogram-broadcaster", "aiohttp", "pydantic"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def keyboard(buttons: Sequence[tuple[str, str]] = DEFAULT_BUTTONS) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in buttons]
        ]
    )


def _api_root(base_url_root: str) -> str:
    """Accept the server root, or PTB's style `.../bot` base URL, and return the root."""
    root = base_url_root.rstrip("/")
    if root.endswith("/bot"):
        root = root[: -len("/bot")]
    return root


def make_bot(base_url_root: str, token: str, in_flight: int) -> Bot:
    """An aiogram Bot on the local server; the connection pool never caps `in_flight`."""
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(_api_root(base_url_root)),
        limit=max(100, in_flight),  # 100 is aiogram's default
    )
    return Bot(token=token, session=session)


def _describe(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error)
    return f"{type(error).__name__}: {message}"[:120]


async def _bounded(
    tasks: Sequence[asyncio.Task[Any]],
    time_limit: float,
    grace: float,
    stop: Callable[[], Awaitable[None]],
) -> bool:
    """Wait for `tasks` up to `time_limit` seconds; then `stop()`, allow `grace`, cancel the rest.

    Returns True when the timeout struck.
    """
    _, pending = await asyncio.wait(tasks, timeout=time_limit)
    if not pending:
        return False
    await stop()
    _, pending = await asyncio.wait(pending, timeout=grace)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return True


def _result(
    runner: str,
    chats: int,
    in_flight: int,
    sent: int,
    failed: int,
    seconds: float,
    cpu: float,
    timed_out: bool,
    errors: Counter[str],
) -> PeerResult:
    return PeerResult(
        runner=runner,
        chats=chats,
        in_flight=in_flight,
        sent=sent,
        failed=failed,
        seconds=seconds,
        messages_per_second=sent / seconds if seconds > 0 else 0.0,
        client_cpu_seconds=cpu,
        timed_out=timed_out,
        errors=dict(errors.most_common(5)),
    )


async def run_aiogram_broadcast(
    base_url_root: str,
    token: str,
    chat_ids: Sequence[int],
    text: str = DEFAULT_TEXT,
    in_flight: int = 64,
    *,
    buttons: Sequence[tuple[str, str]] = DEFAULT_BUTTONS,
    time_limit: float = DEFAULT_TIME_LIMIT,
    grace: float = DEFAULT_GRACE,
    warm_up: bool = True,
) -> PeerResult:
    """Send `text` to every chat with aiogram-broadcaster, `in_flight` mailers in parallel."""
    from aiogram_broadcaster import Broadcaster
    from aiogram_broadcaster.contents import TextContent

    if in_flight < 1:
        raise ValueError("in_flight must be >= 1")
    bot = make_bot(base_url_root, token, in_flight)
    try:
        if warm_up:
            await bot.get_me()  # fail fast on a wrong URL or token; opens the session
        broadcaster = Broadcaster(bot)
        errors: Counter[str] = Counter()

        async def on_failed_send(error: BaseException) -> None:
            errors[_describe(error)] += 1

        # Runs only when a send fails, so the success path is the library's own.
        broadcaster.event.failed_send.register(on_failed_send)
        content = TextContent(text=text, parse_mode=ParseMode.HTML, reply_markup=keyboard(buttons))
        shards = [list(chat_ids[i::in_flight]) for i in range(in_flight)]
        for shard in shards:
            if shard:  # Mailer.create refuses an empty chat list
                await broadcaster.create_mailer(chats=shard, content=content, bot=bot)
        group = broadcaster.get_mailers()
        mailers = list(group)

        async def stop() -> None:
            for mailer in mailers:
                if mailer.can_stopped:
                    await mailer.stop()  # the mailer ends after the send it has in flight

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        started = group.start()
        tasks = [task for task in started.values() if isinstance(task, asyncio.Task)]
        timed_out = await _bounded(tasks, time_limit, grace, stop)
        seconds = time.perf_counter() - t0
        cpu = time.process_time() - cpu0

        for outcome in started.values():
            if isinstance(outcome, BaseException):
                errors[_describe(outcome)] += 1
            elif outcome.done() and not outcome.cancelled() and outcome.exception():
                errors["mailer crashed: " + _describe(outcome.exception())] += 1  # type: ignore[arg-type]
        sent = sum(len(mailer.chats.success) for mailer in mailers)
        failed = sum(len(mailer.chats.failed) for mailer in mailers)
        return _result(
            "aiogram-broadcaster",
            len(chat_ids),
            in_flight,
            sent,
            failed,
            seconds,
            cpu,
            timed_out,
            errors,
        )
    finally:
        await bot.session.close()


async def run_aiogram_bare(
    base_url_root: str,
    token: str,
    chat_ids: Sequence[int],
    text: str = DEFAULT_TEXT,
    in_flight: int = 64,
    *,
    buttons: Sequence[tuple[str, str]] = DEFAULT_BUTTONS,
    time_limit: float = DEFAULT_TIME_LIMIT,
    grace: float = DEFAULT_GRACE,
    warm_up: bool = True,
) -> PeerResult:
    """Send `text` to every chat with `bot.send_message`, from `in_flight` workers."""
    if in_flight < 1:
        raise ValueError("in_flight must be >= 1")
    bot = make_bot(base_url_root, token, in_flight)
    markup = keyboard(buttons)
    try:
        if warm_up:
            await bot.get_me()
        pending = iter(chat_ids)
        stopping = False
        sent = failed = 0
        errors: Counter[str] = Counter()

        async def worker() -> None:
            nonlocal sent, failed
            for chat_id in pending:  # one shared iterator: each chat is taken once
                if stopping:
                    return
                try:
                    await bot.send_message(
                        chat_id=chat_id, text=text, parse_mode=ParseMode.HTML, reply_markup=markup
                    )
                except Exception as error:
                    failed += 1
                    errors[_describe(error)] += 1
                else:
                    sent += 1

        async def stop() -> None:
            nonlocal stopping
            stopping = True

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(worker()) for _ in range(min(in_flight, len(chat_ids)))]
        timed_out = await _bounded(tasks, time_limit, grace, stop) if tasks else False
        seconds = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        return _result(
            "aiogram-bare", len(chat_ids), in_flight, sent, failed, seconds, cpu, timed_out, errors
        )
    finally:
        with contextlib.suppress(Exception):
            await bot.session.close()
