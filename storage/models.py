"""Plain records the repositories return; no Telegram types here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Photo:
    """A lead photo as Telegram stores it: `file_id` is reused for every send (no re-upload),
    `unique_id` names the same file across bots and time; the rest describe its largest size
    (`size` in bytes, None when Telegram did not say)."""

    file_id: str
    unique_id: str
    width: int
    height: int
    size: int | None

    @classmethod
    def from_columns(cls, columns: tuple[Any, ...]) -> Photo | None:
        """The photo stored in the five `photo_*` columns, or None where they are NULL."""
        file_id, unique_id, width, height, size = columns
        if file_id is None:
            return None
        return cls(file_id, unique_id, int(width or 0), int(height or 0), size)

    def columns(self) -> tuple[str, str, int, int, int | None]:
        """The values of the five `photo_*` columns."""
        return (self.file_id, self.unique_id, self.width, self.height, self.size)

    @classmethod
    def from_url(cls, url: str) -> Photo:
        """A lead photo known by its URL alone (a feed's, migration 0019): sent by URL (Telegram
        fetches it) until Telegram gives a file_id; its identity is the URL either way."""
        return cls(url, URL_PHOTO + url, 0, 0, None)

    @property
    def url(self) -> str | None:
        """The URL this photo is still sent by (no file_id known yet), else None."""
        return self.file_id if self.unique_id == URL_PHOTO + self.file_id else None


NO_PHOTO_COLUMNS: tuple[None, None, None, None, None] = (None, None, None, None, None)
# The unique id of a photo known by URL: the URL after this prefix (Telegram's ids never have one).
URL_PHOTO = "url:"


@dataclass(frozen=True, slots=True)
class Headline:
    """What a headline list needs of an article (the photo: for an alert about it alone)."""

    id: int
    headline: str
    published_at: int
    views: int
    photo: Photo | None = None
    # Its page on the desk's site (migration 0019): "Open on site" under an alert about it alone.
    canonical_url: str | None = None


@dataclass(frozen=True, slots=True)
class Preview:
    """An article as inline mode lists it (issue 13): its headline entry and the start of its
    text, as plain text (at most the characters asked for, cut anywhere)."""

    headline: Headline
    lead: str


@dataclass(frozen=True, slots=True)
class Section:
    """A section articles belong to (issue 11), named in English and Georgian; `position`
    orders lists; `removed_at` is set once editors removed it (its articles keep it)."""

    id: int
    name_en: str
    name_ka: str
    position: int
    removed_at: int | None = None

    def name(self, language: str) -> str:
        """The name readers of `language` see."""
        return self.name_ka if language == "ka" else self.name_en


@dataclass(frozen=True, slots=True)
class Article:
    """A published article; `body_html` is Telegram-safe HTML."""

    id: int
    headline: str
    body_html: str
    author_id: int
    created_at: int
    published_at: int
    views: int
    photo: Photo | None = None
    # When the headline or text was last corrected (None: never), and when it was withdrawn.
    updated_at: int | None = None
    retracted_at: int | None = None
    # Its section (issue 11), removed or not; None for articles from before sections existed.
    section: Section | None = None
    # Its page on the desk's site (a feed entry's link, migration 0019): "Open on site".
    canonical_url: str | None = None
    # A lead photo known by URL alone (a feed's), sent by URL until Telegram gives a file_id.
    photo_url: str | None = None

    @property
    def summary(self) -> Headline:
        """This article as a headline-list entry."""
        return Headline(
            self.id, self.headline, self.published_at, self.views, self.photo, self.canonical_url
        )


Change = Literal["headline", "body", "photo", "section"]
"""A part of an article a correction may change (its section: issue 11)."""

CHANGES: tuple[Change, ...] = ("headline", "body", "photo", "section")


@dataclass(frozen=True, slots=True)
class Revision:
    """One version of an article: number 1 is the original; `changes` what this one changed
    from the version before (empty for the original)."""

    article_id: int
    number: int
    headline: str
    body_html: str
    photo: Photo | None
    editor_id: int
    created_at: int
    changes: tuple[Change, ...]


WithdrawalAction = Literal["withdrawn", "restored"]
"""What /retract and /restore do to an article."""


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """An article withdrawn or published again, by whom and when; `after_revision` is the
    number of its latest revision then, which places it among the revisions in its history."""

    article_id: int
    action: WithdrawalAction
    editor_id: int
    created_at: int
    after_revision: int
