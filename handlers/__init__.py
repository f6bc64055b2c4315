"""Telegram-facing handlers: one module per feature, each with `register(application)`."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    channels,
    corrections,
    edits,
    errors,
    feeds,
    guards,
    inline,
    language,
    latest,
    post,
    publish,
    read,
    retractions,
    scheduling,
    search,
    sections,
    settings,
    start,
    stats,
    subscriptions,
    throttle,
    top,
)


def register_all(application: Application) -> None:  # type: ignore[type-arg]
    """Register every feature; order matters, since the first matching handler wins."""
    # Each chat's budget of replies before all else: an update over it reaches nothing.
    throttle.register(application)
    # Edits first: an edited message never acts again (they stop in an earlier group).
    edits.register(application)
    # Channels are broadcast-only: their posts and button presses stop early too.
    guards.register(application)
    # Scheduling before the draft conversation's commands: a photo captioned /schedule is
    # scheduled, not answered with post's hint; while a rescheduling waits for its time, it
    # takes /cancel, /done and /publish (group -1, ahead of a draft's in group 0).
    scheduling.register(application)
    # A draft's preview, /publish and /breaking: a photo captioned /breaking is published
    # before post's hint for a photo that asked for nothing (group 0, first match wins).
    publish.register(application)
    # The draft conversation: while an editor writes, their text belongs to the draft.
    post.register(application)
    # Corrections take an editor's messages and /done, /publish, /cancel ahead of the draft's
    # input while a correction is open (an earlier group); /retract and /restore.
    corrections.register(application)
    retractions.register(application)
    start.register(application)
    latest.register(application)
    read.register(application)
    # /sections and its buttons; the names Add or Rename asked for come in a group of their
    # own, before every other (even a draft's input): they were asked for last.
    sections.register(application)
    language.register(application)
    subscriptions.register(application)
    settings.register(application)
    channels.register(application)
    stats.register(application)
    # Most read (issue 13): readers' /top.
    top.register(application)
    # Feeds (issue 12): editors' /feeds, /addfeed, /removefeed, /pausefeed and review buttons.
    feeds.register(application)
    # Search (issue 13): /search, and a private chat's plain text that no draft, correction
    # or section prompt took (those come in earlier groups, or earlier in this one).
    search.register(application)
    # Inline sharing (issue 13): `@bot words` in any chat, and the results chosen.
    inline.register(application)
    # Fallbacks last: unknown commands, stale buttons, and the error handler.
    errors.register(application)
