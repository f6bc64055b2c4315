"""Reading chats and their members, leaving chats, and getFile."""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.chats import Chat, forbidden_text
from local_bot_api.errors import bad_request
from local_bot_api.methods.registry import method
from local_bot_api.models import JSONDict
from local_bot_api.objects import chat_full_info, member_dict
from local_bot_api.params import Params


def _bot_status(backend: Backend, chat: Chat) -> str:
    if chat.type == "private":
        return "kicked" if chat.forbidden else "member"
    if chat.forbidden is not None:
        return "kicked" if "kicked" in chat.forbidden else "left"
    return "administrator" if chat.bot_is_admin else "member"


def _member(backend: Backend, chat: Chat, user_id: int) -> JSONDict:
    if user_id == backend.bot.id:
        status = _bot_status(backend, chat)
        user = backend.state.bot_dict
    else:
        status = chat.status_of(user_id)
        user = backend.state.mention(user_id)
    return member_dict(user, status, chat_type=chat.type)


@method("getChat")
async def get_chat(backend: Backend, params: Params) -> Any:
    chat = backend.state.chat_or_error(params.chat_ref())
    return chat_full_info(
        chat, backend.state.lookup_user(chat.id) if chat.type == "private" else None
    )


@method("getChatMember")
async def get_chat_member(backend: Backend, params: Params) -> Any:
    chat = backend.state.chat_or_error(params.chat_ref())
    user_id = params.required_int("user_id", "user_id is empty")
    return _member(backend, chat, user_id)


@method("getChatAdministrators")
async def get_chat_administrators(backend: Backend, params: Params) -> Any:
    chat = backend.state.chat_or_error(params.chat_ref())
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    ids: list[int] = []
    if chat.creator is not None:
        ids.append(chat.creator)
    ids.extend(sorted(chat.admins - {chat.creator, backend.bot.id}))
    if _bot_status(backend, chat) == "administrator":
        ids.append(backend.bot.id)
    return [_member(backend, chat, user_id) for user_id in ids]


@method("getChatMemberCount")
async def get_chat_member_count(backend: Backend, params: Params) -> Any:
    chat = backend.state.chat_or_error(params.chat_ref())
    if chat.type == "private":
        return 2
    bot_present = _bot_status(backend, chat) in ("member", "administrator")
    return len(chat.members - {backend.bot.id}) + (1 if bot_present else 0)


@method("leaveChat")
async def leave_chat(backend: Backend, params: Params) -> Any:
    chat = backend.state.chat_or_error(params.chat_ref())
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    if chat.forbidden is not None:
        raise bad_request("USER_NOT_PARTICIPANT")
    if chat.virtual:
        chat = backend.state.ensure_chat(chat.id)  # leaving changes the chat: make it a real one
    chat.forbidden = forbidden_text(chat, "left")
    chat.bot_is_admin = False
    return True


@method("getFile")
async def get_file(backend: Backend, params: Params) -> Any:
    stored = backend.state.files.get(params.string("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.to_file()
