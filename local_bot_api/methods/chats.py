"""Reading chats and their members, leaving chats, and getFile."""

from __future__ import annotations

from typing import Any

from ..backend import Backend
from ..errors import bad_request
from ..models import JSONDict
from ..objects import chat_full_info, member_dict
from ..params import Params
from ..state import Chat, forbidden_text
from .registry import method


def _bot_status(b: Backend, chat: Chat) -> str:
    if chat.type == "private":
        return "kicked" if chat.forbidden else "member"
    if chat.forbidden is not None:
        return "kicked" if "kicked" in chat.forbidden else "left"
    return "administrator" if chat.bot_is_admin else "member"


def _member(b: Backend, chat: Chat, user_id: int) -> JSONDict:
    if user_id == b.bot.id:
        status = _bot_status(b, chat)
        user = b.state.bot_dict
    else:
        status = chat.status_of(user_id)
        user = b.state.mention(user_id)
    return member_dict(user, status, chat_type=chat.type)


@method("getChat")
async def get_chat(b: Backend, p: Params) -> Any:
    chat = b.state.chat_or_error(p.chat_ref())
    return chat_full_info(chat, b.state.lookup_user(chat.id) if chat.type == "private" else None)


@method("getChatMember")
async def get_chat_member(b: Backend, p: Params) -> Any:
    chat = b.state.chat_or_error(p.chat_ref())
    user_id = p.required_int("user_id", "user_id is empty")
    return _member(b, chat, user_id)


@method("getChatAdministrators")
async def get_chat_administrators(b: Backend, p: Params) -> Any:
    chat = b.state.chat_or_error(p.chat_ref())
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    ids: list[int] = []
    if chat.creator is not None:
        ids.append(chat.creator)
    ids.extend(sorted(chat.admins - {chat.creator, b.bot.id}))
    if _bot_status(b, chat) == "administrator":
        ids.append(b.bot.id)
    return [_member(b, chat, user_id) for user_id in ids]


@method("getChatMemberCount")
async def get_chat_member_count(b: Backend, p: Params) -> Any:
    chat = b.state.chat_or_error(p.chat_ref())
    if chat.type == "private":
        return 2
    bot_present = _bot_status(b, chat) in ("member", "administrator")
    return len(chat.members - {b.bot.id}) + (1 if bot_present else 0)


@method("leaveChat")
async def leave_chat(b: Backend, p: Params) -> Any:
    chat = b.state.chat_or_error(p.chat_ref())
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    if chat.forbidden is not None:
        raise bad_request("USER_NOT_PARTICIPANT")
    if chat.virtual:
        chat = b.state.ensure_chat(chat.id)  # leaving changes the chat: make it a real one
    chat.forbidden = forbidden_text(chat, "left")
    chat.bot_is_admin = False
    return True


@method("getFile")
async def get_file(b: Backend, p: Params) -> Any:
    stored = b.state.files.get(p.string("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.to_file()
