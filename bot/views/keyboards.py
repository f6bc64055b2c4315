"""Inline keyboards; their payloads are declared in `bot.views.callbacks`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final, Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.limits import BUTTON_LABEL_LENGTH, RHYTHM_BUTTONS_PER_ROW, SECTION_BUTTONS_PER_ROW
from bot.news.rhythm import DIGEST_TIMES, QUIET_HOURS, clock_text, hours_text
from bot.telegram.html import truncate_text
from bot.views.callbacks import (
    HERE,
    CallbackData,
    ChangeSubscription,
    ChannelSection,
    ChatId,
    ChooseDigest,
    ChooseLanguage,
    ChooseNotifications,
    ChooseQuiet,
    CorrectionChoice,
    CorrectionDecision,
    CorrectionSection,
    DraftDecision,
    DraftSection,
    FollowSection,
    OlderHeadlines,
    ReadArticle,
    RemoveDraftPhoto,
    RetractionDecision,
    ReviewChat,
    ReviewDecision,
    ReviewTopic,
    ScheduledAction,
    ScheduleDraft,
    SectionAction,
    SectionHeadlines,
    SectionLatest,
    TargetChat,
)
from bot.views.i18n import LANGUAGES, Translator
from storage import NOTIFICATIONS, Headline, Section, Subscription

_REVIEW_DECISIONS: tuple[ReviewDecision, ...] = ("ok", "no")


def headline_buttons(
    headlines: Sequence[Headline], *, link: Callable[[int], str] | None = None
) -> list[list[InlineKeyboardButton]]:
    """One button per headline opening the article: in the bot, or at `link(article_id)`."""
    return [
        [
            InlineKeyboardButton(
                truncate_text(headline.headline, BUTTON_LABEL_LENGTH),
                callback_data=None if link else ReadArticle(headline.id).pack(),
                url=link(headline.id) if link else None,
            )
        ]
        for headline in headlines
    ]


def related_keyboard(headlines: Sequence[Headline]) -> InlineKeyboardMarkup | None:
    """ "Read also" buttons under an article, if there is anything to suggest."""
    return InlineKeyboardMarkup(headline_buttons(headlines)) if headlines else None


def reading_keyboard(
    headlines: Sequence[Headline], *, site_url: str | None, site_label: str
) -> InlineKeyboardMarkup | None:
    """Under an article read in the bot: "Open on site" when it has a page on the desk's site
    (issue 12), then the "Read also" buttons."""
    rows = site_rows(site_url, site_label) + headline_buttons(headlines)
    return InlineKeyboardMarkup(rows) if rows else None


def site_rows(site_url: str | None, site_label: str) -> list[list[InlineKeyboardButton]]:
    """The "Open on site" button's row, if there is a page to open."""
    return [[InlineKeyboardButton(site_label, url=site_url)]] if site_url else []


def latest_keyboard(
    headlines: Sequence[Headline],
    *,
    has_older: bool,
    is_first_page: bool,
    count: int,
    translator: Translator,
    language: str,
    section_id: int | None = None,
) -> InlineKeyboardMarkup:
    """Buttons of a /latest page: read each headline, page back, return to the newest; with
    `section_id`, the pages stay in that section."""

    def page(before_id: int) -> CallbackData:
        if section_id is None:
            return OlderHeadlines(before_id, count)
        return SectionHeadlines(section_id, before_id, count)

    rows = headline_buttons(headlines)
    paging = []
    if not is_first_page:
        paging.append(
            InlineKeyboardButton(
                translator.plain(language, "button-newest"), callback_data=page(0).pack()
            )
        )
    if has_older and headlines:
        paging.append(
            InlineKeyboardButton(
                translator.plain(language, "button-older"),
                callback_data=page(headlines[-1].id).pack(),
            )
        )
    if paging:
        rows.append(paging)
    return InlineKeyboardMarkup(rows)


def language_keyboard(translator: Translator) -> InlineKeyboardMarkup:
    """One button per supported language, each named in its own language."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    translator.plain(code, f"language-name-{code}"),
                    callback_data=ChooseLanguage(code).pack(),
                )
                for code in LANGUAGES
            ]
        ]
    )


def subscription_keyboard(
    translator: Translator, language: str, *, subscribed: bool
) -> InlineKeyboardMarkup:
    """The one button that changes a chat's state: Unsubscribe if subscribed, else Subscribe."""
    action = ChangeSubscription("off" if subscribed else "on")
    key = "button-unsubscribe" if subscribed else "button-subscribe"
    button = InlineKeyboardButton(translator.plain(language, key), callback_data=action.pack())
    return InlineKeyboardMarkup([[button]])


