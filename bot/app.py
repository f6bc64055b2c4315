"""The application factory: everything is built from a `Settings` object, nothing at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Bot, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest, HTTPXRequest

import handlers
from bot.context import (
    AnyApplication,
    NewsContext,
    Services,
    attach_services,
    detach_services,
    keep_settings,
    pacer_of,
    settings_of,
)
from bot.delivery import DeliveryEngine, schedule_rounds
from bot.limits import MIN_CONNECTIONS, REPLY_CONNECTIONS
from bot.operator_reports import OperatorReports
from bot.settings import Settings
from bot.telegram.flood_control import Pacer, PacingRateLimiter
from bot.telegram.transport import AiohttpRequest
from bot.views.commands import publish_command_menu
from bot.views.i18n import Translator
from storage import Storage

logger = logging.getLogger(__name__)


def build_application(settings: Settings, *, pacer: Pacer | None = None) -> AnyApplication:
    """Build the bot for these settings; storage opens when the application starts.

    `pacer` replaces the one built from RATE_LIMIT (benchmarks lift pacing this way).
    """
    pacer = pacer or Pacer(settings.rate_limit)
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
        .rate_limiter(PacingRateLimiter(pacer))
        .post_init(start_services)
        .post_shutdown(stop_services)
        .build()
    )
    keep_settings(application, settings, pacer)
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


async def start_services(application: AnyApplication) -> None:
    """Open storage, start delivery and publish the command menu (PTB's post_init)."""
    settings = settings_of(application)
    storage = await Storage.open(settings.database_path)
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
    await engine.start()
    schedule_rounds(application, engine, settings.push_interval)
    await publish_command_menu(application.bot, translator, settings.admin_ids)
    logger.info("newsbot started as @%s", application.bot.username)


async def stop_services(application: AnyApplication) -> None:
    """Stop delivery and close storage (PTB's post_shutdown)."""
    services = detach_services(application)
    if services is None:
        return
    await services.delivery.stop()
    await services.storage.close()
    if services.operator_reports is not None:
        logging.getLogger().removeHandler(services.operator_reports)
        await services.operator_reports.close_async()


@asynccontextmanager
async def running(
    application: AnyApplication, *, poll_timeout: int = 10
) -> AsyncIterator[AnyApplication]:
    """Run the application with long polling inside an `async with` block (tests, benchmarks).

    The same steps as PTB's run_polling, without taking over the event loop or signals.
    """
    await application.initialize()
    await start_services(application)
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
    )
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await stop_services(application)
        await application.shutdown()


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until interrupted."""
    build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)
