"""The application factory: everything is built from a `Settings` object, nothing at import."""

from __future__ import annotations

import logging
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

import handlers
from bot.commands import publish_command_menu
from bot.context import SERVICES_KEY, NewsContext, Services
from bot.delivery import DeliveryEngine, Pacer, PacingRateLimiter, schedule_rounds
from bot.i18n import Translator
from bot.settings import Settings
from storage import Storage

logger = logging.getLogger(__name__)

_SETTINGS_KEY = "settings"
_PACER_KEY = "pacer"


def build_application(settings: Settings) -> Application[Any, Any, Any, Any, Any, Any]:
    """Build the bot for these settings; storage opens when the application starts."""
    pacer = Pacer(settings.rate_limit)
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
        .connect_timeout(settings.request_timeout)
        .read_timeout(settings.request_timeout)
        .write_timeout(settings.request_timeout)
        .rate_limiter(PacingRateLimiter(pacer))
        .post_init(start_services)
        .post_shutdown(stop_services)
        .build()
    )
    application.bot_data[_SETTINGS_KEY] = settings
    application.bot_data[_PACER_KEY] = pacer
    handlers.register_all(application)
    return application


async def start_services(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open storage, start delivery and publish the command menu (PTB's post_init)."""
    settings: Settings = application.bot_data[_SETTINGS_KEY]
    storage = await Storage.open(settings.database_path)
    translator = Translator(settings.default_language)
    engine = DeliveryEngine(
        storage=storage,
        bot=application.bot,
        translator=translator,
        settings=settings,
        pacer=application.bot_data[_PACER_KEY],
    )
    application.bot_data[SERVICES_KEY] = Services(settings, storage, translator, engine)
    await engine.start()
    schedule_rounds(application, engine, settings.push_interval)
    await publish_command_menu(application.bot, translator)
    logger.info("newsbot started as @%s", application.bot.username)


async def stop_services(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop delivery and close storage (PTB's post_shutdown)."""
    services: Services | None = application.bot_data.pop(SERVICES_KEY, None)
    if services is not None:
        await services.delivery.stop()
        await services.storage.close()


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until interrupted."""
    build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)
