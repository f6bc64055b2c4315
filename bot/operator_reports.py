"""Errors reported to the operator's chat (ERROR_CHAT_ID), throttled so a storm is one summary.

It is a logging handler: whatever newsbot logs at ERROR — a handler that failed on an update,
a delivery task that died — also goes to that chat. The first error of a quiet spell is sent at
once with its details; the ones that follow within ERROR_REPORT_WINDOW are counted and sent as
one summary when the window ends. The token is redacted like in every log line.
"""

from __future__ import annotations

import asyncio
import logging
import time
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError

from bot.limits import ERROR_REPORT_LENGTH, ERROR_REPORT_WINDOW
from bot.logs import RedactSecrets
from bot.views.formatting import format_time
from bot.views.i18n import Translator

logger = logging.getLogger(__name__)


class OperatorReports(logging.Handler):
    """Sends ERROR records to one chat: the first at once, the rest of a window as a summary."""

    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        translator: Translator,
        *,
        zone: ZoneInfo,
        secrets: tuple[str, ...],
    ) -> None:
        super().__init__(logging.ERROR)
        self.addFilter(RedactSecrets(*secrets))
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        self._bot = bot
        self._chat_id = chat_id
        self._translator = translator
        self._zone = zone
        self._loop = asyncio.get_running_loop()
        self._window_ends = 0.0
        self._held: list[str] = []
        self._held_since = 0.0
        self._summary: asyncio.TimerHandle | None = None
        self._sending: set[asyncio.Task[None]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        """Queue the record for the chat (log records may come from any thread)."""
        if record.name == __name__:
            return  # never report a failure to report
        self._loop.call_soon_threadsafe(self._take, self.format(record), record.created)

    async def close_async(self) -> None:
        """Send what is held back now, and wait for sends in progress."""
        if self._summary is not None:
            self._summary.cancel()
            self._send_summary()
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    def _take(self, text: str, created: float) -> None:
        now = time.monotonic()
        if now >= self._window_ends:
            self._window_ends = now + ERROR_REPORT_WINDOW
            self._send(self._render("operator-error", details=_shortened(text)))
            return
        if not self._held:
            self._held_since = created
            self._summary = self._loop.call_at(self._window_ends, self._send_summary)
        self._held.append(text)

    def _send_summary(self) -> None:
        self._summary = None
        if not self._held:
            return
        count, last = len(self._held), self._held[-1]
        self._held = []
        # The summary opens a new window: a storm that goes on yields one message per window.
        self._window_ends = time.monotonic() + ERROR_REPORT_WINDOW
        since = format_time(self._held_since, self._zone)
        self._send(
            self._render("operator-error-summary", count=count, since=since, last=_shortened(last))
        )

    def _render(self, key: str, **arguments: object) -> str:
        return self._translator.html(self._translator.default_language, key, **arguments)

    def _send(self, text: str) -> None:
        task = self._loop.create_task(self._deliver(text))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _deliver(self, text: str) -> None:
        try:
            await self._bot.send_message(self._chat_id, text)
        except (TelegramError, RuntimeError) as error:  # RuntimeError: the bot already shut down
            logger.warning("Could not report an error to chat %s: %s", self._chat_id, error)


def _shortened(text: str) -> str:
    """The start and the end of a long report (a traceback's last lines say most)."""
    if len(text) <= ERROR_REPORT_LENGTH:
        return text
    half = ERROR_REPORT_LENGTH // 2
    return f"{text[:half]}\n…\n{text[-half:]}"
