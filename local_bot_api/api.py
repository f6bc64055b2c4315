"""LocalBotApi: the in-process handle on one fake Bot API server."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from aiohttp import web

from .backend import Backend
from .control import control_routes
from .faults import FaultStatus
from .injection import Injector
from .models import BotApiUser, JSONDict, RequestRecord, SentMessage
from .server import BotApiRoutes
from .state import forbidden_text

_SHUTDOWN_TIMEOUT = 2.0


def _preview(text: str, limit: int = 60) -> str:
    flat = text.replace("\n", "\\n")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class LocalBotApi(Injector):
    """A fake Telegram Bot API server on 127.0.0.1, plus the levers tests need.

    Everything here must be called from the thread running the server's event loop.
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "newsbot_test_bot",
        bot_id: int | None = None,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        bot_name: str = "Newsbot Test",
    ) -> None:
        if bot_id is None:
            prefix = token.split(":", 1)[0]
            bot_id = int(prefix) if prefix.isdigit() else 123456
        bot = BotApiUser(
            bot_id, first_name=bot_name, username=bot_username, language_code=None, is_bot=True
        )
        self._b = Backend(token, bot)
        self._b.latency = latency
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None

    # ----- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("LocalBotApi is already running")
        self._b.stopping.clear()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.add_routes(BotApiRoutes(self._b).routes())
        app.add_routes(control_routes(self))
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=_SHUTDOWN_TIMEOUT
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._requested_port, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is None:
            return
        # Release long polls and injected timeouts first so shutdown does not wait on them.
        self._b.stopping.set()
        self._b.updates.close()
        await runner.cleanup()

    async def __aenter__(self) -> LocalBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # ----- configuration -------------------------------------------------------------------

    @property
    def token(self) -> str:
        return self._b.token

    @property
    def bot(self) -> BotApiUser:
        return self._b.bot

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("LocalBotApi is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What PTB's base_url expects: it appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def control_url(self) -> str:
        return f"{self.url}/_control"

    @property
    def latency(self) -> float:
        """Seconds added before answering every Bot API call."""
        return self._b.latency

    @latency.setter
    def latency(self, value: float) -> None:
        if value < 0:
            raise ValueError("latency must be >= 0")
        self._b.latency = value

    @property
    def timeout_delay(self) -> float:
        """How long a fail_next(status="timeout") call is held before its 500 reply."""
        return self._b.timeout_delay

    @timeout_delay.setter
    def timeout_delay(self, value: float) -> None:
        self._b.timeout_delay = value

    # ----- chats and users -----------------------------------------------------------------

    def add_private_chat(
        self,
        user_id: int,
        first_name: str = "Reader",
        language_code: str | None = "en",
        username: str | None = None,
        last_name: str | None = None,
    ) -> JSONDict:
        chat = self._b.state.add_private_chat(
            user_id, first_name, language_code, username, last_name
        )
        return self._b.state.chat_dict(chat)

    def add_group(
        self,
        chat_id: int,
        title: str = "Group",
        supergroup: bool = False,
        admins: list[int] | None = None,
        members: list[int] | None = None,
        creator: int | None = None,
        username: str | None = None,
    ) -> JSONDict:
        chat = self._b.state.add_group(
            chat_id, title, supergroup, admins or (), members or (), creator, username
        )
        return self._b.state.chat_dict(chat)

    def add_channel(
        self,
        chat_id: int,
        title: str = "Channel",
        username: str | None = None,
        bot_is_admin: bool = True,
    ) -> JSONDict:
        chat = self._b.state.add_channel(chat_id, title, username, bot_is_admin)
        return self._b.state.chat_dict(chat)

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        language_code: str | None = None,
        username: str | None = None,
        last_name: str | None = None,
    ) -> JSONDict:
        """Define or update a user; arguments left as None keep their current value."""
        current = self._b.state.users.get(user_id) or BotApiUser(user_id)
        return self._b.state.user(
            user_id,
            first_name=first_name,
            language_code=language_code if language_code is not None else current.language_code,
            username=username if username is not None else current.username,
            last_name=last_name if last_name is not None else current.last_name,
        ).to_dict()

    # ----- what the bot did ----------------------------------------------------------------

    @property
    def sent(self) -> list[SentMessage]:
        """Every successful send and edit, in order (each edit is a new record)."""
        return self._b.records.sent

    def messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in the chat as they are now (edits applied, deletions gone)."""
        chat = self._b.state.chats.get(chat_id)
        return list(chat.bot_messages.values()) if chat is not None else []

    @property
    def callback_answers(self) -> list[JSONDict]:
        return self._b.records.callback_answers

    @property
    def deleted(self) -> list[tuple[int, int]]:
        """(chat_id, message_id) of every message the bot deleted, in order."""
        return self._b.records.deleted

    @property
    def commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """setMyCommands state by (scope type, language_code or "")."""
        return {
            (kind, language): commands
            for (kind, _chat, _user, language), commands in self._b.state.commands.items()
        }

    @property
    def requests(self) -> list[RequestRecord]:
        return self._b.records.requests

    @property
    def errors(self) -> list[RequestRecord]:
        return self._b.records.errors

    @property
    def pending_updates(self) -> int:
        return len(self._b.updates)

    def clear_records(self) -> None:
        """Forget sent/requests/errors/callback_answers/deleted (chats and messages stay)."""
        self._b.records.clear()

    def stats(self) -> JSONDict:
        records = self._b.records
        return {
            "requests": len(records.requests),
            "sent": len(records.sent),
            "errors": len(records.errors),
            "callback_answers": len(records.callback_answers),
            "pending_updates": len(self._b.updates),
            "delivered_updates": self._b.updates.delivered,
        }

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> list[SentMessage]:
        """Wait until the chat shows at least ``count`` bot messages; returns them all."""

        def check() -> list[SentMessage] | None:
            # Runs after every send: count first, copy the list only once satisfied.
            chat = self._b.state.chats.get(chat_id)
            if chat is None or len(chat.bot_messages) < count:
                return None
            return list(chat.bot_messages.values())

        def describe() -> str:
            return (
                f"chat {chat_id} has {len(self.messages(chat_id))} bot message(s) after "
                f"{timeout}s, expected at least {count}.\n{self._activity(chat_id)}"
            )

        return await self._b.records.wait(check, timeout, describe)

    async def wait_for(
        self,
        predicate: Callable[[SentMessage], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
        since: int = 0,
    ) -> SentMessage:
        """The first record in ``sent`` (from index ``since``) matching the predicate."""
        check = self._b.records.cursor_check(self._b.records.sent, predicate, since)

        def describe() -> str:
            return f"no sent/edited message matched within {timeout}s.\n{self._activity(None)}"

        return await self._b.records.wait(check, timeout, describe)

    async def wait_for_callback_answer(
        self,
        callback_query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> JSONDict:
        check = self._b.records.cursor_check(
            self._b.records.callback_answers,
            lambda answer: answer["callback_query_id"] == callback_query_id,
        )

        def describe() -> str:
            answered = [a["callback_query_id"] for a in self.callback_answers]
            return (
                f"callback query {callback_query_id} was not answered within {timeout}s; "
                f"answered: {answered}.\n{self._activity(None)}"
            )

        return await self._b.records.wait(check, timeout, describe)

    def _activity(self, chat_id: int | None) -> str:
        lines: list[str] = []
        if chat_id is not None:
            lines.append(f"Messages in chat {chat_id}:")
            lines += [
                f"  #{m.message_id} [{m.method}] {_preview(m.text)!r}"
                for m in self.messages(chat_id)
            ] or ["  (none)"]
        others = self._b.records.sent[-10:]
        lines.append(f"Last {len(others)} of {len(self._b.records.sent)} sends/edits overall:")
        lines += [
            f"  chat {m.chat_id} #{m.message_id} [{m.method}] {_preview(m.text)!r}" for m in others
        ] or ["  (none)"]
        errors = self._b.records.errors[-5:]
        if errors:
            lines.append("Last Bot API errors:")
            lines += [f"  {e.method} chat={e.chat_id}: {e.status} {e.description}" for e in errors]
        lines.append(
            f"Pending (undelivered) updates: {len(self._b.updates)}; "
            f"Bot API requests so far: {len(self._b.records.requests)}"
        )
        return "\n".join(lines)

    # ----- faults --------------------------------------------------------------------------

    def block(self, chat_id: int, reason: str = "blocked") -> None:
        """Sends to the chat now fail with the 403 Telegram gives for its type.

        ``reason``: "blocked" (default), "deactivated" (private: user is deactivated), "left"
        (groups: bot is not a member), or a full "Forbidden: ..." description.
        """
        chat = self._b.state.ensure_chat(chat_id)
        chat.forbidden = forbidden_text(chat, reason)

    def unblock(self, chat_id: int) -> None:
        chat = self._b.state.chats.get(chat_id)
        if chat is not None:
            chat.forbidden = None

    def migrate(self, chat_id: int, new_chat_id: int, announce: bool = False) -> JSONDict:
        """Upgrade a basic group to a supergroup; returns the new chat.

        With ``announce`` the service messages Telegram sends about it are queued as updates
        (migrate_to_chat_id in the old group, migrate_from_chat_id in the new one).
        """
        state = self._b.state
        new_chat = state.migrate(chat_id, new_chat_id)
        if announce:
            self._service_message(chat_id, {"migrate_to_chat_id": new_chat_id})
            self._service_message(new_chat_id, {"migrate_from_chat_id": chat_id})
        return state.chat_dict(new_chat)

    def _service_message(self, chat_id: int, content: JSONDict) -> None:
        chat = self._b.state.chats[chat_id]
        sender = chat.creator if chat.creator is not None else min(chat.members, default=None)
        if sender is None:
            sender = self._b.state.user(1).id
        self._user_message(chat_id, sender, content)

    def fail_next(
        self,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
        status: FaultStatus = 500,
        count: int = 1,
        retry_after: int = 1,
        description: str | None = None,
    ) -> None:
        """Fail the next ``count`` calls of ``method`` (None = any) to ``chat_id`` (None = any).

        ``status`` 429 replies "Too Many Requests: retry after N"; 502 replies nginx's HTML page;
        "timeout" holds the reply for ``timeout_delay`` seconds, then answers 500.
        """
        self._b.faults.add(method, chat_id, status, count, retry_after, description)

    def clear_faults(self) -> None:
        self._b.faults.clear()

    def flood_limits(
        self,
        enabled: bool = True,
        global_per_second: int = 30,
        per_chat_per_second: float = 1.0,
        per_group_per_minute: int = 20,
        burst: int = 3,
        paid_per_second: int = 1000,
    ) -> None:
        """Telegram-like 429s for sends; see local_bot_api.faults for how windows work."""
        self._b.flood.configure(
            enabled,
            global_per_second,
            per_chat_per_second,
            per_group_per_minute,
            burst,
            paid_per_second,
        )
