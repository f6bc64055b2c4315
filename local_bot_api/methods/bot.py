"""Methods about the bot itself: identity, commands, descriptions, session."""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.errors import bad_request
from local_bot_api.methods.registry import Handler, method
from local_bot_api.params import Params
from local_bot_api.validation import validate_commands, validate_scope


@method("getMe")
async def get_me(backend: Backend, params: Params) -> Any:
    return {
        **backend.state.bot_dict,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("logOut", "close")
async def log_out(backend: Backend, params: Params) -> Any:
    return True


def _commands_key(
    backend: Backend, params: Params
) -> tuple[str, int | str | None, int | None, str]:
    kind, chat_id, user_id = validate_scope(params.json("scope"))
    if chat_id is not None:
        # Telegram answers "chat not found" for a chat the bot has never seen (an editor who
        # never opened the bot), and keys the menu by the chat's numeric id.
        chat_id = backend.state.chat_or_error(chat_id).id
    return (kind, chat_id, user_id, params.string("language_code") or "")


@method("setMyCommands")
async def set_my_commands(backend: Backend, params: Params) -> Any:
    commands = validate_commands(params.json("commands"))
    key = _commands_key(backend, params)
    if commands:
        backend.state.commands[key] = commands
    else:
        backend.state.commands.pop(key, None)
    return True


@method("getMyCommands")
async def get_my_commands(backend: Backend, params: Params) -> Any:
    return list(backend.state.commands.get(_commands_key(backend, params), []))


@method("deleteMyCommands")
async def delete_my_commands(backend: Backend, params: Params) -> Any:
    backend.state.commands.pop(_commands_key(backend, params), None)
    return True


# Bot API method stem -> (parameter name, maximum length)
_TEXT_SETTINGS = {
    "description": ("description", 512),
    "shortdescription": ("short_description", 120),
    "name": ("name", 64),
}


def _text_setting(stem: str) -> tuple[Handler, Handler]:
    field, limit = _TEXT_SETTINGS[stem]

    async def setter(backend: Backend, params: Params) -> Any:
        value = params.string(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        backend.state.descriptions[(field, params.string("language_code") or "")] = value
        return True

    async def getter(backend: Backend, params: Params) -> Any:
        return {
            field: backend.state.descriptions.get((field, params.string("language_code") or ""), "")
        }

    return setter, getter


for _stem, _method_stem in (
    ("description", "Description"),
    ("shortdescription", "ShortDescription"),
    ("name", "Name"),
):
    _setter, _getter = _text_setting(_stem)
    method(f"setMy{_method_stem}")(_setter)
    method(f"getMy{_method_stem}")(_getter)
