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
from .records import NotRecordedError
from .server import BotApiRoutes
from .state import forbidden_text

_SHUTDOWN_TIMEOUT = 2.0


def _preview(text: str, limit: int = 60) -> str:
    flat = text.replace("\n", "\\n")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class LocalBotApi(Injector):
    """A fake Telegram Bot API server on 127.0.0.1, plus the levers tests need.

    Everything here must be called from the thread running the server's event loop.

    Benchmark mode: ``record=False`` keeps no per-message or per-request records (``sent``,
    ``messages()``, ``requests``, ``errors``, ``deleted`` and the waits on them raise
    NotRecordedError), only counters (``send_stats()``, ``stats()``); requests are validated as
    always. ``auto_chats=True`` creates unknown numeric chat ids on first use. ``count_per_chat``
    adds accepted sends per chat to ``send_stats()``.
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
        record: bool = True,
        auto_chats: bool = False,
        count_per_chat: bool = False,
    ) -> None:
        if bot_id is None:
            prefix = token.split(":", 1)[0]
            bot_id = int(prefix) if prefix.isdigit() else 123456
        bot = BotApiUser(
            bot_id, first_name=bot_name, username=bot_username, language_code=None, is_bot=True
        )
        self._b = Backend(
            token, bot, record=record, auto_chats=auto_chats, count_per_chat=count_per_chat
        )
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
    def record(self) -> bool:
        """Whether sends, requests and chat histories are recorded (False: counters only)."""
        return self._b.record

    @property
    def auto_chats(self) -> bool:
        """Whether a send to an unknown numeric chat id creates the chat."""
        return self._b.state.auto_chats

    @auto_chats.setter
    def auto_chats(self, value: bool) -> None:
        self._b.state.auto_chats = value

    @property
    def count_per_chat(self) -> bool:
        return self._b.sends.per_chat is not None

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

    def add_private_chats(
        self,
        first_id: int | None = None,
        count: int | None = None,
        language_code: str | None = "en",
        first_name: str = "Reader",
        *,
        user_ids: list[int] | None = None,
    ) -> int:
        """Private chats ``first_id`` … ``first_id + count - 1`` (or exactly ``user_ids``).

        Like add_private_chat for each id, in constant time and memory: the chats stay virtual
        until used. Returns how many ids the call covers.
        """
        return self._b.state.add_private_chats(first_id, count, language_code, first_name, user_ids)

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
        current = self._b.state.lookup_user(user_id) or BotApiUser(user_id)
        return self._b.state.user(
            user_id,
            first_name=first_name,
            language_code=language_code if language_code is not None else current.language_code,
            username=username if username is not None else current.username,
            last_name=last_name if last_name is not None else current.last_name,
        ).to_dict()

    # ----- what the bot did ----------------------------------------------------------------

    def _recorded(self, what: str) -> None:
        if not self._b.record:
            raise NotRecordedError(
                f"{what} is not recorded: this server runs with record=False (--lean); "
                "read send_stats() instead"
            )

    @property
    def sent(self) -> list[SentMessage]:
        """Every successful send and edit, in order (each edit is a new record)."""
        self._recorded("sent")
        return self._b.records.sent

    def messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in the chat as they are now (edits applied, deletions gone)."""
        self._recorded("messages")
        chat = self._b.state.chats.get(chat_id)
        return list(chat.bot_messages.values()) if chat is not None else []

    @property
    def callback_answers(self) -> list[JSONDict]:
        return self._b.records.callback_answers

    @property
    def deleted(self) -> list[tuple[int, int]]:
        """(chat_id, message_id) of every message the bot deleted, in order."""
        self._recorded("deleted")
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
        self._recorded("requests")
        return self._b.records.requests

    @property
    def errors(self) -> list[RequestRecord]:
        self._recorded("errors")
        return self._b.records.errors

    @property
    def pending_updates(self) -> int:
        return len(self._b.updates)

    def clear_records(self) -> None:
        """Forget sent/requests/errors/callback_answers/deleted (chats and messages stay).

        Also resets send_stats(), which counts what these records hold.
        """
        self._b.records.clear()
        self._b.sends.reset()

    def stats(self) -> JSONDict:
        records = self._b.records
        return {
            "requests": records.request_count,
            "sent": records.message_count,
            "errors": records.error_count,
            "callback_answers": len(records.callback_answers),
            "pending_updates": len(self._b.updates),
            "delivered_updates": self._b.updates.delivered,
        }

    def send_stats(self, per_chat: bool = True) -> JSONDict:
        """Counters over sends (sendMessage, sendDocument, sendPhoto, …) since start or reset.

        ``accepted`` (answered 200), ``by_status`` ({status: count}, accepted ones included),
        ``paid`` (accepted with allow_paid_broadcast), ``first_monotonic``/``last_monotonic``
        (time.monotonic() of the first and last accepted send: on Linux other processes' clock
        too), ``duration``, ``per_second`` (accepted sends in each second since the first one,
        for 24 h; later ones add to ``per_second_overflow``) and, when counting per chat and
        ``per_chat`` is true, ``per_chat`` ({chat_id: accepted sends}).
        """
        return self._b.sends.snapshot(per_chat)

    def reset_send_stats(self) -> None:
        self._b.sends.reset()

    async def wait_for_sends(
        self,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> JSONDict:
        """Wait until at least ``count`` sends were accepted; returns send_stats(per_chat=False).

        Woken by the send that reaches the count (no polling); TimeoutError after ``timeout``.
        """
        await self._b.sends.wait(count, timeout)
        return self.send_stats(per_chat=False)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - public API
    ) -> list[SentMessage]:
        """Wait until the chat shows at least ``count`` bot messages; returns them all."""
        self._recorded("wait_for_messages")

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
        self._recorded("wait_for")
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