SettingsMenu = Literal["digest", "quiet"]
"""A choice under /settings opened on its own: the daily digest times, or the quiet hours."""


def settings_keyboard(
    translator: Translator,
    language: str,
    *,
    subscription: Subscription | None,
    sections: Sequence[Section] = (),
    followed: frozenset[int] | None = None,
    menu: SettingsMenu | None = None,
) -> InlineKeyboardMarkup:
    """/settings: Subscribe or Unsubscribe; once subscribed, a toggle per live section (✅
    followed, ⬜ not) and "All sections" (✅ when it follows every one, new ones included;
    `followed`: the chosen sections, None when it follows all), then the chat's rhythm
    (`_rhythm_rows`). With `menu`, only that choice's buttons."""
    subscribed = subscription is not None and subscription.active
    if subscribed and menu is not None:
        assert subscription is not None
        return InlineKeyboardMarkup(_menu_rows(translator, language, subscription, HERE, menu))
    keyboard = subscription_keyboard(translator, language, subscribed=subscribed)
    rows = [list(row) for row in keyboard.inline_keyboard]
    if subscribed:
        assert subscription is not None
        rows += _follow_rows(translator, language, sections, followed, FollowSection)
        rows += _rhythm_rows(translator, language, subscription, HERE)
    return InlineKeyboardMarkup(rows)


def channel_settings_keyboard(
    translator: Translator,
    language: str,
    subscription: Subscription,
    sections: Sequence[Section],
    followed: frozenset[int] | None,
    menu: SettingsMenu | None = None,
) -> InlineKeyboardMarkup:
    """An editor's `/channels <channel>`: the channel's toggles and rhythm, as under
    /settings, each button naming the channel."""
    chat = TargetChat(subscription.chat_id)
    if menu is not None:
        return InlineKeyboardMarkup(_menu_rows(translator, language, subscription, chat, menu))
    rows = _follow_rows(
        translator,
        language,
        sections,
        followed,
        lambda section_id: ChannelSection(ChatId(subscription.chat_id), section_id),
    )
    return InlineKeyboardMarkup(rows + _rhythm_rows(translator, language, subscription, chat))


def _mark(on: bool) -> str:
    return "✓ " if on else ""


def _rhythm_rows(
    translator: Translator, language: str, subscription: Subscription, chat: TargetChat
) -> list[list[InlineKeyboardButton]]:
    """How the chat is notified (With sound / Silent digests / Silent), its frequency (Every
    round / a daily digest) and its quiet hours (none / some), the current ones marked ✓;
    the daily digest and quiet hours buttons open their choices."""

    def button(label: str, payload: CallbackData) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=payload.pack())

    def text(key: str, **arguments: object) -> str:
        return translator.plain(language, key, **arguments)

    current = subscription.notifications
    notifications = [
        button(
            _mark(choice == current) + text(f"button-notifications-{choice}"),
            ChooseNotifications(chat, choice),
        )
        for choice in NOTIFICATIONS
    ]
    daily = subscription.digest_at
    frequency = [
        button(_mark(daily is None) + text("button-every-round"), ChooseDigest(chat, "every", 0)),
        button(
            _mark(True) + text("button-daily-at", time=clock_text(daily))
            if daily is not None
            else text("button-daily-menu"),
            ChooseDigest(chat, "menu", 0),
        ),
    ]
    hours = subscription.quiet_hours
    quiet = [
        button(_mark(hours is None) + text("button-quiet-off"), ChooseQuiet(chat, "off", 0, 0)),
        button(
            _mark(True) + text("button-quiet-on", hours=hours_text(hours))
            if hours is not None
            else text("button-quiet-menu"),
            ChooseQuiet(chat, "menu", 0, 0),
        ),
    ]
    return [notifications, frequency, quiet]


