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
from bot.i18n import Translator
from bot.settings import Settings
from storage import Storage

logger = logging.getLogger(__name__)

_SETTINGS_KEY = "settings"


def build_application(settings: Settings) -> Application[Any, Any, Any, Any, Any, Any]:
    """Build the bot for these settings; storage opens when the application starts."""
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
        .post_init(start_services)
        .post_shutdown(stop_services)
        .build()
    )
    application.bot_data[_SETTINGS_KEY] = settings
    handlers.register_all(application)
    return application


async def start_services(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open storage and publish the command menu (PTB's post_init)."""
    settings: Settings = application.bot_data[_SETTINGS_KEY]
    storage = await Storage.open(settings.database_path)
    translator = Translator(settings.default_language)
    application.bot_data[SERVICES_KEY] = Services(settings, storage, translator)
    await publish_command_menu(application.bot, translator)
    logger.info("newsbot started as @%s", application.bot.username)


async def stop_services(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Close storage (PTB's post_shutdown)."""
    services: Services | None = application.bot_data.pop(SERVICES_KEY, None)
    if services is not None:
        await services.storage.close()


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until interrupted."""
    build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)
