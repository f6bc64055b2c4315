"""Scheduled publication (issue 11): what a time an editor types means, and what becomes of an
article scheduled for it.

Times are wall-clock times in TIMEZONE, in three forms:
- `09:00` (or `9:00`): the next 09:00, today if it is still ahead, else tomorrow;
- `29.11 09:00`: the next 29 November at 09:00, this year if still ahead, else next year;
- `29.11.2026 09:00`: that moment.
The word `breaking` after the time (`09:00 breaking`) publishes the article as breaking news at
that time, as /breaking would then. A moment not ahead of now, or more than SCHEDULE_MAX_AHEAD
ahead, is refused. Daylight saving
time: a time the clocks skip (they are put forward over it) does not exist and is refused, not
shifted, so an article never goes out at a time nobody typed; a time that happens twice (the
clocks are put back over it) means its first occurrence. Parsing takes `now` and the zone as
arguments and never reads the clock, so it is tested at any moment of any year.

A scheduled article waits in its own table, not among articles (storage/scheduled.py says why),
and is published at its time exactly as if posted then; editors know it by its own number,
shown as `S3`, which nobody can take for an article's number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from bot.limits import SCHEDULE_MAX_AHEAD, SCHEDULE_NOTICES_PER_RUN, SCHEDULE_PUBLISH_BATCH
from bot.news import articles, drafts
from bot.news.arguments import parse_id
from bot.news.articles import Problem
from storage import Photo, Release, ScheduledArticle, Storage, StoredDraft

LABEL_PREFIX: Final = "S"
# The full form editors type, which is also how a refused moment is shown back to them.
TIME_FORM: Final = "%d.%m.%Y %H:%M"
_WHEN: Final = re.compile(
    r"(?:(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}))?\s)?"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})",
    re.ASCII,
)
# What a refusal quotes of the editor's text at most.
_QUOTED: Final = 64
# After the time, the article is published as breaking news at it (the word /breaking names).
BREAKING_WORD: Final = "breaking"
# A photo's caption that schedules it at once (`/schedule <when>`, the headline, the text): its
# handler takes it, and the draft being written does not. Group 1: the bot it is addressed to.
CAPTION: Final = re.compile(r"^/schedule(?:@(\w+))?(?:\s|$)", re.IGNORECASE)


def label(scheduled_id: int) -> str:
    """How editors see a scheduled article's number: S3."""
    return f"{LABEL_PREFIX}{scheduled_id}"


def parse_label(text: str) -> int | None:
    """The number in `S3`, `s3`, `#S3` or `3`; None if there is none."""
    cleaned = text.strip().removeprefix("#")
    if cleaned[:1].upper() == LABEL_PREFIX:
        cleaned = cleaned[1:]
    return parse_id(cleaned)


def parse_when(text: str, now: datetime | float, zone: ZoneInfo) -> datetime | Problem:
    """The moment `text` names (an aware datetime in `zone`), or why it is refused; `now` is
    an aware datetime or epoch seconds."""
    current = (now if isinstance(now, datetime) else datetime.fromtimestamp(now, UTC)).astimezone(
        zone
    )
    typed = " ".join(text.split())
    match = _WHEN.fullmatch(typed)
    if match is None or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        return Problem("schedule-unparseable", {"value": typed[:_QUOTED]})
    clock = time(int(match["hour"]), int(match["minute"]))
    days = list(_days(match, current))
    if not days:
        return Problem("schedule-no-such-date", {"value": typed})
    # fold=0 (combine's default): a time that happens twice means its first occurrence.
    moments = [datetime.combine(day, clock, tzinfo=zone) for day in days]
    ahead = [moment for moment in moments if moment > current]
    if not ahead:  # only a full date can be past: the others roll over
        return Problem("schedule-in-past", {"when": moments[-1].strftime(TIME_FORM)})
    moment = ahead[0]
    if not _exists(moment):
        return Problem("schedule-no-such-time", {"value": moment.strftime(TIME_FORM)})
    if moment - current > SCHEDULE_MAX_AHEAD:
        return Problem("schedule-too-far", {"when": moment.strftime(TIME_FORM)})
    return moment


@dataclass(frozen=True, slots=True)
class Moment:
    """When to publish (an aware datetime in the zone), and whether as breaking news."""

    publish_at: datetime
    breaking: bool = False


