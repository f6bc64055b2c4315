"""Inline keyboards: labels fit on a line, payloads come from the declared callbacks."""

from __future__ import annotations

from bot.limits import BUTTON_LABEL_LENGTH
from bot.views.callbacks import OlderHeadlines, ReadArticle
from bot.views.i18n import Translator
from bot.views.keyboards import (
    draft_keyboard,
    language_keyboard,
    latest_keyboard,
    related_keyboard,
    subscription_keyboard,
)
from storage import Headline

TRANSLATOR = Translator()


def _headlines(*ids: int) -> list[Headline]:
    return [Headline(n, f"Headline {n} " + "word " * 30, 0, 0) for n in ids]


def test_latest_pages_back_from_the_last_shown_and_returns_to_the_newest() -> None:
    first = latest_keyboard(
        _headlines(9, 8, 7),
        has_older=True,
        is_first_page=True,
        count=3,
        translator=TRANSLATOR,
        language="en",
    )
    *reads, paging = first.inline_keyboard
    assert [row[0].callback_data for row in reads] == [ReadArticle(n).pack() for n in (9, 8, 7)]
    assert [(b.text, b.callback_data) for b in paging] == [("Older ›", "l:7:3")]
    assert all(len(row[0].text) <= BUTTON_LABEL_LENGTH for row in reads)

    last = latest_keyboard(
        _headlines(3, 2),
        has_older=False,
        is_first_page=False,
        count=3,
        translator=TRANSLATOR,
        language="en",
    )
    assert [b.callback_data for b in last.inline_keyboard[-1]] == [OlderHeadlines(0, 3).pack()]


def test_read_also_is_absent_when_there_is_nothing_to_suggest() -> None:
    assert related_keyboard([]) is None
    keyboard = related_keyboard(_headlines(4))
    assert keyboard is not None and keyboard.inline_keyboard[0][0].callback_data == "r:4"


def test_state_buttons_offer_the_change_not_the_current_state() -> None:
    subscribed = subscription_keyboard(TRANSLATOR, "en", subscribed=True).inline_keyboard
    assert [(b.text, b.callback_data) for b in subscribed[0]] == [("🔕 Unsubscribe", "sub:off")]
    unsubscribed = subscription_keyboard(TRANSLATOR, "ka", subscribed=False).inline_keyboard
    assert unsubscribed[0][0].callback_data == "sub:on"
    assert [b.callback_data for b in draft_keyboard(TRANSLATOR, "en").inline_keyboard[0]] == [
        "post:publish",
        "post:cancel",
    ]
    without_photo = draft_keyboard(TRANSLATOR, "en").inline_keyboard
    assert [b.callback_data for b in without_photo[1]] == ["post:breaking", "sd"]
    assert len(without_photo) == 2  # no photo, no Remove
    with_photo = draft_keyboard(TRANSLATOR, "ka", has_photo=True).inline_keyboard
    assert [(b.text, b.callback_data) for b in with_photo[2]] == [
        (TRANSLATOR.plain("ka", "button-remove-photo"), "xp")
    ]
    languages = language_keyboard(TRANSLATOR).inline_keyboard[0]
    assert [(b.text, b.callback_data) for b in languages] == [
        ("English", "lang:en"),
        ("ქართული", "lang:ka"),
    ]
