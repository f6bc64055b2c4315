"""The command menu Telegram shows, published in both languages from one list."""

from __future__ import annotations

from typing import Final

from telegram import Bot, BotCommand

from bot.views.i18n import LANGUAGES, Translator

READER_COMMANDS: Final = (
    "latest",
    "read",
    "subscribe",
    "unsubscribe",
    "settings",
    "language",
    "help",
    "start",
)


def menu(translator: Translator, language: str) -> list[BotCommand]:
    """The reader commands with descriptions in `language`."""
    return [
        BotCommand(command, translator.plain(language, f"command-{command}"))
        for command in READER_COMMANDS
    ]


async def publish_command_menu(bot: Bot, translator: Translator) -> None:
    """Set the menu for each language, and the default language for everyone else."""
    await bot.set_my_commands(menu(translator, translator.default_language))
    for language in LANGUAGES:
        await bot.set_my_commands(menu(translator, language), language_code=language)