def parse_moment(text: str, now: datetime | float, zone: ZoneInfo) -> Moment | Problem:
    """A time as `parse_when` takes it, optionally followed by the word `breaking`."""
    words = text.split()
    breaking = len(words) > 1 and words[-1].casefold() == BREAKING_WORD
    publish_at = parse_when(" ".join(words[:-1]) if breaking else text, now, zone)
    if isinstance(publish_at, Problem):
        return publish_at
    return Moment(publish_at, breaking)


def _days(match: re.Match[str], current: datetime) -> Iterator[date]:
    """The days the typed date may mean, earliest first; impossible ones (31.02) left out."""
    if match["day"] is None:
        yield current.date()
        yield current.date() + timedelta(days=1)
        return
    years = [int(match["year"])] if match["year"] else [current.year, current.year + 1]
    for year in years:
        try:
            yield date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            continue


def _exists(moment: datetime) -> bool:
    """Whether the wall-clock time happens at all: not in an hour the clocks skip."""
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Scheduled:
    """An article scheduled; `is_new` is False when the same update had scheduled it already."""

    scheduled: ScheduledArticle
    is_new: bool


@dataclass(frozen=True, slots=True)
class Rescheduled:
    """A scheduled article moved to a new time."""

    scheduled: ScheduledArticle


async def schedule(
    storage: Storage,
    headline: str,
    body_html: str,
    author_id: int,
    *,
    publish_at: datetime,
    chat_id: int,
    language: str,
    origin: str,
    photo: Photo | None = None,
    section_id: int | None = None,
    breaking: bool = False,
    canonical_url: str | None = None,
    feed_entry_id: int | None = None,
) -> Scheduled | Problem:
    """Check the article as publishing would, and schedule it for `publish_at` (once: `origin`
    names the update that asked), in `section_id`, as breaking news if `breaking`; its editor
    is told in `chat_id`, in `language`. A draft from an edited feed entry keeps its page
    (`canonical_url`) and the entry (`feed_entry_id`) until its time."""
    problem = articles.check_headline(headline) or articles.check_body(body_html)
    if problem is not None:
        return problem
    scheduled, is_new = await storage.scheduled.add(
        articles.clean_headline(headline),
        body_html,
        author_id,
        photo=photo,
        publish_at=int(publish_at.timestamp()),
        chat_id=chat_id,
        language=language,
        origin=origin,
        section_id=section_id,
        breaking=breaking,
        canonical_url=canonical_url,
        feed_entry_id=feed_entry_id,
    )
    return Scheduled(scheduled, is_new)


async def schedule_draft(
    storage: Storage, draft: StoredDraft, moment: Moment, *, origin: str
) -> Scheduled | Problem:
    """Schedule the draft (if it could be published now) for the moment, and close it."""
    if draft.corrects is not None:  # a correction changes a published article: at once
        return Problem("schedule-correction")
    problem = drafts.incomplete(draft)
    if problem is not None:
        return problem
    assert draft.headline is not None
    outcome = await schedule(
        storage,
        draft.headline,
        drafts.body_html(draft),
        draft.editor_id,
        publish_at=moment.publish_at,
        chat_id=draft.chat_id,
        language=draft.language,
        origin=origin,
        photo=draft.photo,
        section_id=draft.section_id,
        breaking=moment.breaking,
        canonical_url=draft.canonical_url,
        feed_entry_id=draft.feed_entry_id,
    )
    if isinstance(outcome, Scheduled):
        await storage.drafts.discard(draft.chat_id, draft.editor_id)
    return outcome


async def ask_time(storage: Storage, draft: StoredDraft) -> Problem | None:
    """Wait for the time to publish the draft at (the preview's Schedule, or /schedule without
    a time), if it could be published now: the editor's next message is that time."""
    if draft.corrects is not None:
        return Problem("schedule-correction")
    problem = drafts.incomplete(draft)
    if problem is None:
        draft.step = "schedule"
        await storage.drafts.save(draft)
    return problem


async def take_time(
    storage: Storage,
    draft: StoredDraft,
    text: str,
    now: datetime | float,
    zone: ZoneInfo,
    *,
    origin: str,
) -> Scheduled | Rescheduled | Problem:
    """The time a draft waits for (step "schedule"): schedule the draft (as breaking news if
    `breaking` follows the time), or move the article it reschedules (which stays what it
    was). A time refused leaves the draft waiting for another one."""
    if draft.reschedules is None:
        moment = parse_moment(text, now, zone)
        if isinstance(moment, Problem):
            return moment
        return await schedule_draft(storage, draft, moment, origin=origin)
    publish_at = parse_when(text, now, zone)
    if isinstance(publish_at, Problem):
        return publish_at
    await storage.drafts.discard(draft.chat_id, draft.editor_id)
    return await reschedule(storage, draft.reschedules, publish_at)


