"""The command table: the menu Telegram shows, /help and the greeting are all built from it.

Each command has an audience; its strings are `command-<name>` (the menu, plain text),
`help-<name>` (its /help line) and, if it takes an argument, `argument-<name>`. Menus are
published per scope and language, as PTB's rules-bot does: everyone sees the readers' commands,
group members lose what only administrators may do there, and each editor sees the editors'
commands too.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Final

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import BadRequest

from bot.limits import LATEST_MAX_COUNT
from bot.views.i18n import LANGUAGES, Translator

logger = logging.getLogger(__name__)


class Audience(Enum):
    """Who a command is for."""

    READERS = "readers"
    # Everyone in a private chat; in groups, their administrators only.
    CHAT_MANAGERS = "chat managers"
    EDITORS = "editors"


@dataclass(frozen=True, slots=True)
class Command:
    """One command of the bot."""

    name: str
    audience: Audience
    takes_argument: bool = False
    in_greeting: bool = False


COMMANDS: Final = (
    Command("latest", Audience.READERS, in_greeting=True),
    Command("read", Audience.READERS, takes_argument=True, in_greeting=True),
    Command("search", Audience.READERS, takes_argument=True, in_greeting=True),
    Command("sections", Audience.READERS),
    Command("top", Audience.READERS),
    Command("subscribe", Audience.CHAT_MANAGERS),
    Command("unsubscribe", Audience.CHAT_MANAGERS),
    Command("settings", Audience.READERS),
    Command("language", Audience.CHAT_MANAGERS, in_greeting=True),
    Command("help", Audience.READERS, in_greeting=True),
    Command("start", Audience.READERS),
    Command("post", Audience.EDITORS),
    Command("done", Audience.EDITORS),
    Command("publish", Audience.EDITORS),
    Command("breaking", Audience.EDITORS),
    Command("cancel", Audience.EDITORS),
    Command("schedule", Audience.EDITORS, takes_argument=True),
    Command("scheduled", Audience.EDITORS),
    Command("unschedule", Audience.EDITORS, takes_argument=True),
    Command("edit", Audience.EDITORS, takes_argument=True),
    Command("history", Audience.EDITORS, takes_argument=True),
    Command("retract", Audience.EDITORS, takes_argument=True),
    Command("restore", Audience.EDITORS, takes_argument=True),
    Command("channels", Audience.EDITORS),
    Command("addchannel", Audience.EDITORS, takes_argument=True),
    Command("removechannel", Audience.EDITORS, takes_argument=True),
    Command("feeds", Audience.EDITORS),
    Command("addfeed", Audience.EDITORS, takes_argument=True),
    Command("removefeed", Audience.EDITORS, takes_argument=True),
    Command("pausefeed", Audience.EDITORS, takes_argument=True),
    Command("stats", Audience.EDITORS),
)

_EVERYONE: Final = (Audience.READERS, Audience.CHAT_MANAGERS)


def commands_for(*audiences: Audience) -> list[Command]:
    """The commands of these audiences, in the table's order."""
    return [command for command in COMMANDS if command.audience in audiences]


def menu(translator: Translator, language: str, commands: Iterable[Command]) -> list[BotCommand]:
    """Menu entries with descriptions in `language`."""
    return [
        BotCommand(command.name, translator.plain(language, f"command-{command.name}"))
        for command in commands
    ]


def help_text(translator: Translator, language: str, *, is_editor: bool, bot_username: str) -> str:
    """/help: every command a reader may use, how to share articles inline (`@bot words` in any
    chat: no command, so not in the table), and the editors' commands for editors."""
    sections = [(translator.html(language, "help-title"), commands_for(*_EVERYONE))]
    if is_editor:
        sections.append(
            (translator.html(language, "help-editor-title"), commands_for(Audience.EDITORS))
        )
    blocks = [
        "\n".join([title, *(_help_line(translator, language, c) for c in commands)])
        for title, commands in sections
    ]
    blocks.insert(1, translator.html(language, "help-inline", bot=f"@{bot_username}"))
    return "\n\n".join(blocks)


def greeting_commands(translator: Translator, language: str) -> str:
    """The few commands the /start greeting introduces, one per line."""
    return "\n".join(
        f"/{command.name} — "
        + html.escape(translator.plain(language, f"command-{command.name}"), quote=False)
        for command in COMMANDS
        if command.in_greeting
    )


def _help_line(translator: Translator, language: str, command: Command) -> str:
    usage = f"/{command.name}"
    if command.takes_argument:
        usage += " " + translator.html(language, f"argument-{command.name}")
    described = translator.html(language, f"help-{command.name}", max=LATEST_MAX_COUNT)
    return f"{usage} — {described}"


async def publish_command_menu(bot: Bot, translator: Translator, editor_ids: Iterable[int]) -> None:
    """Set the menu of every scope, in each language and in the default one."""
    scopes: list[tuple[BotCommandScope, list[Command]]] = [
        (BotCommandScopeDefault(), commands_for(*_EVERYONE)),
        (BotCommandScopeAllGroupChats(), commands_for(Audience.READERS)),
        (BotCommandScopeAllChatAdministrators(), commands_for(*_EVERYONE)),
    ]
    scopes += [
        (BotCommandScopeChat(editor_id), commands_for(*_EVERYONE, Audience.EDITORS))
        for editor_id in sorted(editor_ids)
    ]
    for scope, commands in scopes:
        try:
            await bot.set_my_commands(
                menu(translator, translator.default_language, commands), scope=scope
            )
            for language in LANGUAGES:
                await bot.set_my_commands(
                    menu(translator, language, commands), scope=scope, language_code=language
                )
        except BadRequest as error:  # an editor who never opened a chat with the bot
            if not isinstance(scope, BotCommandScopeChat):
                raise
            logger.warning("No editor menu for %s yet: %s", scope.chat_id, error.message)
