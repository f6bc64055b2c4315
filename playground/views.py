"""What the page gets as JSON: chats (ChatView), the world's state, and API replies."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from aiohttp import web

from playground.world import World, WorldChat

JSON = dict[str, Any]


@dataclass(slots=True)
class Knobs:
    """The operator's levers on the local server, as the page shows and sets them."""

    latency_ms: int = 0
    error_rate: float = 0.0
    flood_limits: bool = True
    global_per_second: int = 30

    def to_dict(self) -> JSON:
        return asdict(self)


def chat_view(chat: WorldChat) -> JSON:
    """A chat as the contract's ChatView."""
    view: JSON = {
        "id": chat.id,
        "type": chat.type,
        "title": chat.title,
        "is_forum": chat.is_forum,
        "topics": [{"thread_id": t.thread_id, "name": t.name} for t in chat.topics],
        "members": [{"user_id": user, "status": status} for user, status in chat.members.items()],
        "visible_to": list(chat.visible_to),
        "read_only": chat.read_only,
        "blocked": chat.blocked,
        "migrated_to": chat.migrated_to,
    }
    if chat.username is not None:
        view["username"] = chat.username
    return view


def state_view(world: World, bot: JSON, knobs: Knobs) -> JSON:
    """The whole world as /api/state and the `state` event give it."""
    return {
        "bot": bot,
        "personas": [persona.to_dict() for persona in world.personas.values()],
        "chats": [chat_view(chat) for chat in world.chats.values()],
        "subscribers": world.subscribers,
        "knobs": knobs.to_dict(),
    }


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def failure(status: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "description": description}, status=status, dumps=_dumps)


def _dumps(value: Any) -> str:
    # Georgian stays readable in the replies (and a third of the size of \u escapes).
    return json.dumps(value, ensure_ascii=False)