async def waiting(storage: Storage, scheduled_id: int) -> ScheduledArticle | Problem:
    """The scheduled article, if it still waits for its time; else why not."""
    scheduled = await storage.scheduled.get(scheduled_id)
    if scheduled is not None and scheduled.state == "waiting":
        return scheduled
    return _not_waiting(scheduled_id, scheduled)


def _not_waiting(scheduled_id: int, scheduled: ScheduledArticle | None) -> Problem:
    """Why an action on a scheduled article that no longer waits does nothing."""
    if scheduled is None:
        return Problem("schedule-not-found", {"scheduled": label(scheduled_id)})
    if scheduled.state == "published":
        return Problem(
            "schedule-is-published",
            {"scheduled": label(scheduled_id), "id": str(scheduled.article_id)},
        )
    return Problem("schedule-is-cancelled", {"scheduled": label(scheduled_id)})


async def start_rescheduling(
    storage: Storage, chat_id: int, editor_id: int, language: str, scheduled_id: int
) -> ScheduledArticle | Problem:
    """Wait for a new time for the scheduled article (the editor's next message in the chat),
    unless they are writing a draft there (it is not thrown away for this)."""
    scheduled = await waiting(storage, scheduled_id)
    if isinstance(scheduled, Problem):
        return scheduled
    open_draft = await storage.drafts.get(chat_id, editor_id)
    if open_draft is not None and open_draft.reschedules is None:
        return Problem("edit-draft-open")
    prompt = StoredDraft(chat_id, editor_id, "schedule", language, reschedules=scheduled_id)
    await storage.drafts.save(prompt)
    return scheduled


async def stop_rescheduling(storage: Storage, draft: StoredDraft) -> ScheduledArticle | None:
    """/cancel while a new time is awaited: the article keeps its time (None: it is gone)."""
    assert draft.reschedules is not None
    await storage.drafts.discard(draft.chat_id, draft.editor_id)
    return await storage.scheduled.get(draft.reschedules)


async def reschedule(
    storage: Storage, scheduled_id: int, publish_at: datetime
) -> Rescheduled | Problem:
    """Move a waiting article to `publish_at`."""
    moved = await storage.scheduled.reschedule(scheduled_id, int(publish_at.timestamp()))
    if moved is None:
        return _not_waiting(scheduled_id, await storage.scheduled.get(scheduled_id))
    return Rescheduled(moved)


async def cancel(storage: Storage, scheduled_id: int) -> ScheduledArticle | Problem:
    """Cancel a waiting article: it is never published."""
    cancelled = await storage.scheduled.cancel(scheduled_id)
    if cancelled is None:
        return _not_waiting(scheduled_id, await storage.scheduled.get(scheduled_id))
    return cancelled


async def publish_due(storage: Storage, now: float) -> list[Release]:
    """Publish every article whose time is `now` (epoch seconds) or earlier, soonest first:
    overdue ones too, so a bot that was down at their time publishes them when it starts."""
    released: list[Release] = []
    while True:  # ends: every batch takes its articles out of the waiting ones
        batch = await storage.scheduled.publish_due(int(now), SCHEDULE_PUBLISH_BATCH)
        released += batch
        if len(batch) < SCHEDULE_PUBLISH_BATCH:
            return released


async def publish_now(storage: Storage, scheduled_id: int, *, chat_id: int) -> Release | Problem:
    """Publish a waiting article at once (Publish now), as its time coming would; asked in
    `chat_id`, whose answer tells its editor if that is where they scheduled it."""
    scheduled = await waiting(storage, scheduled_id)
    if isinstance(scheduled, Problem):
        return scheduled
    release = await storage.scheduled.publish(
        scheduled_id, editor_told=scheduled.chat_id == chat_id
    )
    if release is None:  # published or cancelled meanwhile
        return _not_waiting(scheduled_id, await storage.scheduled.get(scheduled_id))
    return release


async def untold(storage: Storage) -> list[ScheduledArticle]:
    """Published articles whose editors are still to be told (a few at a time)."""
    return await storage.scheduled.untold(SCHEDULE_NOTICES_PER_RUN)


async def told(storage: Storage, scheduled_id: int) -> None:
    """The article's editor was told it went out (or cannot be told): never again."""
    await storage.scheduled.mark_told(scheduled_id)
