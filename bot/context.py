"""What every handler can reach through its context: settings, storage and strings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, cast

from telegram import Update
from telegram.ext import CallbackContext, ExtBot

from bot.delivery import DeliveryEngine
from bot.settings import Settings
from bot.views.i18n import Translator
from storage import Storage

SERVICES_KEY: Final = "services"


@dataclass(slots=True)
class Services:
    """The long-lived objects built at start-up."""

    settings: Settings
    storage: Storage
    translator: Translator
    delivery: DeliveryEngine


class NewsContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to newsbot's services."""

    @property
    def services(self) -> Services:
        """Settings, storage and translator of this application."""
        return cast(Services, self.bot_data[SERVICES_KEY])

    @property
    def settings(self) -> Settings:
        """The application's settings."""
        return self.services.settings

    @property
    def storage(self) -> Storage:
        """The open database."""
        return self.services.storage

    @property
    def translator(self) -> Translator:
        """English and Georgian strings."""
        return self.services.translator

    async def language(self, update: object) -> str:
        """The language to answer this update in: the chat's choice, else the user's.

        Asked once per update: PTB builds a context for each update, and handlers that both
        render and reply would otherwise read the chat's choice twice.
        """
        cached: str | None = getattr(self, "_language", None)
        if cached is not None:
            return cached
        if not isinstance(update, Update) or update.effective_chat is None:
            return self.user_language(update)
        choice = await self.storage.chats.language(update.effective_chat.id)
        self._language = self.translator.resolve(choice, _telegram_language(update))
        return self._language

    def user_language(self, update: object) -> str:
        """The user's Telegram language (or the default), without asking storage."""
        return self.translator.resolve(None, _telegram_language(update))


def _telegram_language(update: object) -> str | None:
    user = update.effective_user if isinstance(update, Update) else None
    return user.language_code if user else None
