"""LocalBotApi: the in-process handle on one fake Bot API server."""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType

from aiohttp import web

from local_bot_api.backend import Backend
from local_bot_api.chats import DEFAULT_TOPIC_COLOR, forbidden_text
from local_bot_api.errors import ApiError
from local_bot_api.events import Listener
from local_bot_api.faults import FaultStatus
from local_bot_api.files import StoredFile
from local_bot_api.http_app import serve
from local_bot_api.injection import Injector
from local_bot_api.models import BotApiUser, JSONDict, RequestRecord, SentMessage
from local_bot_api.server import BotApiRoutes
from local_bot_api.waiting import Waits

# Every method that sends or changes a message, or answers a button: what a bot's replies use.
SENDING_METHODS = (
    "sendMessage",
    "sendDocument",
    "sendPhoto",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
)


class LocalBotApi:
    """A fake Telegram Bot API server on 127.0.0.1, plus the levers tests need.

    Everything here must be called from the thread running the server's event loop. User
    activity (``send_text``, ``press_button``, …) is an Injector's and the waits (``wait_for…``)
    are a Waits', both given this server's Backend; their methods are attributes of this object.

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
        self._backend = Backend(
            token, bot, record=record, auto_chats=auto_chats, count_per_chat=count_per_chat
        )
        self._backend.latency = latency
        # User activity and the waits are their components' methods, exposed as this class's own.
        # Each user action queues the Update a real client would cause and returns it.
        self._injector = Injector(self._backend)
        self.send_text = self._injector.send_text
        self.send_command = self._injector.send_command
        self.send_document = self._injector.send_document
        self.send_photo = self._injector.send_photo
        self.edit_text = self._injector.edit_text
        self.press_button = self._injector.press_button
        self.inject_update = self._injector.inject_update
        self.my_chat_member = self._injector.my_chat_member
        self.reaction_count = self._injector.reaction_count
        self.inline_query = self._injector.inline_query
        self.choose_inline_result = self._injector.choose_inline_result
        self.post_inline_result = self._injector.post_inline_result
        waits = Waits(self._backend)
        self.wait_for_sends = waits.wait_for_sends
        self.wait_for_messages = waits.wait_for_messages
        self.wait_for = waits.wait_for
        self.wait_for_callback_answer = waits.wait_for_callback_answer
        self.wait_for_inline_answer = waits.wait_for_inline_answer
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None

    # ----- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("LocalBotApi is already running")
        self._backend.stopping.clear()
        # Imported here: the control API calls this class's methods, so it imports this module.
        from local_bot_api.control import control_routes

        routes = BotApiRoutes(self._backend).routes() + control_routes(self)
        self._runner, self._port = await serve(routes, self.host, self._requested_port)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is None:
            return
        # Release long polls and injected timeouts first so shutdown does not wait on them.
        self._backend.stopping.set()
        self._backend.updates.close()
        webhook, self._backend.webhook = self._backend.webhook, None
        if webhook is not None:
            await webhook.stop()
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
        return self._backend.token

    @property
    def bot(self) -> BotApiUser:
        return self._backend.bot

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
        return self._backend.latency

    @latency.setter
    def latency(self, value: float) -> None:
        if value < 0:
            raise ValueError("latency must be >= 0")
        self._backend.latency = value

    @property
    def record(self) -> bool:
        """Whether sends, requests and chat histories are recorded (False: counters only)."""
        return self._backend.record

    @property
    def auto_chats(self) -> bool:
        """Whether a send to an unknown numeric chat id creates the chat."""
        return self._backend.state.auto_chats

    @auto_chats.setter
    def auto_chats(self, value: bool) -> None:
        self._backend.state.auto_chats = value

    @property
    def count_per_chat(self) -> bool:
        return self._backend.sends.per_chat is not None

    def allow_http_webhooks(self) -> None:
        """Accept setWebhook with a plain http URL on any port (Telegram wants HTTPS on 443, 80,
        88 or 8443): a test's bot listens on 127.0.0.1 without a certificate."""
        self._backend.http_webhooks_allowed = True

    @property
    def webhook_url(self) -> str | None:
        """The webhook set, if any: updates are then POSTed there, not kept for getUpdates."""
        webhook = self._backend.webhook
        return None if webhook is None else webhook.config.url

    @property
    def webhook_secret(self) -> str | None:
        """The secret token the webhook was set with, sent with every update."""
        webhook = self._backend.webhook
        return None if webhook is None else webhook.config.secret_token

    def in_progress(self, method: str) -> int:
        """How many calls of ``method`` (``"sendMessage"``) the server has and has not answered."""
        return self._backend.in_progress[method]

    @property
    def timeout_delay(self) -> float:
        """How long a fail_next(status="timeout") call is held before its 500 reply."""
        return self._backend.timeout_delay

    @timeout_delay.setter
    def timeout_delay(self, value: float) -> None:
        self._backend.timeout_delay = value

    # ----- chats and users -----------------------------------------------------------------

    def add_private_chat(
        self,
        user_id: int,
        first_name: str = "Reader",
        language_code: str | None = "en",
        username: str | None = None,
        last_name: str | None = None,
    ) -> JSONDict:
        chat = self._backend.state.add_private_chat(
            user_id, first_name, language_code, username, last_name
        )
        return self._backend.state.chat_dict(chat)

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
        return self._backend.state.add_private_chats(
            first_id, count, language_code, first_name, user_ids
        )

    def add_group(
        self,
        chat_id: int,
        title: str = "Group",
        supergroup: bool = False,
        admins: list[int] | None = None,
        members: list[int] | None = None,
        creator: int | None = None,
        username: str | None = None,
        forum: bool = False,
    ) -> JSONDict:
        """A group; with ``forum`` (supergroups only) a forum, whose topics ``create_topic``
        adds."""
        chat = self._backend.state.add_group(
            chat_id, title, supergroup, admins or (), members or (), creator, username, forum
        )
        return self._backend.state.chat_dict(chat)

    def create_topic(
        self, chat_id: int, name: str, icon_color: int = DEFAULT_TOPIC_COLOR
    ) -> JSONDict:
        """A member opens a topic in the forum ``chat_id``; returns the ForumTopic (its
        ``message_thread_id`` is what messages in it carry)."""
        state = self._backend.state
        chat = state.chats.get(chat_id)
        if chat is None or not chat.is_forum:
            raise ValueError(f"chat {chat_id} is not a forum (add_group(..., forum=True))")
        creator = chat.creator if chat.creator is not None else min(chat.members, default=None)
        opener = state.mention(creator) if creator is not None else state.bot_dict
        return state.create_topic(chat, name, icon_color, opener).to_dict()

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """An administrator deletes a topic and its messages: sends to it then get 400
        "message thread not found"."""
        state = self._backend.state
        chat = state.chats.get(chat_id)
        if chat is None:
            raise ValueError(f"no chat {chat_id}")
        try:
            state.delete_topic(chat, thread_id)
        except ApiError as error:
            raise ValueError(f"chat {chat_id}: {error.description}") from None

    def add_channel(
        self,
        chat_id: int,
        title: str = "Channel",
        username: str | None = None,
        bot_is_admin: bool = True,
        creator: int | None = None,
    ) -> JSONDict:
        """A channel; ``creator`` (a user id) is its creator for getChatMember."""
        chat = self._backend.state.add_channel(chat_id, title, username, bot_is_admin, creator)
        return self._backend.state.chat_dict(chat)

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        language_code: str | None = None,
        username: str | None = None,
        last_name: str | None = None,
    ) -> JSONDict:
        """Define or update a user; arguments left as None keep their current value."""
        given = {"language_code": language_code, "username": username, "last_name": last_name}
        changes = {field: value for field, value in given.items() if value is not None}
        return self._backend.state.user(user_id, first_name=first_name, **changes).to_dict()

    # ----- what the bot did ----------------------------------------------------------------

    @property
    def sent(self) -> list[SentMessage]:
        """Every successful send and edit, in order (each edit is a new record)."""
        self._backend.records.require("sent")
        return self._backend.records.sent

    def messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in the chat as they are now (edits applied, deletions gone)."""
        self._backend.records.require("messages")
        return self._backend.state.bot_messages(chat_id)

    def history(self, chat_id: int) -> list[JSONDict]:
        """Every message of the chat as a client shows it now, oldest first: the bot's and the
        users' (topics' service messages included), as Message objects, edits applied and
        deletions gone."""
        self._backend.records.require("history")
        chat = self._backend.state.chats.get(chat_id)
        if chat is None:
            return []
        found = {**chat.user_messages, **{i: s.raw for i, s in chat.bot_messages.items()}}
        return [found[message_id] for message_id in sorted(found)]

    def stored_file(self, file_id: str) -> StoredFile | None:
        """A stored file with its name and type (a photo or document a user or the bot sent)."""
        return self._backend.state.files.get(file_id)

    def file_content(self, file_id: str) -> bytes | None:
        """What a stored file holds (e.g. a photo the bot uploaded), None for an unknown id;
        empty for the bot's uploads without records."""
        stored = self._backend.state.files.get(file_id)
        return stored.content if stored is not None else None

    @property
    def callback_answers(self) -> list[JSONDict]:
        return self._backend.records.callback_answers

    @property
    def inline_answers(self) -> list[JSONDict]:
        """Every answerInlineQuery accepted, in order (kept without records too)."""
        return self._backend.records.inline_answers

    @property
    def deleted(self) -> list[tuple[int, int]]:
        """(chat_id, message_id) of every message the bot deleted, in order."""
        self._backend.records.require("deleted")
        return self._backend.records.deleted

    @property
    def commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """setMyCommands state of the scopes without a chat, by (scope type, language or "")."""
        return {
            (kind, language): commands
            for (kind, chat, _user, language), commands in self._backend.state.commands.items()
            if chat is None
        }

    @property
    def commands_by_scope(
        self,
    ) -> dict[tuple[str, int | str | None, int | None, str], list[JSONDict]]:
        """Every setMyCommands state, by (scope type, chat_id, user_id, language or "")."""
        return dict(self._backend.state.commands)

    def chat_commands(self, chat_id: int, language: str = "") -> list[JSONDict]:
        """setMyCommands state of the `chat` scope of one chat (empty if none was set)."""
        return list(self._backend.state.commands.get(("chat", chat_id, None, language), []))

    @property
    def requests(self) -> list[RequestRecord]:
        self._backend.records.require("requests")
        return self._backend.records.requests

    @property
    def errors(self) -> list[RequestRecord]:
        self._backend.records.require("errors")
        return self._backend.records.errors

    @property
    def pending_updates(self) -> int:
        return len(self._backend.updates)

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` with every event the server records from now on (see
        local_bot_api/events.py), on the server's loop; a listener that raises is logged."""
        self._backend.records.listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._backend.records.listeners.remove(listener)

    def clear_records(self) -> None:
        """Forget sent/requests/errors/callback_answers/inline_answers/deleted (chats and
        messages stay).

        Also resets send_stats(), which counts what these records hold.
        """
        self._backend.records.clear()
        self._backend.sends.reset()

    def stats(self) -> JSONDict:
        records = self._backend.records
        return {
            "requests": records.request_count,
            "sent": records.message_count,
            "errors": records.error_count,
            "callback_answers": len(records.callback_answers),
            "inline_answers": len(records.inline_answers),
            "pending_updates": len(self._backend.updates),
            "delivered_updates": self._backend.updates.delivered,
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
        return self._backend.sends.snapshot(per_chat)

    def reset_send_stats(self) -> None:
        self._backend.sends.reset()

    def age_message(self, chat_id: int, message_id: int, seconds: float) -> None:
        """Make the bot's message look sent `seconds` earlier (for the 48-hour delete rule)."""
        self._backend.records.require("age_message")
        chat = self._backend.state.real_chat(chat_id)
        sent = chat.bot_messages.get(message_id) if chat is not None else None
        if sent is None:
            raise KeyError(f"no bot message {message_id} in chat {chat_id}")
        sent.date -= int(seconds)
        sent.raw["date"] = sent.date

    # ----- faults --------------------------------------------------------------------------

    def block(self, chat_id: int, reason: str = "blocked") -> None:
        """Sends to the chat now fail with the 403 Telegram gives for its type.

        ``reason``: "blocked" (default), "deactivated" (private: user is deactivated), "left"
        (groups: bot is not a member), or a full "Forbidden: ..." description.
        """
        chat = self._backend.state.ensure_chat(chat_id)
        chat.forbidden = forbidden_text(chat, reason)

    def unblock(self, chat_id: int) -> None:
        chat = self._backend.state.chats.get(chat_id)
        if chat is not None:
            chat.forbidden = None

    def migrate(self, chat_id: int, new_chat_id: int, announce: bool = False) -> JSONDict:
        """Upgrade a basic group to a supergroup; returns the new chat.

        With ``announce`` the service messages Telegram sends about it are queued as updates
        (migrate_to_chat_id in the old group, migrate_from_chat_id in the new one).
        """
        state = self._backend.state
        new_chat = state.migrate(chat_id, new_chat_id)
        if announce:
            self._injector.service_message(chat_id, {"migrate_to_chat_id": new_chat_id})
            self._injector.service_message(new_chat_id, {"migrate_from_chat_id": chat_id})
        return state.chat_dict(new_chat)

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
        self._backend.faults.add(method, chat_id, status, count, retry_after, description)

    def fail_randomly(
        self,
        rate: float,
        methods: Iterable[str] | None = SENDING_METHODS,
        statuses: Iterable[FaultStatus] = (500, 502),
        seed: int | None = None,
    ) -> None:
        """Fail each call of ``methods`` (None = any) with probability ``rate`` from now on,
        with one of ``statuses`` chosen at random; ``rate=0`` or ``clear_faults()`` stops it.
        ``fail_next`` faults are served first."""
        self._backend.faults.randomly(rate, methods, statuses, seed)

    def clear_faults(self) -> None:
        self._backend.faults.clear()

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
        self._backend.flood.configure(
            enabled,
            global_per_second,
            per_chat_per_second,
            per_group_per_minute,
            burst,
            paid_per_second,
        )