def _menu_rows(
    translator: Translator,
    language: str,
    subscription: Subscription,
    chat: TargetChat,
    menu: SettingsMenu,
) -> list[list[InlineKeyboardButton]]:
    """The choices of one setting, the current one marked ✓: the daily digest times and Every
    round, or the quiet hours and None. Each choice leads back to the whole /settings."""

    def button(label: str, payload: CallbackData) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=payload.pack())

    if menu == "digest":
        daily = subscription.digest_at
        times = [
            button(_mark(minute == daily) + clock_text(minute), ChooseDigest(chat, "daily", minute))
            for minute in DIGEST_TIMES
        ]
        every = translator.plain(language, "button-every-round")
        last = [button(_mark(daily is None) + every, ChooseDigest(chat, "every", 0))]
        return [*_rows_of(times, RHYTHM_BUTTONS_PER_ROW), last]
    current = subscription.quiet_hours
    choices = [
        button(_mark(hours == current) + hours_text(hours), ChooseQuiet(chat, "on", *hours))
        for hours in QUIET_HOURS
    ]
    off = translator.plain(language, "button-quiet-off")
    last = [button(_mark(current is None) + off, ChooseQuiet(chat, "off", 0, 0))]
    return [*_rows_of(choices, RHYTHM_BUTTONS_PER_ROW // 2), last]


def _rows_of(
    buttons: Sequence[InlineKeyboardButton], width: int
) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def _follow_rows(
    translator: Translator,
    language: str,
    sections: Sequence[Section],
    followed: frozenset[int] | None,
    payload: Callable[[int], CallbackData],
) -> list[list[InlineKeyboardButton]]:
    """A toggle per live section (✅ followed, ⬜ not; `followed` None: all) and "All
    sections" (✅ when it follows every one); `payload` makes a button's data from a section
    id (0: all). No rows without sections."""
    if not sections:
        return []

    def mark(on: bool) -> str:
        return "✅ " if on else "⬜ "

    rows = _section_rows(
        [
            (mark(followed is None or s.id in followed) + s.name(language), payload(s.id))
            for s in sections
        ]
    )
    everything = mark(followed is None) + translator.plain(language, "button-all-sections")
    rows.append([InlineKeyboardButton(everything, callback_data=payload(0).pack())])
    return rows


def draft_keyboard(
    translator: Translator,
    language: str,
    *,
    has_photo: bool = False,
    sections: Sequence[Section] = (),
    chosen: int | None = None,
) -> InlineKeyboardMarkup:
    """Publish / Cancel under a draft's preview, Publish as breaking / Schedule, Remove photo
    when it has one, and the live `sections` to choose from, the `chosen` one marked ✓."""
    rows = [
        _row(
            translator,
            language,
            ("button-publish", DraftDecision("publish")),
            ("button-cancel", DraftDecision("cancel")),
        ),
        _row(
            translator,
            language,
            ("button-publish-breaking", DraftDecision("breaking")),
            ("button-schedule", ScheduleDraft()),
        ),
    ]
    if has_photo:
        rows.append(_row(translator, language, ("button-remove-photo", RemoveDraftPhoto())))
    marks = {chosen: "✓ "}
    rows += _section_rows(
        [
            (marks.get(section.id, "") + section.name(language), DraftSection(section.id))
            for section in sections
        ]
    )
    return InlineKeyboardMarkup(rows)


def _section_rows(
    buttons: Sequence[tuple[str, CallbackData]],
) -> list[list[InlineKeyboardButton]]:
    """Section buttons (a label, a payload) side by side, SECTION_BUTTONS_PER_ROW a row."""
    labelled = [
        InlineKeyboardButton(truncate_text(label, BUTTON_LABEL_LENGTH), callback_data=data.pack())
        for label, data in buttons
    ]
    return [
        labelled[start : start + SECTION_BUTTONS_PER_ROW]
        for start in range(0, len(labelled), SECTION_BUTTONS_PER_ROW)
    ]


def readers_sections_keyboard(sections: Sequence[Section], language: str) -> InlineKeyboardMarkup:
    """The readers' /sections: a button per section opening its newest headlines."""
    return InlineKeyboardMarkup(
        _section_rows(
            [(f"📰 {section.name(language)}", SectionLatest(section.id)) for section in sections]
        )
    )


def sections_keyboard(
    translator: Translator, language: str, sections: Sequence[Section]
) -> InlineKeyboardMarkup:
    """The editors' /sections: per section Rename (its name), Move up, Move down (where it can
    go) and Remove; Add below them all."""
    rows: list[list[InlineKeyboardButton]] = []
    for index, section in enumerate(sections):
        rename = InlineKeyboardButton(
            truncate_text(f"✏️ {section.name(language)}", BUTTON_LABEL_LENGTH),
            callback_data=SectionAction("rename", section.id).pack(),
        )
        actions: list[tuple[str, CallbackData]] = []
        if index > 0:
            actions.append(("button-section-up", SectionAction("up", section.id)))
        if index < len(sections) - 1:
            actions.append(("button-section-down", SectionAction("down", section.id)))
        actions.append(("button-section-remove", SectionAction("remove", section.id)))
        rows.append([rename, *_row(translator, language, *actions)])
    rows.append(_row(translator, language, ("button-section-add", SectionAction("add", 0))))
    return InlineKeyboardMarkup(rows)


def section_removal_keyboard(
    translator: Translator, language: str, section_id: int
) -> InlineKeyboardMarkup:
    """Remove / Keep it, under the question whether to remove a section."""
    remove, keep = SectionAction("confirm", section_id), SectionAction("keep", section_id)
    return InlineKeyboardMarkup(
        [
            _row(
                translator,
                language,
                ("button-section-confirm", remove),
                ("button-section-keep", keep),
            )
        ]
    )


def scheduled_keyboard(
    translator: Translator, language: str, scheduled_id: int
) -> InlineKeyboardMarkup:
    """Publish now / Reschedule / Cancel under a scheduled article in /scheduled."""
    return InlineKeyboardMarkup(
        [
            _row(
                translator,
                language,
                ("button-publish-now", ScheduledAction("publish", scheduled_id)),
                ("button-reschedule", ScheduledAction("reschedule", scheduled_id)),
                ("button-cancel", ScheduledAction("cancel", scheduled_id)),
            )
        ]
    )


def review_keyboard(
    translator: Translator, language: str, chat_id: int, thread_id: int = 0
) -> InlineKeyboardMarkup:
    """Approve / Reject under a request for a channel or group (or one topic of a forum,
    `thread_id`) to get headlines."""
    buttons: list[tuple[str, CallbackData]] = [
        (
            f"button-review-{decision}",
            ReviewTopic(decision, ChatId(chat_id), thread_id)
            if thread_id
            else ReviewChat(decision, ChatId(chat_id)),
        )
        for decision in _REVIEW_DECISIONS
    ]
    return InlineKeyboardMarkup([_row(translator, language, *buttons)])


# The /start payload that opens an article (handlers/start.py reads it): `read_<id>`.
DEEP_LINK_READ: Final = "read_"


def deep_link(bot_username: str, article_id: int) -> str:
    """A t.me link that opens the article in a private chat with the bot."""
    return f"https://t.me/{bot_username}?start={DEEP_LINK_READ}{article_id}"


def correction_keyboard(
    translator: Translator,
    language: str,
    article_id: int,
    *,
    has_photo: bool,
    has_sections: bool = False,
) -> InlineKeyboardMarkup:
    """Headline / Text / Photo (/ Section, when there are sections): what a correction
    replaces; Remove photo when it has one."""
    choices: list[tuple[str, CallbackData]] = [
        ("button-edit-headline", CorrectionChoice("headline", article_id)),
        ("button-edit-body", CorrectionChoice("body", article_id)),
        ("button-edit-photo", CorrectionChoice("photo", article_id)),
    ]
    if has_sections:
        choices.append(("button-edit-section", CorrectionChoice("section", article_id)))
    rows = [_row(translator, language, *choices)]
    if has_photo:
        remove = CorrectionChoice("nophoto", article_id)
        rows.append(_row(translator, language, ("button-remove-photo", remove)))
    return InlineKeyboardMarkup(rows)


def correction_sections_keyboard(
    language: str, article_id: int, sections: Sequence[Section], chosen: int | None
) -> InlineKeyboardMarkup:
    """A correction's Section choice: the live sections, as under a draft's preview, the one
    the article is to be in marked ✓."""
    marks = {chosen: "✓ "}
    return InlineKeyboardMarkup(
        _section_rows(
            [
                (marks.get(s.id, "") + s.name(language), CorrectionSection(article_id, s.id))
                for s in sections
            ]
        )
    )


def correction_preview_keyboard(
    translator: Translator, language: str, article_id: int
) -> InlineKeyboardMarkup:
    """Publish / Cancel under the preview of a correction."""
    publish = CorrectionDecision("publish", article_id)
    cancel = CorrectionDecision("cancel", article_id)
    return InlineKeyboardMarkup(
        [
            _row(
                translator,
                language,
                ("button-publish-correction", publish),
                ("button-cancel", cancel),
            )
        ]
    )


def retraction_keyboard(
    translator: Translator, language: str, article_id: int
) -> InlineKeyboardMarkup:
    """Withdraw / Keep it, under /retract's question."""
    withdraw, keep = RetractionDecision("yes", article_id), RetractionDecision("no", article_id)
    return InlineKeyboardMarkup(
        [_row(translator, language, ("button-retract-yes", withdraw), ("button-retract-no", keep))]
    )


def _row(
    translator: Translator, language: str, *buttons: tuple[str, CallbackData]
) -> list[InlineKeyboardButton]:
    """One row of buttons, each a catalog key (its label) and the payload it sends."""
    return [
        InlineKeyboardButton(translator.plain(language, key), callback_data=payload.pack())
        for key, payload in buttons
    ]
