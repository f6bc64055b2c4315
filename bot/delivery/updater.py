"""Carrying out one update of a tracked message (work `propagate` planned): edit it, swap its
photo, delete it, or (too old to delete) edit it to what it becomes instead; and what each of
Telegram's answers means for the work. What the message becomes is decided by
`updates.plan_update`; requests go through the engine's pacing and fault policy (`Paced`),
never paid for (edits and deletions cannot be)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from telegram import Bot, InputMediaPhoto, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from bot.delivery.faults import Paced, Transient
from bot.delivery.updates import Content, Edit, Renderer, deletable, plan_update
from bot.limits import MAX_ROUNDS_PER_ALERT
from bot.telegram.photos import UrlPhotos
from storage import Storage, TrackedMessage, Work, WorkDone, WorkFailed, WorkOutcome, WorkRetry

# What Telegram answers about a message that is no longer there to edit or delete (TELEGRAM.md):
# recorded and skipped, and the message is never planned again.
_GONE = (
    "message to edit not found",
    "message can't be edited",
    "message to delete not found",
    "chat not found",
)
# /read replies go out without link previews (the application's defaults); their edits too.
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass(frozen=True, slots=True)
class MessageUpdater:
    """Updates tracked messages with the engine's bot, pacing and storage; work that cannot
    be done now is due again `retry_after` seconds later (the push interval). A photo swapped
    in by URL (the publish API's PATCH) goes through `url_photos`, as alerts' photos do: by
    URL until Telegram gives its file_id, which the later copies then use."""

    bot: Bot
    storage: Storage
    renderer: Renderer
    paced: Paced
    retry_after: float
    url_photos: UrlPhotos

    async def update(self, work: Work) -> WorkOutcome:
        """Bring one tracked message up to date; the outcome to record."""
        message = work.message
        update = await plan_update(self.renderer, message, work.article_id)
        try:
            if isinstance(update, Edit):
                return await self._edit(work, update.content, "edited")
            if deletable(message):
                try:
                    await self.paced(
                        message.chat_id,
                        message.chat_kind,
                        lambda: self.bot.delete_message(message.chat_id, message.message_id),
                    )
                    return WorkDone(work.id, message.id, "deleted", state="deleted")
                except BadRequest as error:
                    if "can't be deleted" not in error.message:
                        raise
            return await self._edit(work, update.instead, "withdrawn")
        except BadRequest as error:
            text = error.message.lower()
            if "not modified" in text:  # already shows this: a repeat after a crash, say
                return WorkDone(work.id, message.id, "unchanged")
            gone = any(reason in text for reason in _GONE)
            if "chat not found" in text:
                await self.storage.subscriptions.deactivate(message.chat_id, error.message)
            return WorkFailed(work.id, message.id, error.message, gone=gone)
        except Forbidden as error:  # blocked, kicked: as for alerts, the chat gets no more
            await self.storage.subscriptions.deactivate(message.chat_id, error.message)
            return WorkFailed(work.id, message.id, error.message, gone=True)
        except ChatMigrated as error:  # the old group's messages stay where they were
            return WorkFailed(work.id, message.id, f"chat moved: {error.message}", gone=True)
        except RetryAfter as error:
            return self.later(work, f"flood control: {error.message}")
        except Transient as error:
            if error.stopping:
                return WorkRetry(work.id, time.time(), error.message)
            return self.later(work, error.message)

    async def _swap_photo(
        self, message: TrackedMessage, content: Content, article_id: int
    ) -> object:
        """The photo swapped with its caption; a photo URL Telegram cannot fetch is forgotten
        (as for alerts) and the caption alone is edited."""
        photo = content.new_photo
        assert photo is not None
        try:
            edited = await self.bot.edit_message_media(
                InputMediaPhoto(photo.file_id, caption=content.text, parse_mode=ParseMode.HTML),
                chat_id=message.chat_id,
                message_id=message.message_id,
                reply_markup=content.keyboard,
            )
        except BadRequest as error:
            if not await self.url_photos.failed(article_id, photo, error):
                raise
            return await self._edit_request(message, replace(content, new_photo=None), article_id)
        if isinstance(edited, Message):
            await self.url_photos.sent(article_id, photo, edited)
        return edited

    def later(self, work: Work, error: str) -> WorkOutcome:
        """Leave the update for `retry_after` seconds, or give up after as many tries as an
        alert gets rounds."""
        if work.attempts >= MAX_ROUNDS_PER_ALERT:
            return WorkFailed(work.id, work.message.id, f"gave up: {error}")
        return WorkRetry(work.id, time.time() + self.retry_after, error)

    async def _edit(self, work: Work, content: Content, action: str) -> WorkDone:
        message = work.message
        content = replace(content, new_photo=self.url_photos.resolve(content.new_photo))
        await self.paced(
            message.chat_id,
            message.chat_kind,
            lambda: self._edit_request(message, content, work.article_id),
        )
        # A photo URL Telegram could not fetch was forgotten: the message shows its old one.
        shown = self.url_photos.resolve(content.new_photo)
        photo = shown.unique_id if shown else None
        return WorkDone(work.id, message.id, action, photo_unique_id=photo)

    async def _edit_request(
        self, message: TrackedMessage, content: Content, article_id: int
    ) -> object:
        """One edit, one request: the photo swapped with its caption, the caption, or the text."""
        chat_id, message_id = message.chat_id, message.message_id
        if message.is_photo and content.new_photo is not None:
            return await self._swap_photo(message, content, article_id)
        if message.is_photo:
            return await self.bot.edit_message_caption(
                chat_id=chat_id,
                message_id=message_id,
                caption=content.text,
                parse_mode=ParseMode.HTML,
                reply_markup=content.keyboard,
            )
        return await self.bot.edit_message_text(
            content.text,
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=content.keyboard,
            link_preview_options=_NO_PREVIEW if message.kind == "read" else None,
        )
