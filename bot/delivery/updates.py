"""What a tracked message should become after its article changed: pure decisions over the
current state, rendered through the same view functions that sent it.

A /read reply is re-rendered whole and each tracked part takes its own part of the new
rendering, in the language it was sent in. When a correction makes the article longer than
the parts that were sent, the last part sent ends with "continued: /read_<id>" (so no text is
ever lost: the whole article is one tap away); when it makes it shorter, the parts left over
are deleted where Telegram still allows it, else say they were removed. A photo message stays a
photo message (Telegram cannot turn one into text): its photo is swapped if the correction
changed it, its caption edited; a photo removed by a correction stays on copies already sent.

An alert is re-rendered from its range of articles, as the engine sent it: its other
headlines are unchanged, and a withdrawn one drops out (`between` leaves it out); it shows the
sections it was sent with (the filter it was planned with, tracked beside it). A breaking
alert stays one: its one article, marked breaking (`alert_headlines`). A withdrawn
article's copies are deleted within Telegram's 48 hours and replaced by the withdrawal notice
after that; an alert left with no headline at all is treated the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.limits import ALERT_HEADLINES, DELETE_WINDOW, RELATED_COUNT, RENDER_CACHE_SIZE
from bot.news import search
from bot.telegram.html import MESSAGE_LIMIT, visible_length
from bot.views.alerts import alert_keyboard, alert_message, alert_photo
from bot.views.articles import article_messages, render_article, withdrawal_notice
from bot.views.i18n import Translator
from bot.views.keyboards import reading_keyboard
from storage import Article, Headline, Photo, Storage, TrackedMessage


@dataclass(frozen=True, slots=True)
class Content:
    """A message's new content: its text (a caption for a photo message), its buttons, and the
    photo to swap in (None: keep the one it shows)."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    new_photo: Photo | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    """Edit the message to `content`."""

    content: Content


@dataclass(frozen=True, slots=True)
class Remove:
    """Delete the message; `instead` is what it becomes where it can no longer be deleted."""

    instead: Content


Update = Edit | Remove


# An alert's rendering from what it shows now: its headlines (as `between` returns them, views
# and photo included), their total, the chat kind, the language, whether it is a photo message,
# whether it is a breaking alert, its sections filter.
_AlertKey = tuple[tuple[Headline, ...], int, bool, str, bool, bool, str | None]


@dataclass(frozen=True, slots=True)
class _Range:
    """One read of an alert's range of articles, shared by the updates that may use it."""

    started: float  # time.monotonic() before the read was made
    found: asyncio.Future[tuple[list[Headline], int]]


@dataclass(frozen=True, slots=True)
class Renderer:
    """Everything rendering needs besides the message: storage, strings, time zone, username.

    A correction edits thousands of copies of the same alert, and rendering each from scratch
    cost more than its edit request (a query through aiosqlite's thread, ~300 µs of CPU, and the
    keyboard's callback data; docs/BENCHMARKS.md part 10). So `ranges` shares one read of a
    range of articles among the updates claimed before that read started: any change committed
    after an update was claimed plans another update of its message (`propagate` adds one
    beside a claimed one), so a read begun after the claim is as current as the update needs.
    `alerts` remembers renderings by everything they are made from: a change gives a new key,
    never a stale text.
    """

    storage: Storage
    translator: Translator
    zone: ZoneInfo
    bot_username: str
    ranges: dict[tuple[int, int, bool, str | None], _Range] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    alerts: dict[_AlertKey, Content] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )


def deletable(message: TrackedMessage, now: float | None = None) -> bool:
    """Whether Telegram still lets the bot delete the message (48 hours, with a margin)."""
    return (time.time() if now is None else now) - message.sent_at < DELETE_WINDOW.total_seconds()


async def plan_update(renderer: Renderer, message: TrackedMessage, article_id: int) -> Update:
    """What the message should become, from the current state of what it shows (`article_id`:
    the article whose change asked for this update)."""
    language = renderer.translator.resolve(message.language, None)
    if message.kind == "alert":
        return await _alert_update(renderer, message, article_id, language)
    return await _read_update(renderer, message, language)


async def _alert_update(
    renderer: Renderer, message: TrackedMessage, article_id: int, language: str
) -> Update:
    assert message.after_article_id is not None and message.through_article_id is not None
    breaking = message.breaking
    headlines, total = await _headlines(
        renderer, message.after_article_id, message.through_article_id, breaking, message.sections
    )
    if not headlines:
        return Remove(await _withdrawn(renderer, article_id, language))
    is_channel = message.chat_kind == "channel"
    key = (
        tuple(headlines),
        total,
        is_channel,
        language,
        message.is_photo,
        breaking,
        message.sections,
    )
    content = renderer.alerts.get(key)
    if content is None:
        if len(renderer.alerts) >= RENDER_CACHE_SIZE:
            renderer.alerts.clear()
        content = alert_content(renderer, headlines, total, is_channel, language, breaking=breaking)
        if not message.is_photo:  # a text message stays one
            content = replace(content, new_photo=None)
        renderer.alerts[key] = content
    return Edit(replace(content, new_photo=_swapped(message, content.new_photo)))


