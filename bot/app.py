"""The application factory: everything is built from a `Settings` object, nothing at import."""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from telegram import Bot, LinkPreviewOptions, Update
from telegram.constants import FloodLimit, ParseMode
from telegram.error import NetworkError, TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest, HTTPXRequest

import handlers
from bot.context import (
    AnyApplication,
    NewsContext,
    Services,
    attach_services,
    clock_of,
    detach_services,
    heartbeat_of,
    keep_heartbeat,
    keep_metrics,
    keep_settings,
    metrics_of,
    pacer_of,
    services_of,
    settings_of,
)
from bot.delivery import DeliveryEngine, schedule_rounds
from bot.feeds.poller import FeedPoller
from bot.health import Heartbeat, Problems, delivery_problem, polling_problem
from bot.http import HttpServer
from bot.http.webhook import set_webhook, webhook_routes, webhook_secret
from bot.limits import MIN_CONNECTIONS, REPLY_CONNECTIONS
from bot.metrics import Metrics
from bot.news.rhythm import SYSTEM_CLOCK, Clock
from bot.operator_reports import OperatorReports
from bot.settings import Settings
from bot.startup import BotApiCalls, StartupError, StartupInterrupted
from bot.telegram.flood_control import Pacer, PacingRateLimiter
from bot.telegram.polling import WatchedPollingRequest
from bot.telegram.transport import AiohttpRequest
from bot.telegram.update_processor import ChatOrderedUpdateProcessor
from bot.views.commands import publish_command_menu
from bot.views.i18n import Translator
from storage import Storage

logger = logging.getLogger(__name__)


def build_application(
    settings: Settings, *, pacer: Pacer | None = None, clock: Clock = SYSTEM_CLOCK
) -> AnyApplication:
    """Build the bot for these settings; storage opens when the application starts.

    `pacer` replaces the one built from RATE_LIMIT (benchmarks lift pacing this way); `clock`
    the system's, for the time of day chats' daily digests and quiet hours are judged by
    (tests set the hour this way).
    """
    pacer = pacer or Pacer(
        settings.rate_limit,
        reply_share=settings.reply_share,
        free_rate=FloodLimit.MESSAGES_PER_SECOND,
    )
    polling = WatchedPollingRequest()
    # Counted where things happen (updates, replies, the engine's outcomes), read by /metrics.
    metrics = Metrics()
    application = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .context_types(ContextTypes(context=NewsContext))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .request(bot_api_request(settings))
        .get_updates_request(polling)
        .rate_limiter(PacingRateLimiter(pacer, metrics))
        # Chats concurrently, each chat's updates in order (bot/telegram/update_processor.py).
        .concurrent_updates(ChatOrderedUpdateProcessor(metrics=metrics))
        .build()
    )
    keep_settings(application, settings, pacer, clock)
    keep_metrics(application, metrics)
    keep_heartbeat(
        application, Heartbeat(settings.heartbeat_path, _health_problems(application, polling))
    )
    handlers.register_all(application)
    return application


def bot_api_request(settings: Settings) -> BaseRequest:
    """The transport for every Bot API call except long polling (which keeps PTB's httpx).

    aiohttp is the default: measured here it keeps ~1,100 sends/s at 64 in flight and 50 ms
    latency where httpx falls to ~140 (docs/BENCHMARKS.md); HTTP_TRANSPORT=httpx switches back.
    """
    timeout = settings.request_timeout
    pool = max(settings.workers + REPLY_CONNECTIONS, MIN_CONNECTIONS)
    if settings.http_transport == "httpx":
        return HTTPXRequest(
            connection_pool_size=pool,
            read_timeout=timeout,
            write_timeout=timeout,
            connect_timeout=timeout,
        )
    return AiohttpRequest(
        connection_pool_size=pool,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
    )


def _health_problems(application: AnyApplication, polling: WatchedPollingRequest) -> Problems:
    """What keeps the heartbeat from beating: stalled polling or stalled delivery."""

    webhook = settings_of(application).webhook_url is not None

    def problems() -> list[str]:
        assert application.updater is not None
        # With a webhook, updates come when readers write: silence is no sign of trouble.
        found = (
            None
            if webhook
            else polling_problem(
                application.updater.running, polling.silent_for(), polling.last_error
            ),
            delivery_problem(services_of(application).delivery.stalled_since(), time.time()),
        )
        return [problem for problem in found if problem]

    return problems


