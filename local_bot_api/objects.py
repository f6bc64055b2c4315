"""Bot API object shapes (Chat, ChatFullInfo, ChatMember) with every field PTB requires."""

from __future__ import annotations

from local_bot_api.chats import Chat
from local_bot_api.models import BotApiUser, JSONDict

_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


def chat_dict(chat: Chat, private_user: BotApiUser | None = None) -> JSONDict:
    data: JSONDict = {"id": chat.id, "type": chat.type}
    if chat.type == "private":
        user = private_user or BotApiUser(chat.id)
        data["first_name"] = user.first_name
        if user.last_name is not None:
            data["last_name"] = user.last_name
        if user.username is not None:
            data["username"] = user.username
        return data
    data["title"] = chat.title or ""
    if chat.username is not None:
        data["username"] = chat.username
    if chat.is_forum:
        data["is_forum"] = True
    return data


def chat_full_info(chat: Chat, private_user: BotApiUser | None = None) -> JSONDict:
    data = chat_dict(chat, private_user)
    data.update(
        {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
    )
    if chat.type == "group":
        data["permissions"] = {"can_send_messages": True}
    return data


def member_dict(user: JSONDict, status: str, *, chat_type: str, can_post: bool = True) -> JSONDict:
    """A ChatMember of the given status; admins get full rights (no one tests partial rights)."""
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    if status == "administrator":
        data: JSONDict = {
            "status": "administrator",
            "user": user,
            "can_be_edited": False,
            "is_anonymous": False,
            "can_promote_members": False,
        }
        data.update(dict.fromkeys(_ADMIN_RIGHTS, True))
        if chat_type == "channel":
            data.update({"can_post_messages": can_post, "can_edit_messages": True})
        else:
            data["can_pin_messages"] = True
        return data
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": 0}
    if status in ("member", "left"):
        return {"status": status, "user": user}
    raise ValueError(f"unsupported chat member status {status!r}")