def alert_headlines(
    storage: Storage, after: int, through: int, *, breaking: bool, sections: str | None = None
) -> Awaitable[tuple[list[Headline], int]]:
    """What an alert of the range (after, through] shows now, and their total: a digest, the
    articles there that are not breaking, of the `sections` it was planned with (None: all);
    a breaking alert, its breaking article."""
    if breaking:
        return storage.articles.breaking_between(after, through, ALERT_HEADLINES)
    return storage.articles.between(after, through, ALERT_HEADLINES, sections)


async def _headlines(
    renderer: Renderer, after: int, through: int, breaking: bool, sections: str | None
) -> tuple[list[Headline], int]:
    """The range's headlines now (of the `sections` filter): a read started after the latest
    claim of work, shared."""
    key = (after, through, breaking, sections)
    shared = renderer.ranges.get(key)
    if shared is None or shared.started <= renderer.storage.messages.last_claimed:
        if len(renderer.ranges) >= RENDER_CACHE_SIZE:
            renderer.ranges.clear()
        read = alert_headlines(
            renderer.storage, after, through, breaking=breaking, sections=sections
        )
        shared = renderer.ranges[key] = _Range(time.monotonic(), asyncio.ensure_future(read))
    try:
        return await asyncio.shield(shared.found)
    except Exception:
        if renderer.ranges.get(key) is shared:
            del renderer.ranges[key]  # the next update reads again
        raise


def alert_content(
    renderer: Renderer,
    headlines: Sequence[Headline],
    total: int,
    is_channel: bool,
    language: str,
    *,
    breaking: bool = False,
) -> Content:
    """An alert as it is now, as the engine sends it and its updates edit it; `new_photo` is
    the photo it shows when it announces one article with a photo."""
    text = alert_message(
        headlines,
        total=total,
        is_channel=is_channel,
        translator=renderer.translator,
        language=language,
        zone=renderer.zone,
        breaking=breaking,
    )
    keyboard = alert_keyboard(
        headlines,
        is_channel=is_channel,
        bot_username=renderer.bot_username,
        total=total,
        site_label=renderer.translator.plain(language, "button-open-on-site"),
    )
    return Content(text, keyboard, alert_photo(headlines, total=total, text=text))


async def _read_update(renderer: Renderer, message: TrackedMessage, language: str) -> Update:
    assert message.article_id is not None
    storage = renderer.storage
    article = await storage.articles.get(message.article_id)
    if article is None or article.retracted_at is not None:
        if message.part == 0:
            return Remove(await _withdrawn(renderer, message.article_id, language))
        return Remove(Content(renderer.translator.html(language, "correction-part-removed")))
    parts = await storage.messages.reply_parts(message.chat_id, message.head_message_id)
    sent = max(len(parts), message.part + 1)
    related = reading_keyboard(
        await search.related(storage, article, RELATED_COUNT),
        site_url=article.canonical_url,
        site_label=renderer.translator.plain(language, "button-open-on-site"),
    )
    head = parts[0] if parts else message
    rendered, photo = _read_parts(renderer, article, head, language)
    index = message.part
    if index >= len(rendered):
        return Remove(Content(renderer.translator.html(language, "correction-part-removed")))
    text = rendered[index]
    if index == sent - 1 and len(rendered) > sent:
        text = _continued(renderer, text, article.id, language)
    is_last = index == min(sent, len(rendered)) - 1
    new_photo = _swapped(message, photo) if index == 0 else None
    return Edit(Content(text, related if is_last else None, new_photo))


def _read_parts(
    renderer: Renderer, article: Article, head: TrackedMessage, language: str
) -> tuple[list[str], Photo | None]:
    """The texts of a /read reply's parts as they are now (a caption first if its head is a
    photo), and the article's photo; shaped like what was sent: a reply sent as text stays
    text, one sent with a photo keeps one (the old one, if the correction removed it)."""
    if not head.is_photo:
        texts = article_messages(
            article,
            with_related=True,
            translator=renderer.translator,
            language=language,
            zone=renderer.zone,
        )
        return texts, None
    # A stand-in for a removed photo: only its identity counts, so nothing is swapped.
    shown = article.photo or Photo("", head.photo_unique_id or "", 0, 0, None)
    view = render_article(
        replace(article, photo=shown),
        with_related=True,
        translator=renderer.translator,
        language=language,
        zone=renderer.zone,
    )
    return [view.caption or "", *view.messages], article.photo


def _continued(renderer: Renderer, text: str, article_id: int, language: str) -> str:
    """The last part sent, ending with a pointer to the rest; the pointer alone if the part
    leaves no room for it (the whole article is still one tap away)."""
    note = renderer.translator.html(language, "correction-continued", id=str(article_id))
    joined = f"{text}\n\n{note}"
    return joined if visible_length(joined) <= MESSAGE_LIMIT else note


def _swapped(message: TrackedMessage, photo: Photo | None) -> Photo | None:
    """The photo to swap into a photo message: only a different one (by its unique id)."""
    if not message.is_photo or photo is None or photo.unique_id == message.photo_unique_id:
        return None
    return photo


async def _withdrawn(renderer: Renderer, article_id: int, language: str) -> Content:
    """The withdrawal notice of the article the message was about."""
    article = await renderer.storage.articles.get(article_id)
    if article is None:
        article = Article(article_id, "", "", 0, 0, 0, 0)
    return Content(withdrawal_notice(article, renderer.translator, language, renderer.zone))
