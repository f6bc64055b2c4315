"""Methods about the bot itself: identity, commands, descriptions, session."""

from __future__ import annotations

from typing import Any

from ..backend import Backend
from ..errors import bad_request
from ..params import Params
from ..validation import validate_commands, validate_scope
from .registry import Handler, method


@method("getMe")
async def get_me(b: Backend, p: Params) -> Any:
    return {
        **b.state.bot_dict,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("logOut", "close")
async def log_out(b: Backend, p: Params) -> Any:
    return True


def _commands_key(p: Params) -> tuple[str, int | str | None, int | None, str]:
    kind, chat_id, user_id = validate_scope(p.json("scope"))
    return (kind, chat_id, user_id, p.string("language_code") or "")


@method("setMyCommands")
async def set_my_commands(b: Backend, p: Params) -> Any:
    commands = validate_commands(p.json("commands"))
    key = _commands_key(p)
    if commands:
        b.state.commands[key] = commands
    else:
        b.state.commands.pop(key, None)
    return True


@method("getMyCommands")
async def get_my_commands(b: Backend, p: Params) -> Any:
    return list(b.state.commands.get(_commands_key(p), []))


@method("deleteMyCommands")
async def delete_my_commands(b: Backend, p: Params) -> Any:
    b.state.commands.pop(_commands_key(p), None)
    return True


# Bot API method stem -> (parameter name, maximum length)
_TEXT_SETTINGS = {
    "description": ("description", 512),
    "shortdescription": ("short_description", 120),
    "name": ("name", 64),
}


def _text_setting(stem: str) -> tuple[Handler, Handler]:
    field, limit = _TEXT_SETTINGS[stem]

    async def setter(b: Backend, p: Params) -> Any:
        value = p.string(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        b.state.descriptions[(field, p.string("language_code") or "")] = value
        return True

    async def getter(b: Backend, p: Params) -> Any:
        return {field: b.state.descriptions.get((field, p.string("language_code") or ""), "")}

    return setter, getter


for _stem, _method_stem in (
    ("description", "Description"),
    ("shortdescription", "ShortDescription"),
    ("name", "Name"),
):
    _setter, _getter = _text_setting(_stem)
    method(f"setMy{_method_stem}")(_setter)
    method(f"getMy{_method_stem}")(_getter)
