"""The playground's command menu: Telegram's scope order and language fallback, as pure logic."""

from __future__ import annotations

from typing import Any

from playground.commands_menu import CommandTable, Viewer, resolve

USER = 7
GROUP = -100123


def menu(*names: str) -> list[dict[str, Any]]:
    return [{"command": name, "description": name.title()} for name in names]


TABLE: CommandTable = {
    ("default", None, None, ""): menu("start"),
    ("default", None, None, "ka"): menu("start_ka"),
    ("all_private_chats", None, None, ""): menu("private"),
    ("all_group_chats", None, None, ""): menu("groups"),
    ("all_chat_administrators", None, None, ""): menu("admins"),
    ("chat", USER, None, ""): menu("mine"),
    ("chat", USER, None, "ka"): menu("mine_ka"),
}


def names(table: CommandTable, viewer: Viewer) -> list[str]:
    return [entry["command"] for entry in resolve(table, viewer)]


def test_private_chat_scope_wins_in_the_users_language_first() -> None:
    assert names(TABLE, Viewer(USER, USER, "private", "ka")) == ["mine_ka"]
    assert names(TABLE, Viewer(USER, USER, "private", "en")) == ["mine"]
    other = 8
    assert names(TABLE, Viewer(other, other, "private", "ka")) == ["private"]


def test_private_chats_fall_back_to_default_with_language() -> None:
    table = {key: value for key, value in TABLE.items() if key[0] == "default"}
    assert names(table, Viewer(USER, USER, "private", "ka")) == ["start_ka"]
    assert names(table, Viewer(USER, USER, "private", "")) == ["start"]


def test_groups_give_administrators_their_scope_and_members_the_group_one() -> None:
    assert names(TABLE, Viewer(USER, GROUP, "supergroup", is_admin=True)) == ["admins"]
    assert names(TABLE, Viewer(USER, GROUP, "group", is_admin=False)) == ["groups"]


def test_chat_scopes_in_a_group_come_in_telegrams_order() -> None:
    table: CommandTable = {
        **TABLE,
        ("chat", GROUP, None, ""): menu("this_group"),
        ("chat_administrators", GROUP, None, ""): menu("this_groups_admins"),
        ("chat_member", GROUP, USER, ""): menu("just_me"),
    }
    admin = Viewer(USER, GROUP, "supergroup", is_admin=True)
    assert names(table, admin) == ["just_me"]
    del table[("chat_member", GROUP, USER, "")]
    assert names(table, admin) == ["this_groups_admins"]
    assert names(table, Viewer(USER, GROUP, "supergroup")) == ["this_group"]


def test_a_chat_named_by_its_username_counts_and_channels_have_no_menu() -> None:
    table: CommandTable = {**TABLE, ("chat", "@newsroom", None, ""): menu("by_name")}
    viewer = Viewer(USER, GROUP, "supergroup", chat_username="newsroom")
    assert names(table, viewer) == ["by_name"]
    assert names(TABLE, Viewer(USER, -1002, "channel", is_admin=True)) == []
    assert resolve({}, Viewer(USER, USER, "private")) == []
