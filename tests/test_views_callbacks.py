import dataclasses
from typing import Literal

import pytest

from bot.views.callbacks import (
    CallbackData,
    ChangeSubscription,
    ChatId,
    ChooseLanguage,
    DraftDecision,
    OlderHeadlines,
    ReadArticle,
    RemoveDraftPhoto,
    ReviewChat,
)

KINDS = (
    ReadArticle,
    OlderHeadlines,
    ChooseLanguage,
    DraftDecision,
    ChangeSubscription,
    ReviewChat,
    RemoveDraftPhoto,
)


def test_payloads_round_trip_and_fit_in_64_bytes() -> None:
    biggest = 2**63 - 1
    assert ReadArticle.parse(ReadArticle(biggest).pack()) == ReadArticle(biggest)
    assert OlderHeadlines.parse(OlderHeadlines(biggest, 20).pack()) == OlderHeadlines(biggest, 20)
    assert ChooseLanguage.parse(ChooseLanguage("ka").pack()) == ChooseLanguage("ka")
    assert DraftDecision.parse(DraftDecision("publish").pack()) == DraftDecision("publish")
    assert ChangeSubscription.parse(ChangeSubscription("on").pack()) == ChangeSubscription("on")
    assert ChangeSubscription.parse(ChangeSubscription("off").pack()) == ChangeSubscription("off")
    assert len(OlderHeadlines(biggest, 20).pack().encode()) <= 64
    for chat_id in (-(10**15), -4001, 12):  # channels, groups: chat ids may be negative
        review = ReviewChat("ok", ChatId(chat_id))
        assert ReviewChat.parse(review.pack()) == review


def test_wire_format_of_buttons_already_sent_stays_the_same() -> None:
    assert ReadArticle(12).pack() == "r:12"
    assert OlderHeadlines(40, 5).pack() == "l:40:5"
    assert ChooseLanguage("ka").pack() == "lang:ka"
    assert DraftDecision("cancel").pack() == "post:cancel"
    assert ChangeSubscription("off").pack() == "sub:off"
    assert ReviewChat("no", ChatId(-1001234567890)).pack() == "rv:no:-1001234567890"
    assert RemoveDraftPhoto().pack() == "xp"


@pytest.mark.parametrize(
    "data",
    [
        "",
        "r:",
        "r:abc",
        "r:-1",
        "r:1 ",
        "r:0",
        "r:9223372036854775808",  # one past SQLite's largest integer
        "r:" + "9" * 5000,  # more digits than int() accepts
        "l:1",
        "l:1:999",
        "l:1:0",
        "lang:fr",
        "post:x",
        "sub:",
        "sub:onn",
        "sub:on:on",
        "rv:ok",
        "rv:ok:0",
        "rv:ok:-",
        "rv:ok:--5",
        "rv:maybe:-5",
        "xp:",
        "xp:1",
        "x" * 64,
        None,
    ],
)
def test_forged_payloads_are_not_recognised(data: str | None) -> None:
    for kind in KINDS:
        assert kind.parse(data) is None
        assert not kind.matches(data)


def test_a_payload_that_cannot_be_sent_is_refused_when_built() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Wordy(CallbackData, prefix="w" * 61):
        choice: Literal["yes", "no"]

    with pytest.raises(ValueError, match="too long"):
        Wordy("yes").pack()
    with pytest.raises(ValueError):
        ReadArticle(0)
    with pytest.raises(ValueError):
        OlderHeadlines(1, 21)
