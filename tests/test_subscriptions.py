from typing import Any

import pytest
from telegram import ChatMember, User

from bot.news.subscriptions import Stop, Subscribe, after_membership_change, posting_problem

BOT = User(42, "Newsbot", is_bot=True)
_ADMIN_RIGHTS = [
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
]
_RESTRICTIONS = [
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_manage_topics",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_edit_tag",
    "can_react_to_messages",
]


def member(status: str, **fields: Any) -> ChatMember:
    data: dict[str, Any] = {"status": status, "user": BOT.to_dict()}
    if status == "administrator":
        data.update(dict.fromkeys(_ADMIN_RIGHTS, False))
    if status == "restricted":
        data.update(dict.fromkeys(_RESTRICTIONS, False), until_date=0)
    if status == "kicked":
        data["until_date"] = 0
    data.update(fields)
    parsed = ChatMember.de_json(data, None)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("status", "fields", "problem"),
    [
        ("administrator", {"can_post_messages": True}, None),
        ("administrator", {"can_post_messages": False}, "addchannel-cannot-post"),
        ("member", {}, "addchannel-not-admin"),
        ("left", {}, "addchannel-not-admin"),
        ("kicked", {}, "addchannel-not-admin"),
    ],
)
def test_channels_need_an_administrator_that_may_post(
    status: str, fields: dict[str, Any], problem: str | None
) -> None:
    assert posting_problem("channel", member(status, **fields)) == problem


@pytest.mark.parametrize(
    ("status", "fields", "problem"),
    [
        ("member", {}, None),
        ("administrator", {}, None),
        ("restricted", {"is_member": True, "can_send_messages": True}, None),
        (
            "restricted",
            {"is_member": True, "can_send_messages": False},
            "addchannel-group-cannot-post",
        ),
        ("restricted", {"is_member": False, "can_send_messages": True}, "addchannel-not-member"),
        ("left", {}, "addchannel-not-member"),
        ("kicked", {}, "addchannel-not-member"),
    ],
)
def test_groups_need_a_member_that_may_send(
    status: str, fields: dict[str, Any], problem: str | None
) -> None:
    assert posting_problem("supergroup", member(status, **fields)) == problem
    assert posting_problem("group", member(status, **fields)) == problem


def test_unknown_membership_counts_as_absent() -> None:
    assert posting_problem("channel", None) == "addchannel-not-admin"
    assert posting_problem("group", None) == "addchannel-not-member"


def test_channels_follow_the_bots_right_to_post() -> None:
    poster = member("administrator", can_post_messages=True)
    for before in ("left", "kicked", "member"):
        assert after_membership_change("channel", member(before), poster) == Subscribe()
    assert after_membership_change("channel", member("administrator"), poster) == Subscribe()
    # Another right changed: an editor's /removechannel stays in force.
    assert after_membership_change("channel", poster, poster) is None
    assert after_membership_change("channel", poster, member("administrator")) == Stop(
        "bot cannot post"
    )
    assert after_membership_change("channel", poster, member("member")) == Stop("bot demoted")
    assert after_membership_change("channel", poster, member("left")) == Stop("bot removed")
    assert after_membership_change("channel", poster, member("kicked")) == Stop("bot removed")


def test_groups_never_subscribe_by_themselves_but_stop_when_the_bot_goes() -> None:
    gone, present = member("left"), member("member")
    assert after_membership_change("group", gone, present) is None
    assert after_membership_change("supergroup", present, member("administrator")) is None
    assert after_membership_change("group", present, gone) == Stop("bot removed")
    assert after_membership_change("supergroup", present, member("kicked")) == Stop("bot removed")
    muted = member("restricted", is_member=True, can_send_messages=False)
    assert after_membership_change("supergroup", present, muted) == Stop("bot cannot post")


def test_private_chats_stop_when_the_user_blocks_the_bot() -> None:
    present, blocked = member("member"), member("kicked")
    assert after_membership_change("private", present, blocked) == Stop("bot blocked by the user")
    assert after_membership_change("private", blocked, present) is None
