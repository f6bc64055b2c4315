"""What every handler can reach through its context: settings, storage, strings, delivery.

The keys under which the application keeps them in `bot_data` are private to this module:
everything else asks through `NewsContext` or the functions here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, cast

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.delivery import DeliveryEngine
from bot.feeds.poller import FeedPoller
from bot.health import Heartbeat
from bot.metrics import Metrics
from bot.news.rhythm import SYSTEM_CLOCK, Clock
from bot.operator_reports import OperatorReports
from bot.settings import Settings
from bot.telegram.flood_control import Pacer
from bot.views.charts import ChartDrawer
from bot.views.i18n import Translator
from storage import Storage

_SERVICES_KEY: Final = "services"
_SETTINGS_KEY: Final = "settings"
_PACER_KEY: Final = "pacer"
_CLOCK_KEY: Final = "clock"
_HEARTBEAT_KEY: Final = "heartbeat"
_METRICS_KEY: Final = "metrics"

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def keep_settings(
    application: AnyApplication, settings: Settings, pacer: Pacer, clock: Clock = SYSTEM_CLOCK
) -> None:
    """What the application is built from; available before it starts (handlers' set-up)."""
    application.bot_data[_SETTINGS_KEY] = settings
    application.bot_data[_PACER_KEY] = pacer
    application.bot_data[_CLOCK_KEY] = clock


def clock_of(application: AnyApplication) -> Clock:
    """The clock chats' rhythms are judged by (a test's, or the system's)."""
    return cast(Clock, application.bot_data[_CLOCK_KEY])


def settings_of(application: AnyApplication) -> Settings:
    """The settings the application was built from."""
    return cast(Settings, application.bot_data[_SETTINGS_KEY])


def pacer_of(application: AnyApplication) -> Pacer:
    """The one pacer every send of the application goes through."""
    return cast(Pacer, application.bot_data[_PACER_KEY])


def keep_heartbeat(application: AnyApplication, heartbeat: Heartbeat) -> None:
    """The heartbeat that watches this application (built with it, started with its services)."""
    application.bot_data[_HEARTBEAT_KEY] = heartbeat


def heartbeat_of(application: AnyApplication) -> Heartbeat:
    """The application's heartbeat."""
    return cast(Heartbeat, application.bot_data[_HEARTBEAT_KEY])


def keep_metrics(application: AnyApplication, metrics: Metrics) -> None:
    """What the application counts for /metrics (built with it: the update processor counts)."""
    application.bot_data[_METRICS_KEY] = metrics


def metrics_of(application: AnyApplication) -> Metrics:
    """The application's metrics."""
    return cast(Metrics, application.bot_data[_METRICS_KEY])


@dataclass(slots=True)
class Services:
    """The long-lived objects built at start-up."""

    settings: Settings
    storage: Storage
    translator: Translator
    delivery: DeliveryEngine
    operator_reports: OperatorReports | None = None
    # The feed poller (issue 12), started after delivery, which its new articles go through.
    feeds: FeedPoller | None = None
    # The /stats chart's worker process (issue 13), started by the first chart.
    charts: ChartDrawer = field(default_factory=ChartDrawer)


def attach_services(application: AnyApplication, services: Services) -> None:
    """The application has started: its handlers reach these from now on."""
    application.bot_data[_SERVICES_KEY] = services


def detach_services(application: AnyApplication) -> Services | None:
    """The application is stopping: take its services back (None if it never started)."""
    return cast(Services | None, application.bot_data.pop(_SERVICES_KEY, None))


def services_of(application: AnyApplication) -> Services:
    """The running application's services (tests and benchmarks look in through this)."""
    return cast(Services, application.bot_data[_SERVICES_KEY])


class NewsContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to newsbot's services."""

    @property
    def services(self) -> Services:
        """Settings, storage, translator and delivery engine of this application."""
        return cast(Services, self.bot_data[_SERVICES_KEY])

    @property
    def settings(self) -> Settings:
        """The application's settings."""
        return cast(Settings, self.bot_data[_SETTINGS_KEY])

    @property
    def storage(self) -> Storage:
        """The open database."""
        return self.services.storage

    @property
    def translator(self) -> Translator:
        """English and Georgian strings."""
        return self.services.translator

    async def language(self, update: object) -> str:
        """The language to answer this update in: the chat's choice (for an update from no
        chat, such as an inline query, the user's private chat's), else the user's.

        Asked once per update: PTB builds a context for each update, and handlers that both
        render and reply would otherwise read the chat's choice twice.
        """
        cached: str | None = getattr(self, "_language", None)
        if cached is not None:
            return cached
        if not isinstance(update, Update):
            return self.user_language(update)
        # Inline queries come from no chat: the user's private chat with the bot (whose id is
        # the user's) holds their choice, if they made one there.
        chat = update.effective_chat or update.effective_user
        if chat is None:
            return self.user_language(update)
        choice = await self.storage.chats.language(chat.id)
        self._language = self.translator.resolve(choice, _telegram_language(update))
        return self._language

    def user_language(self, update: object) -> str:
        """The user's Telegram language (or the default), without asking storage."""
        return self.translator.resolve(None, _telegram_language(update))


def _telegram_language(update: object) -> str | None:
    user = update.effective_user if isinstance(update, Update) else None
    return user.language_code if user else None
