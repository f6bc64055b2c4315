"""Runs the real application against the local Bot API server, as `python -m bot` does.

Also the steps the end-to-end tests share: a user writing to the bot and reading its replies,
pressing buttons, publishing, waiting for effects, and running `python -m bot` as a process.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import math
import os
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import IO, Any

from telegram.ext import Application

from bot.app import build_application, running
from bot.context import services_of
from bot.news.rhythm import SYSTEM_CLOCK, Clock
from bot.settings import Settings
from bot.telegram.flood_control import Pacer
from local_bot_api import LocalBotApi
from local_bot_api.models import SentMessage
from storage import Storage

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
EDITOR_ID = 500
READER_ID = 1001
# A private chat the supervised_app fixture adds (tests subscribe it as they need).
SUBSCRIBER_ID = 3001
# How long one step may take before the test fails: a liveness bound, not a speed claim.
TIMEOUT = 10.0


ROOT = Path(__file__).resolve().parents[2]


def bot_environment(api: LocalBotApi, database: Path, **extra: str) -> dict[str, str]:
    """Environment for `python -m bot` in a subprocess, pointed at the local server; `extra`
    adds settings or replaces these (BOT_TOKEN, BOT_API_BASE_URL...)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_", "DATABASE_"))}
    env.update(
        BOT_TOKEN=TOKEN,
        ADMIN_IDS=str(EDITOR_ID),
        DATABASE_PATH=str(database),
        BOT_API_BASE_URL=api.base_url,
        BOT_API_FILE_URL=api.base_file_url,
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


# The buttons /settings shows a subscribed chat (or topic) with every default choice: Unsubscribe,
# the notifications, the frequency and the quiet hours (issue 11; sections come only when defined).
SUBSCRIBED_SETTINGS = [
    "sub:off",
    "nt:0:sound",
    "nt:0:silent_digests",
    "nt:0:silent",
    "dg:0:every:0",
    "dg:0:menu:0",
    "qh:0:off:0:0",
    "qh:0:menu:0:0",
]


def make_settings(api: LocalBotApi, database: Path, **overrides: Any) -> Settings:
    """Settings pointing the bot at the local server, with one editor."""
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "admin_ids": str(EDITOR_ID),
        "database_path": database,
        "bot_api_base_url": api.base_url,
        "bot_api_file_url": api.base_file_url,
        "default_language": "en",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_bot(
    settings: Settings, *, pacer: Pacer | None = None, clock: Clock = SYSTEM_CLOCK
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Start the application with long polling, as run_polling would, and stop it after
    (`pacer` replaces the one built from RATE_LIMIT, `clock` the system's time of day)."""
    built = build_application(settings, pacer=pacer, clock=clock)
    async with running(built, poll_timeout=1) as application:
        yield application


def storage_of(application: AnyApplication) -> Storage:
    """The running application's storage."""
    return services_of(application).storage


async def publish(
    application: AnyApplication, headline: str, body_html: str = "Body.", author_id: int = EDITOR_ID
) -> int:
    """Store an article, published now, straight through the app's storage; its id."""
    article = await storage_of(application).articles.publish(headline, body_html, author_id)
    return article.id


# ----- a user and the bot, through the local server -----------------------------------------


async def messages_after(
    api: LocalBotApi,
    chat_id: int,
    action: Callable[[], object],
    *,
    count: int = 1,
    timeout: float = TIMEOUT,
) -> list[SentMessage]:
    """Do `action` (a message, an upload, a button press) and return the bot's new messages
    in the chat once at least `count` have arrived (all of them, if more did)."""
    before = len(api.messages(chat_id))
    action()
    return (await api.wait_for_messages(chat_id, before + count, timeout=timeout))[before:]


async def ask(
    api: LocalBotApi,
    chat_id: int,
    text: str,
    *,
    from_user: int | None = None,
    entities: list[dict[str, Any]] | None = None,
    count: int = 1,
    timeout: float = TIMEOUT,
    thread_id: int | None = None,
) -> list[SentMessage]:
    """Write `text` into the chat (in forum topic `thread_id`, if given) as a user and return
    the bot's new messages there (at least `count`). A leading /command carries the
    bot_command entity Telegram adds, unless `entities` are given; other text is sent as it is."""

    def write() -> None:
        if entities is None and text.startswith("/"):
            api.send_command(chat_id, text, from_user=from_user, thread_id=thread_id)
        else:
            api.send_text(
                chat_id, text, from_user=from_user, entities=entities, thread_id=thread_id
            )

    return await messages_after(api, chat_id, write, count=count, timeout=timeout)


async def press(
    api: LocalBotApi,
    chat_id: int,
    message: SentMessage,
    data: str,
    *,
    from_user: int | None = None,
    check: bool = True,
    timeout: float = TIMEOUT,
) -> dict[str, Any]:
    """Press a button of the bot's `message` and return the bot's answer to the callback query.

    `check=False` presses a button the message does not (or no longer) show: forged or stale.
    """
    update = api.press_button(chat_id, message.message_id, data, from_user=from_user, check=check)
    return await api.wait_for_callback_answer(update["callback_query"]["id"], timeout=timeout)


async def edited_by_press(
    api: LocalBotApi,
    chat_id: int,
    message: SentMessage,
    data: str,
    *,
    from_user: int | None = None,
    timeout: float = TIMEOUT,
) -> SentMessage:
    """Press a button of the bot's `message` and return that message as the bot next edits it
    (only edits made after the press count)."""
    since = len(api.sent)
    api.press_button(chat_id, message.message_id, data, from_user=from_user)
    return await api.wait_for(
        lambda m: m.chat_id == chat_id and m.message_id == message.message_id and m.edited,
        timeout=timeout,
        since=since,
    )


# ----- effects that send no message ---------------------------------------------------------


async def eventually(
    condition: Callable[[], bool | Awaitable[bool]],
    what: str,
    *,
    timeout: float = TIMEOUT,
    interval: float = 0.02,
) -> None:
    """Wait until `condition()` (plain or async) holds, such as a change in storage; fail
    naming `what` if it does not within `timeout`. Bounded in polls as well as in time."""
    deadline = time.monotonic() + timeout
    for _ in range(math.ceil(timeout / interval) + 1):
        result = condition()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(interval)
    raise AssertionError(f"not reached within {timeout} s: {what}")


async def rounds_finished_through(storage: Storage, article_id: int) -> bool:
    """Whether a round covering `article_id` exists and no round is unfinished.

    A round finishes when the outcome of its last alert is recorded, which happens only after
    Telegram answered: every alert planned by then has reached the server, or failed for good,
    and no retry is waiting.
    """
    async with storage.database.connection.execute(
        "SELECT (SELECT count(*) FROM rounds WHERE finished_at IS NULL),"
        " (SELECT coalesce(max(through_article_id), 0) FROM rounds)"
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    unfinished, covered = int(row[0]), int(row[1])
    return unfinished == 0 and covered >= article_id


# ----- `python -m bot` as a process ---------------------------------------------------------


# The output of each bot process started with `output_file`, by pid: a file, not a pipe, which
# a DEBUG start-up fills (64 KB) before anyone reads it, and the bot then blocks on its logging.
_OUTPUTS: dict[int, IO[bytes]] = {}


async def start_bot_process(
    api: LocalBotApi,
    database: Path,
    cwd: Path,
    *,
    capture_output: bool = False,
    output_file: bool = False,
    **env: str,
) -> asyncio.subprocess.Process:
    """`python -m bot` against the local server; `env` adds settings (PUSH_INTERVAL="0.5").
    `capture_output`: its output in `process.stdout` (a pipe, to read as it comes);
    `output_file`: kept in a file instead, for `stop_bot_process` to return."""
    output: IO[bytes] | int = asyncio.subprocess.DEVNULL
    if capture_output:
        output = asyncio.subprocess.PIPE
    elif output_file:
        output = tempfile.TemporaryFile(dir=cwd)  # noqa: SIM115 - closed by stop_bot_process
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=bot_environment(api, database, **env),
        stdout=output,
        stderr=asyncio.subprocess.DEVNULL
        if output == asyncio.subprocess.DEVNULL
        else asyncio.subprocess.STDOUT,
    )
    if not isinstance(output, int):
        _OUTPUTS[process.pid] = output
    return process


async def stop_bot_process(
    process: asyncio.subprocess.Process,
    timeout: float = 15.0,
) -> bytes:
    """Stop the bot as Ctrl+C does (killed if it has not exited within `timeout`); its output,
    if captured. A process that already exited is only reaped."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=timeout)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
    captured = _OUTPUTS.pop(process.pid, None)
    if captured is None:
        return output or b""
    with captured:
        captured.seek(0)
        return captured.read()


async def kill_bot_process(process: asyncio.subprocess.Process) -> None:
    """SIGKILL: the process gets no chance to record or release anything."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
    await process.wait()


# ----- a round to many chats, with the bot in its own process -------------------------------


def alert_counts(api: LocalBotApi, headline: str, chats: range) -> Counter[int]:
    """How many alerts announcing `headline` each of `chats` has been sent."""
    return Counter(
        m.chat_id
        for m in api.sent
        if m.chat_id in chats and m.method == "sendMessage" and headline in m.text
    )


def outbox_states(database: Path) -> dict[int, str]:
    """Each chat's alert state as the database holds it (read-only: the bot is not running)."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        rows = connection.execute("SELECT chat_id, state FROM outbox").fetchall()
    return {int(chat_id): str(state) for chat_id, state in rows}


async def marker_round(api: LocalBotApi, database: Path, chats: range) -> int:
    """Publish a marker article and wait until it reached every chat and every round finished.

    The positive signal that a bot in its own process has done all it would about earlier
    rounds: left-over alerts go out ahead of the marker's (claims go in id order) and keep their
    round unfinished until recorded. The marker's id.
    """
    storage = await Storage.open(database)
    try:
        marker = await storage.articles.publish("Marker", "Body.", EDITOR_ID)
        await eventually(
            lambda: len(alert_counts(api, "Marker", chats)) == len(chats),
            "every chat alerted about the marker",
            timeout=60,
        )
        await eventually(
            lambda: rounds_finished_through(storage, marker.id),
            "every round finished",
            timeout=30,
        )
    finally:
        await storage.close()
    return marker.id


class ClaimOutage:
    """The outbox's claims fail with a storage error until `end()`: delivery stalls."""

    def __init__(self, application: AnyApplication, monkeypatch: Any) -> None:
        outbox = storage_of(application).outbox
        real_claim = outbox.claim
        self.down = True

        async def claim(limit: int) -> Any:
            if self.down:
                raise sqlite3.OperationalError("disk I/O error")
            return await real_claim(limit)

        monkeypatch.setattr(outbox, "claim", claim)

    def end(self) -> None:
        """Storage works again."""
        self.down = False


# A newsroom's readership: a supergroup, a channel and a Georgian reader beside READER_ID.
NEWSROOM_GROUP = -1001234
NEWSROOM_CHANNEL = -1009876
GEORGIAN_READER_ID = 1002


def add_newsroom_chats(api: LocalBotApi) -> None:
    """The group (READER_ID a member), the channel and the Georgian reader, on the server."""
    api.add_group(NEWSROOM_GROUP, "Newsroom", supergroup=True, members=[READER_ID])
    api.add_channel(NEWSROOM_CHANNEL, "News channel")
    api.add_private_chat(GEORGIAN_READER_ID, first_name="Nino", language_code="ka")


async def subscribe_newsroom(application: AnyApplication) -> None:
    """Subscribe READER_ID (en), the Georgian reader, the group (ka) and the channel (en)."""
    subscriptions = storage_of(application).subscriptions
    await subscriptions.subscribe(READER_ID, "private", language="en")
    await subscriptions.subscribe(GEORGIAN_READER_ID, "private", language="ka")
    await subscriptions.subscribe(NEWSROOM_GROUP, "supergroup", language="ka")
    await subscriptions.subscribe(NEWSROOM_CHANNEL, "channel", language="en")
