"""Forum topics: createForumTopic and deleteForumTopic."""

from __future__ import annotations

from typing import Any

from local_bot_api.backend import Backend
from local_bot_api.chats import DEFAULT_TOPIC_COLOR, TOPIC_COLORS, Chat
from local_bot_api.errors import bad_request
from local_bot_api.methods.registry import method
from local_bot_api.params import Params

# createForumTopic's documented range for a topic's name.
TOPIC_NAME_MAX = 128


def _forum(backend: Backend, params: Params, rights_error: str) -> Chat:
    """The forum the call manages topics of; the bot must be one of its administrators."""
    chat = backend.state.writable_chat(params.chat_ref())
    if not chat.is_forum:
        raise bad_request("the chat is not a forum")
    if not chat.bot_is_admin:
        raise bad_request(rights_error)
    return chat


@method("createForumTopic")
async def create_forum_topic(backend: Backend, params: Params) -> Any:
    chat = _forum(backend, params, "not enough rights to create a topic")
    name = params.string("name") or ""
    if not 1 <= len(name) <= TOPIC_NAME_MAX:
        # A local check: Telegram's text for it is not documented.
        raise bad_request(f"topic name must be 1-{TOPIC_NAME_MAX} characters")
    color = params.integer("icon_color", DEFAULT_TOPIC_COLOR)
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_COLOR_INVALID")  # a local check, as above
    return backend.state.create_topic(chat, name, color, backend.state.bot_dict).to_dict()


@method("deleteForumTopic")
async def delete_forum_topic(backend: Backend, params: Params) -> Any:
    chat = _forum(backend, params, "not enough rights to delete a topic")
    thread_id = params.required_int("message_thread_id", "message thread not found")
    backend.state.delete_topic(chat, thread_id)
    return True
