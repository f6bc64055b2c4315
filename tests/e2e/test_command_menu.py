"""The command menu per scope and language, and /help, both from the one command table."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from local_bot_api import LocalBotApi
from tests.e2e.harness import EDITOR_ID, READER_ID, ask, make_settings, running_bot

EDITOR_COMMANDS = {"post", "done", "publish", "cancel", "channels", "addchannel", "stats"}
# Issue 10: corrections and retractions.
EDITOR_COMMANDS |= {"edit", "history", "retract", "restore"}
# Issue 11: scheduled publication.
EDITOR_COMMANDS |= {"schedule", "scheduled", "unschedule"}
# Issue 11: breaking news.
EDITOR_COMMANDS |= {"breaking"}
# Issue 12: the desk's feeds.
EDITOR_COMMANDS |= {"feeds", "addfeed", "removefeed", "pausefeed"}
MANAGER_COMMANDS = {"subscribe", "unsubscribe", "language"}
UNKNOWN_EDITOR = 777


def _names(commands: list[dict[str, str]]) -> set[str]:
    return {command["command"] for command in commands}


async def test_each_scope_gets_the_commands_its_people_may_use(
    api: LocalBotApi, database: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(api, database, admin_ids=f"{EDITOR_ID},{UNKNOWN_EDITOR}")
    with caplog.at_level(logging.WARNING):
        async with running_bot(settings):
            [hello] = await ask(api, READER_ID, "/start")  # the bot started and answers
            assert "Hello, Reader!" in hello.text
    for language in ("", "en", "ka"):
        everyone = _names(api.commands[("default", language)])
        groups = _names(api.commands[("all_group_chats", language)])
        administrators = _names(api.commands[("all_chat_administrators", language)])
        editor = _names(api.chat_commands(EDITOR_ID, language))
        assert {"latest", "read", "help"} <= everyone and everyone >= MANAGER_COMMANDS
        assert not everyone & EDITOR_COMMANDS
        assert not groups & MANAGER_COMMANDS and "latest" in groups
        assert "sections" in everyone and "sections" in groups  # issue 11: readers' sections
        assert "top" in everyone and "top" in groups  # issue 13: most read, for anyone
        assert administrators == everyone
        assert editor == everyone | EDITOR_COMMANDS | {"removechannel"}
    assert (
        api.commands[("default", "ka")][0]["description"]
        != (api.commands[("default", "en")][0]["description"])
    )
    # An editor who never opened the bot has no chat to set a menu in: a warning, not a crash.
    assert api.chat_commands(UNKNOWN_EDITOR) == []
    warnings = [record.getMessage().lower() for record in caplog.records]
    assert any(str(UNKNOWN_EDITOR) in w and "chat not found" in w for w in warnings)


async def test_help_shows_editors_their_commands_and_readers_only_theirs(
    app: object, api: LocalBotApi
) -> None:
    [for_reader] = await ask(api, READER_ID, "/help")
    [for_editor] = await ask(api, EDITOR_ID, "/help")
    assert "/latest" in for_reader.text and "/stats" not in for_reader.text
    assert "/top — the most-read articles of the last 7 days" in for_reader.text  # issue 13
    assert "/sections" in for_reader.text  # issue 11
    assert "For editors" in for_editor.text
    assert all(f"/{name}" in for_editor.text for name in EDITOR_COMMANDS)


async def test_help_tells_readers_how_to_share_articles_inline_in_both_languages(
    app: object, api: LocalBotApi
) -> None:
    georgian = 4242
    api.add_private_chat(georgian, first_name="ნინო", language_code="ka")
    [english] = await ask(api, READER_ID, "/help")
    [in_georgian] = await ask(api, georgian, "/help")
    assert "@newsbot_test_bot words" in english.text and "in any chat" in english.text
    assert "@newsbot_test_bot სიტყვები" in in_georgian.text
    assert "ნებისმიერ ჩატში" in in_georgian.text
