"""Inline-button payloads, declared: one frozen dataclass per kind of button.

Each kind has a short prefix and typed fields; `pack()` writes `prefix:field:field` (checked
against Telegram's 64-byte limit here, once), `parse()` reads it back or returns None for
anything else, and `matches` is the pattern its handler is registered with. aiogram's
`CallbackData` is the model.

Prefixes are wire format: buttons already sent stay in chats for good, so a prefix never changes.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, ClassVar, Final, Literal, NewType, Self, get_args, get_origin

from telegram import CallbackQuery, Update
from telegram.constants import InlineKeyboardButtonLimit

from bot.limits import LATEST_MAX_COUNT
from bot.news.arguments import parse_chat_reference, parse_id
from bot.news.corrections import Part
from bot.news.rhythm import MINUTES_PER_DAY
from bot.settings import Language
from storage import Notifications

_SEPARATOR = ":"

ChatId = NewType("ChatId", int)
"""A field holding a chat id, which may be negative (groups, channels), unlike other ints."""

TargetChat = NewType("TargetChat", int)
"""A field naming the chat a setting is for: a chat id (an editor's `/channels <channel>`), or
0 for the chat (or forum topic) the button is in (/settings)."""

HERE: Final = TargetChat(0)


class CallbackData:
    """Base of every payload kind; subclasses are frozen dataclasses with a `prefix`."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix is None:  # dataclass(slots=True) re-creates the class, prefix already set
            if "prefix" not in cls.__dict__:
                raise TypeError(f"{cls.__name__} needs a prefix")
            return
        if _SEPARATOR in prefix:
            raise ValueError(f"callback prefix {prefix!r} contains {_SEPARATOR!r}")
        cls.prefix = prefix

    def pack(self) -> str:
        """The payload for a button's `callback_data`."""
        values = [str(getattr(self, field.name)) for field in dataclasses.fields(self)]  # type: ignore[arg-type]
        payload = _SEPARATOR.join([self.prefix, *values])
        if len(payload.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
            raise ValueError(f"callback data too long: {payload!r}")
        if type(self).parse(payload) != self:
            raise ValueError(f"{self!r} does not survive its own parsing")
        return payload

    @classmethod
    def parse(cls, data: object) -> Self | None:
        """The payload this button carries, or None if `data` is not one of this kind."""
        if not isinstance(data, str):
            return None
        prefix, *texts = data.split(_SEPARATOR)
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        if prefix != cls.prefix or len(texts) != len(fields):
            return None
        hints = typing.get_type_hints(cls)
        values = []
        for field, text in zip(fields, texts, strict=True):
            value = _field_value(hints[field.name], text)
            if value is None:
                return None
            values.append(value)
        try:
            return cls(*values)
        except ValueError:  # the payload's own checks refused it
            return None

    @classmethod
    def matches(cls, data: object) -> bool:
        """Whether `data` is a payload of this kind: the handler's `pattern`."""
        return cls.parse(data) is not None


def _field_value(hint: Any, text: str) -> object | None:
    if hint is int:
        return parse_id(text, allow_zero=True)
    if hint is ChatId or (hint is TargetChat and text != "0"):
        chat = parse_chat_reference([text])
        return chat if isinstance(chat, int) else None
    if hint is TargetChat:
        return HERE
    if get_origin(hint) is Literal:
        return text if text in get_args(hint) else None
    raise TypeError(f"callback fields are ints, ChatIds or Literals, not {hint!r}")


_Payload = typing.TypeVar("_Payload", bound=CallbackData)


def pressed(update: Update, kind: type[_Payload]) -> tuple[CallbackQuery, _Payload]:
    """The button pressed and its payload, of `kind`: its handler's pattern admits no other."""
    query = update.callback_query
    assert query is not None
    button = kind.parse(query.data)
    assert button is not None, f"the handler of {kind.__name__} got another payload"
    return query, button


@dataclasses.dataclass(frozen=True, slots=True)
class ReadArticle(CallbackData, prefix="r"):
    """Open an article (headline buttons in lists, alerts and "Read also")."""

    article_id: int

    def __post_init__(self) -> None:
        if parse_id(str(self.article_id)) is None:
            raise ValueError(f"not an article id: {self.article_id}")


@dataclasses.dataclass(frozen=True, slots=True)
class OlderHeadlines(CallbackData, prefix="l"):
    """A /latest page of `count` headlines published before `before_id` (0: the newest)."""

    before_id: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.count <= LATEST_MAX_COUNT:
            raise ValueError(f"not a page size: {self.count}")


@dataclasses.dataclass(frozen=True, slots=True)
class ChooseLanguage(CallbackData, prefix="lang"):
    """Set this chat's language."""

    language: Language


DraftAction = Literal["publish", "cancel", "breaking"]


@dataclasses.dataclass(frozen=True, slots=True)
class DraftDecision(CallbackData, prefix="post"):
    """Publish, Cancel or Publish as breaking under a draft's preview."""

    action: DraftAction


@dataclasses.dataclass(frozen=True, slots=True)
class RemoveDraftPhoto(CallbackData, prefix="xp"):
    """Remove photo, under the preview of a draft that has one."""


@dataclasses.dataclass(frozen=True, slots=True)
class ScheduleDraft(CallbackData, prefix="sd"):
    """Schedule, under a draft's preview: the editor is asked for the time."""


ScheduledChoice = Literal["publish", "reschedule", "cancel"]


@dataclasses.dataclass(frozen=True, slots=True)
class ScheduledAction(CallbackData, prefix="sa"):
    """Publish now / Reschedule / Cancel under a scheduled article in /scheduled (issue 11)."""

    action: ScheduledChoice
    scheduled_id: int

    def __post_init__(self) -> None:
        if parse_id(str(self.scheduled_id)) is None:
            raise ValueError(f"not a scheduled article's number: {self.scheduled_id}")


SubscriptionAction = Literal["on", "off"]


@dataclasses.dataclass(frozen=True, slots=True)
class ChangeSubscription(CallbackData, prefix="sub"):
    """Subscribe (`on`) or Unsubscribe (`off`) this chat."""

    action: SubscriptionAction


ReviewDecision = Literal["ok", "no"]


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewChat(CallbackData, prefix="rv"):
    """Approve (`ok`) or Reject (`no`) a channel or group waiting for an editor's approval."""

    decision: ReviewDecision
    chat_id: ChatId


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewTopic(CallbackData, prefix="rvt"):
    """Approve (`ok`) or Reject (`no`) one topic of a forum supergroup (its message_thread_id)
    waiting for an editor's approval; ReviewChat is the chat itself."""

    decision: ReviewDecision
    chat_id: ChatId
    thread_id: int


def _check_article_id(article_id: int) -> None:
    if parse_id(str(article_id)) is None:
        raise ValueError(f"not an article id: {article_id}")


CorrectionPart = Part


@dataclasses.dataclass(frozen=True, slots=True)
class CorrectionChoice(CallbackData, prefix="cf"):
    """Headline / Text / Photo / Remove photo: what a correction of the article replaces."""

    part: CorrectionPart
    article_id: int

    def __post_init__(self) -> None:
        _check_article_id(self.article_id)


CorrectionAction = Literal["publish", "cancel"]


@dataclasses.dataclass(frozen=True, slots=True)
class CorrectionDecision(CallbackData, prefix="cd"):
    """Publish or Cancel under the preview of a correction of the article."""

    action: CorrectionAction
    article_id: int

    def __post_init__(self) -> None:
        _check_article_id(self.article_id)


RetractionAction = Literal["yes", "no"]


@dataclasses.dataclass(frozen=True, slots=True)
class RetractionDecision(CallbackData, prefix="rt"):
    """Withdraw (`yes`) or Keep (`no`) the article, under /retract's question."""

    action: RetractionAction
    article_id: int

    def __post_init__(self) -> None:
        _check_article_id(self.article_id)


# ----- Sections (issue 11) ----------------------------------------------------------------------


def _check_section_id(section_id: int) -> None:
    if parse_id(str(section_id)) is None:
        raise ValueError(f"not a section id: {section_id}")


@dataclasses.dataclass(frozen=True, slots=True)
class DraftSection(CallbackData, prefix="sc"):
    """A section button under a draft's preview: publish the draft in this section."""

    section_id: int

    def __post_init__(self) -> None:
        _check_section_id(self.section_id)


@dataclasses.dataclass(frozen=True, slots=True)
class CorrectionSection(CallbackData, prefix="es"):
    """A section button under a correction's Section choice: the article moves to it."""

    article_id: int
    section_id: int

    def __post_init__(self) -> None:
        _check_article_id(self.article_id)
        _check_section_id(self.section_id)


SectionChoice = Literal["add", "rename", "up", "down", "remove", "confirm", "keep"]


@dataclasses.dataclass(frozen=True, slots=True)
class SectionAction(CallbackData, prefix="sm"):
    """An editor's button under /sections: Add (section 0), Rename, Move up / down, Remove,
    and Remove's confirmation (`confirm`) or its undoing (`keep`)."""

    action: SectionChoice
    section_id: int

    def __post_init__(self) -> None:
        if (self.action == "add") != (self.section_id == 0):
            raise ValueError(f"{self.action} of section {self.section_id}")
        if self.action != "add":
            _check_section_id(self.section_id)


@dataclasses.dataclass(frozen=True, slots=True)
class SectionLatest(CallbackData, prefix="sl"):
    """A section's button in the readers' /sections: its newest headlines, as a new message."""

    section_id: int

    def __post_init__(self) -> None:
        _check_section_id(self.section_id)


@dataclasses.dataclass(frozen=True, slots=True)
class SectionHeadlines(CallbackData, prefix="ls"):
    """Older / Newest under `/latest <section>`: like `OlderHeadlines` (whose wire format stays
    as buttons already sent have it), for one section's headlines."""

    section_id: int
    before_id: int
    count: int

    def __post_init__(self) -> None:
        _check_section_id(self.section_id)
        if not 1 <= self.count <= LATEST_MAX_COUNT:
            raise ValueError(f"not a page size: {self.count}")


@dataclasses.dataclass(frozen=True, slots=True)
class FollowSection(CallbackData, prefix="fs"):
    """A section's toggle under /settings: follow it or stop following it (issue 11); section
    0 is "All sections" (every one, new ones included)."""

    section_id: int

    def __post_init__(self) -> None:
        if self.section_id != 0:
            _check_section_id(self.section_id)


@dataclasses.dataclass(frozen=True, slots=True)
class ChannelSection(CallbackData, prefix="cs"):
    """A section's toggle under an editor's `/channels <channel>` (issue 11): that channel or
    group follows it or stops following it; section 0 is "All sections"."""

    chat_id: ChatId
    section_id: int

    def __post_init__(self) -> None:
        if self.section_id != 0:
            _check_section_id(self.section_id)


@dataclasses.dataclass(frozen=True, slots=True)
class ChooseNotifications(CallbackData, prefix="nt"):
    """With sound / Silent digests / Silent under /settings or an editor's `/channels
    <channel>` (issue 11): how the chat (or forum topic) is notified of its alerts."""

    chat: TargetChat
    notifications: Notifications


@dataclasses.dataclass(frozen=True, slots=True)
class ChooseDigest(CallbackData, prefix="dg"):
    """Frequency under /settings or `/channels <channel>` (issue 11): "menu" shows the daily
    digest times; "every" is an alert every round; "daily" one digest a day at `minute` of the
    day (TIMEZONE)."""

    chat: TargetChat
    choice: Literal["menu", "every", "daily"]
    minute: int

    def __post_init__(self) -> None:
        _check_minute(self.minute)


@dataclasses.dataclass(frozen=True, slots=True)
class ChooseQuiet(CallbackData, prefix="qh"):
    """Quiet hours under /settings or `/channels <channel>` (issue 11): "menu" shows the
    choices; "off" none; "on" from `start` until `end`, minutes of the day (TIMEZONE)."""

    chat: TargetChat
    choice: Literal["menu", "off", "on"]
    start: int
    end: int

    def __post_init__(self) -> None:
        _check_minute(self.start)
        _check_minute(self.end)
        if self.choice == "on" and self.start == self.end:
            raise ValueError("quiet hours end when they begin")


def _check_minute(minute: int) -> None:
    if not 0 <= minute < MINUTES_PER_DAY:
        raise ValueError(f"not a minute of the day: {minute}")


# ----- feeds (issue 12) ---------------------------------------------------------------------


FeedReviewDecision = Literal["publish", "edit", "skip"]
"""An editor's decision on a feed entry's preview in review mode."""


@dataclasses.dataclass(frozen=True, slots=True)
class FeedReview(CallbackData, prefix="fr"):
    """Publish / Edit / Skip under a feed entry's preview (review mode; editors only)."""

    decision: FeedReviewDecision
    entry_id: int

    def __post_init__(self) -> None:
        if parse_id(str(self.entry_id)) is None:
            raise ValueError(f"not a feed entry id: {self.entry_id}")


@dataclasses.dataclass(frozen=True, slots=True)
class FeedAction(CallbackData, prefix="fd"):
    """Pause / Resume / Remove under a feed in /feeds (editors only)."""

    action: Literal["pause", "resume", "remove"]
    feed_id: int

    def __post_init__(self) -> None:
        if parse_id(str(self.feed_id)) is None:
            raise ValueError(f"not a feed id: {self.feed_id}")


# ----- search (issue 13) --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class SearchPage(CallbackData, prefix="sp"):
    """‹ Newer / Older › under search results: page `page` (from 0) of the stored query
    `query_id` (a query itself may be longer than a button's 64 bytes)."""

    query_id: int
    page: int

    def __post_init__(self) -> None:
        if parse_id(str(self.query_id)) is None:
            raise ValueError(f"not a search query id: {self.query_id}")


# ----- most read and editors' insight (issue 13) --------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleStats(CallbackData, prefix="st"):
    """An article's button under /stats: its `/stats <id>` (editors only)."""

    article_id: int

    def __post_init__(self) -> None:
        _check_article_id(self.article_id)