async def start_services(application: AnyApplication, calls: BotApiCalls | None = None) -> None:
    """Open storage, start delivery and the heartbeat, and publish the command menu.

    `calls` makes the Bot API calls (retried, see bot/startup.py); on failure, whatever started
    is stopped again before the error is raised.
    """
    settings = settings_of(application)
    calls = calls or BotApiCalls(settings.bot_api_base_url, settings.startup_tries)
    heartbeat = heartbeat_of(application)
    try:
        heartbeat.prepare()
    except OSError as error:
        raise StartupError(
            f"cannot write the heartbeat at {heartbeat.path} ({error}); check HEALTH_FILE"
        ) from None
    try:
        storage = await Storage.open(settings.database_path)
    except (OSError, sqlite3.OperationalError) as error:
        raise StartupError(
            f"cannot open the database at {settings.database_path} ({error}); "
            "check DATABASE_PATH and the permissions of its directory"
        ) from None
    translator = Translator(settings.default_language)
    engine = DeliveryEngine(
        storage=storage,
        bot=Bot(
            settings.bot_token.get_secret_value(),
            base_url=settings.bot_api_base_url,
            base_file_url=settings.bot_api_file_url,
            request=bot_api_request(settings),
        ),
        translator=translator,
        settings=settings,
        pacer=pacer_of(application),
        clock=clock_of(application),
        metrics=metrics_of(application),
    )
    services = Services(settings, storage, translator, engine)
    if settings.error_chat_id is not None:
        services.operator_reports = OperatorReports(
            application.bot,
            settings.error_chat_id,
            translator,
            zone=settings.zone,
            secrets=(settings.bot_token.get_secret_value(),),
        )
        logging.getLogger().addHandler(services.operator_reports)
    attach_services(application, services)
    try:
        await calls(engine.start)  # its own bot's getMe is a Bot API call too
        services.feeds = FeedPoller(
            storage=storage,
            settings=settings,
            bot=application.bot,
            translator=translator,
            delivery=engine,
            metrics=metrics_of(application),
        )
        await services.feeds.start()
        schedule_rounds(application, engine, settings.push_interval)
        assert application.job_queue is not None
        heartbeat.schedule(application.job_queue)
        await calls(lambda: publish_command_menu(application.bot, translator, settings.admin_ids))
    except BaseException:
        await stop_services(application)
        raise
    logger.info("newsbot started as @%s", application.bot.username)


async def stop_services(application: AnyApplication) -> None:
    """Stop delivery and close storage; a stopped bot has no heartbeat."""
    heartbeat_of(application).stop()
    services = detach_services(application)
    if services is None:
        return
    if services.feeds is not None:  # before delivery: its new articles ask for rounds
        await services.feeds.stop()
    await services.delivery.stop()
    services.charts.close()
    await services.storage.close()
    if services.operator_reports is not None:
        logging.getLogger().removeHandler(services.operator_reports)
        await services.operator_reports.close_async()


@asynccontextmanager
async def running(
    application: AnyApplication, *, poll_timeout: int = 10, stop: asyncio.Event | None = None
) -> AsyncIterator[AnyApplication]:
    """Run the application with long polling (or, with WEBHOOK_URL, a webhook) inside an
    `async with` block.

    The steps of PTB's run_polling, with start-up's Bot API calls retried (StartupError when
    that does not help), and everything that started stopped again on every way out, a failed
    start-up included. Setting `stop` ends the waiting between start-up tries. A webhook is
    set once the HTTP server receives it and is left set when the bot stops: Telegram keeps
    the updates of a deploy's downtime for the next instance. Polling deletes it first.
    """
    settings = settings_of(application)
    calls = BotApiCalls(settings.bot_api_base_url, settings.startup_tries, stop)
    updater = application.updater
    assert updater is not None
    async with AsyncExitStack() as started:
        # A getMe that failed leaves the transports open, and Application.shutdown closes
        # nothing unless initialize succeeded: so the bot's own shutdown comes last either way.
        started.push_async_callback(application.bot.shutdown)
        await calls(application.initialize)
        started.push_async_callback(application.shutdown)
        await start_services(application, calls)
        started.push_async_callback(stop_services, application)
        started.push_async_callback(_stop_polling, application)
        if settings.webhook_url is None:
            # The updater begins with a deleteWebhook of its own that it tries once and,
            # failing, logs with a traceback; made here first with retries, that one finds the
            # network up.
            await calls(application.bot.delete_webhook)
            await updater.start_polling(
                poll_interval=0.0,
                timeout=poll_timeout,
                allowed_updates=Update.ALL_TYPES,
                error_callback=_polling_failed,
            )
        await application.start()
        # The heartbeat job's first run comes an interval later (APScheduler cannot start a
        # repeating job at once): beat now, so a healthy bot is seen as one from the start.
        await heartbeat_of(application).beat()
        if settings.http_port is not None:  # stopped first: its routes use the services
            secret = None
            if settings.webhook_url is not None:
                secret = await webhook_secret(settings, services_of(application).storage)
            routes = [] if secret is None else webhook_routes(application, settings, secret)
            server = HttpServer(application, routes)
            await server.start()
            started.push_async_callback(server.stop)
            if secret is not None:
                await calls(functools.partial(set_webhook, application.bot, settings, secret))
                logger.info("Receiving updates through the webhook at %s", settings.webhook_path)
        yield application


async def _stop_polling(application: AnyApplication) -> None:
    # A bot that is stopping is not unhealthy: its heartbeat ends before polling does.
    heartbeat_of(application).stop()
    # In PTB's order; either may not have started.
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()


def _polling_failed(error: TelegramError) -> None:
    """A failed getUpdates (PTB's updater tries again by itself): one line, not a traceback."""
    # Network trouble passes; anything else (409: another instance polls) needs the operator.
    level = logging.WARNING if isinstance(error, NetworkError) else logging.ERROR
    logger.log(level, "Polling for updates failed: %s", error)


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until SIGINT or SIGTERM; StartupError if it cannot start."""
    asyncio.run(_poll_until_stopped(settings))


async def _poll_until_stopped(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with running(build_application(settings), stop=stop):
            await stop.wait()
    except StartupInterrupted:
        logger.info("Stopped before start-up finished")
