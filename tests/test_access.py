"""Who may manage a chat: the presser of a button is asked about, never the bot's own post."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import CallbackQuery, Chat, ChatMemberMember, ChatMemberOwner, Message, Update, User

from bot.access import may_manage_chat

GROUP = Chat(-4001, Chat.SUPERGROUP, title="Group")
CHANNEL = Chat(-1004001, Chat.CHANNEL, title="Channel")
ADMIN = User(11, "Admin", is_bot=False)
VIEWER = User(12, "Viewer", is_bot=False)
WHEN = datetime(2025, 11, 26, tzinfo=UTC)


class _Bot:
    """Answers getChatMember: ADMIN owns every chat, anyone else is a member."""

    def __init__(self) -> None:
        self.asked: list[tuple[int, int]] = []

    async def get_chat_member(self, chat_id: int, user_id: int) -> Any:
        self.asked.append((chat_id, user_id))
        if user_id == ADMIN.id:
            return ChatMemberOwner(ADMIN, is_anonymous=False)
        return ChatMemberMember(User(user_id, "Someone", is_bot=False))


class _Context:
    def __init__(self) -> None:
        self.bot = _Bot()


def _posted_as(chat: Chat, text: str = "/settings") -> Message:
    return Message(1, WHEN, chat, sender_chat=chat, text=text)


def _press(message: Message, user: User) -> Update:
    return Update(1, callback_query=CallbackQuery("1", user, "ci", message=message, data="sub:off"))


async def test_a_press_on_a_post_made_as_the_chat_asks_about_the_presser() -> None:
    for chat in (GROUP, CHANNEL):
        context = _Context()
        assert not await may_manage_chat(_press(_posted_as(chat), VIEWER), context)  # type: ignore[arg-type]
        assert context.bot.asked == [(chat.id, VIEWER.id)]
        assert await may_manage_chat(_press(_posted_as(chat), ADMIN), context)  # type: ignore[arg-type]


async def test_a_message_posted_as_the_group_is_an_administrators() -> None:
    context = _Context()
    assert await may_manage_chat(Update(1, message=_posted_as(GROUP)), context)  # type: ignore[arg-type]
    assert context.bot.asked == []


async def test_a_members_message_asks_telegram() -> None:
    context = _Context()
    message = Message(1, WHEN, GROUP, from_user=VIEWER, text="/subscribe")
    assert not await may_manage_chat(Update(1, message=message), context)  # type: ignore[arg-type]
    assert context.bot.asked == [(GROUP.id, VIEWER.id)]
