"""The command table drives the menu, /help and the greeting, so none of them can drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.app import build_application
from bot.settings import Settings
from bot.views.commands import COMMANDS, Audience, commands_for, greeting_commands, help_text, menu
from bot.views.i18n import LANGUAGES, Translator
from local_bot_api import parse_html

TRANSLATOR = Translator()


def _registered_commands(handlers: list[BaseHandler]) -> set[str]:  # type: ignore[type-arg]
    found: set[str] = set()
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            found |= set(handler.commands)
        elif isinstance(handler, ConversationHandler):
            inner = [*handler.entry_points, *handler.fallbacks]
            for state_handlers in handler.states.values():
                inner += state_handlers
            found |= _registered_commands(inner)
    return found


def test_every_command_the_bot_answers_is_in_the_table_and_nothing_else(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, bot_token="1:x", database_path=tmp_path / "db.sqlite3"
    )
    application = build_application(settings)
    registered = _registered_commands(
        [handler for group in application.handlers.values() for handler in group]
    )
    assert registered == {command.name for command in COMMANDS}


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_lists_the_readers_commands_and_the_editors_only_for_editors(language: str) -> None:
    for is_editor in (False, True):
        text, _ = parse_html(
            help_text(TRANSLATOR, language, is_editor=is_editor, bot_username="newsbot_bot")
        )
        # /post has a second line showing its one-message form: count each command once.
        listed = list(dict.fromkeys(re.findall(r"^/(\w+)", text, flags=re.MULTILINE)))
        expected = commands_for(Audience.READERS, Audience.CHAT_MANAGERS)
        if is_editor:
            expected += commands_for(Audience.EDITORS)
        assert listed == [command.name for command in expected]
    reader_text, _ = parse_html(
        help_text(TRANSLATOR, language, is_editor=False, bot_username="newsbot_bot")
    )
    assert "/post" not in reader_text and "/stats" not in reader_text
    assert "@newsbot_bot " in reader_text  # inline sharing, which has no command


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_descriptions_come_from_the_catalog_in_each_language(language: str) -> None:
    entries = menu(TRANSLATOR, language, COMMANDS)
    assert [entry.command for entry in entries] == [command.name for command in COMMANDS]
    for entry in entries:
        assert entry.description == TRANSLATOR.plain(language, f"command-{entry.command}")
        assert 1 <= len(entry.description) <= 256


def test_greeting_introduces_the_flagged_commands_as_valid_html() -> None:
    text, _ = parse_html(greeting_commands(TRANSLATOR, "en"))
    assert re.findall(r"^/(\w+)", text, flags=re.MULTILINE) == [
        command.name for command in COMMANDS if command.in_greeting
    ]
    assert "/latest — The newest headlines" in text
