"""Waiting for the bot to act: woken by the change awaited; a timeout says what did arrive."""

from __future__ import annotations

from collections.abc import Callable

from local_bot_api.backend import Backend
from local_bot_api.models import JSONDict, SentMessage


def _preview(text: str, limit: int = 60) -> str:
    flat = text.replace("\n", "\\n")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Waits:
    """Waits on ``backend``; a timeout raises TimeoutError that lists what did arrive.

    LocalBotApi exposes these methods as its own.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    async def wait_for_sends(
        self,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> JSONDict:
        """Wait until at least ``count`` sends were accepted; returns send_stats(per_chat=False).

        Woken by the send that reaches the count (no polling); TimeoutError after ``timeout``.
        """
        await self.backend.sends.wait(count, timeout)
        return self.backend.sends.snapshot(per_chat=False)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> list[SentMessage]:
        """Wait until the chat shows at least ``count`` bot messages; returns them all."""
        self.backend.records.require("wait_for_messages")

        def check() -> list[SentMessage] | None:
            # Runs after every send: count first, copy the list only once satisfied.
            chat = self.backend.state.chats.get(chat_id)
            if chat is None or len(chat.bot_messages) < count:
                return None
            return list(chat.bot_messages.values())

        def describe() -> str:
            shown = len(self.backend.state.bot_messages(chat_id))
            return (
                f"chat {chat_id} has {shown} bot message(s) after {timeout}s, expected at least "
                f"{count}.\n{self.activity(chat_id)}"
            )

        return await self.backend.records.wait(check, timeout, describe)

    async def wait_for(
        self,
        predicate: Callable[[SentMessage], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
        since: int = 0,
    ) -> SentMessage:
        """The first record in ``sent`` (from index ``since``) matching the predicate."""
        records = self.backend.records
        records.require("wait_for")
        check = records.cursor_check(records.sent, predicate, since)

        def describe() -> str:
            return f"no sent/edited message matched within {timeout}s.\n{self.activity(None)}"

        return await records.wait(check, timeout, describe)

    async def wait_for_callback_answer(
        self,
        callback_query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> JSONDict:
        """The bot's answerCallbackQuery to the injected query ``callback_query_id``."""
        records = self.backend.records
        return await self._wait_for_answer(
            records.callback_answers, "callback_query_id", callback_query_id, "callback", timeout
        )

    async def wait_for_inline_answer(
        self,
        inline_query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> JSONDict:
        """The bot's answerInlineQuery to the injected query ``inline_query_id``."""
        records = self.backend.records
        return await self._wait_for_answer(
            records.inline_answers, "inline_query_id", inline_query_id, "inline", timeout
        )

    async def _wait_for_answer(
        self, answers: list[JSONDict], key: str, query_id: str, kind: str, seconds: float
    ) -> JSONDict:
        """The first of `answers` whose `key` is `query_id`, once the bot has sent it."""
        records = self.backend.records
        check = records.cursor_check(answers, lambda answer: answer[key] == query_id)

        def describe() -> str:
            answered = [answer[key] for answer in answers]
            return (
                f"{kind} query {query_id} was not answered within {seconds}s; "
                f"answered: {answered}.\n{self.activity(None)}"
            )

        return await records.wait(check, seconds, describe)

    def activity(self, chat_id: int | None) -> str:
        """What the bot did lately (in ``chat_id`` and overall), for a timeout's message."""
        records = self.backend.records
        lines: list[str] = []
        if chat_id is not None:
            lines.append(f"Messages in chat {chat_id}:")
            lines += [
                f"  #{message.message_id} [{message.method}] {_preview(message.text)!r}"
                for message in self.backend.state.bot_messages(chat_id)
            ] or ["  (none)"]
        others = records.sent[-10:]
        lines.append(f"Last {len(others)} of {len(records.sent)} sends/edits overall:")
        lines += [
            f"  chat {message.chat_id} #{message.message_id} [{message.method}] "
            f"{_preview(message.text)!r}"
            for message in others
        ] or ["  (none)"]
        errors = records.errors[-5:]
        if errors:
            lines.append("Last Bot API errors:")
            lines += [
                f"  {error.method} chat={error.chat_id}: {error.status} {error.description}"
                for error in errors
            ]
        lines.append(
            f"Pending (undelivered) updates: {len(self.backend.updates)}; "
            f"Bot API requests so far: {len(records.requests)}"
        )
        return "\n".join(lines)
