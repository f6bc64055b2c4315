"""The command menu Telegram shows one user in one chat, from what the bot set per scope.

Telegram's order ("Determining list of commands" in the Bot API docs): the narrowest scope
that has commands wins, and within a scope the user's language before no language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ScopeKey = tuple[str, int | str | None, int | None, str]
CommandTable = Mapping[ScopeKey, list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who looks at the menu, and where: the chat's id (and @username, if it has one)."""

    user_id: int
    chat_id: int
    chat_type: str
    language: str = ""
    is_admin: bool = False
    chat_username: str | None = None


def scope_order(viewer: Viewer) -> list[tuple[str, int | str | None, int | None]]:
    """The scopes Telegram looks at for this viewer, first match wins (languages aside)."""
    chats: list[int | str] = [viewer.chat_id]
    if viewer.chat_username:
        chats.append("@" + viewer.chat_username)
    if viewer.chat_type == "private":
        return [
            *(("chat", chat, None) for chat in chats),
            ("all_private_chats", None, None),
            ("default", None, None),
        ]
    if viewer.chat_type not in ("group", "supergroup"):
        return []  # channels have no command menu
    order: list[tuple[str, int | str | None, int | None]] = [
        ("chat_member", chat, viewer.user_id) for chat in chats
    ]
    if viewer.is_admin:
        order += [("chat_administrators", chat, None) for chat in chats]
    order += [("chat", chat, None) for chat in chats]
    if viewer.is_admin:
        order.append(("all_chat_administrators", None, None))
    order += [("all_group_chats", None, None), ("default", None, None)]
    return order


def resolve(table: CommandTable, viewer: Viewer) -> list[dict[str, Any]]:
    """The menu Telegram would show `viewer`: [{"command", "description"}], maybe empty."""
    languages: Iterable[str] = (viewer.language, "") if viewer.language else ("",)
    for kind, chat, user in scope_order(viewer):
        for language in languages:
            commands = table.get((kind, chat, user, language))
            if commands:
                return [
                    {"command": c["command"], "description": c["description"]} for c in commands
                ]
    return []
