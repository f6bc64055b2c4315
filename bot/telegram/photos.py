"""A photo Telegram sent, as an article keeps it; and lead photos known by URL until then."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Final

from telegram import Message, PhotoSize
from telegram.error import BadRequest

from storage import Photo, Storage

logger = logging.getLogger(__name__)

# Photo URLs remembered (a round's alerts after the first send); past this, storage answers.
_URL_PHOTOS_KEPT: Final = 1024
# 400s about the chat, not the photo (TELEGRAM.md): a photo URL is not to blame for those.
_NOT_THE_PHOTO: Final = ("chat not found", "thread not found", "not enough rights")


def stored_photo(size: PhotoSize) -> Photo:
    """One size of a photo (the largest is the one to keep) with its file ids and dimensions."""
    return Photo(size.file_id, size.file_unique_id, size.width, size.height, size.file_size)


class UrlPhotos:
    """Lead photos known by URL (a feed's, issue 12): sent by URL until Telegram answers with a
    file_id, which is then kept, so Telegram fetches each picture once; a URL Telegram cannot
    fetch (400) is forgotten and its article goes without a photo.

    Remembered here too, for the sends already rendered with the URL (a round's alerts)."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._known: dict[str, Photo | None] = {}

    def resolve(self, photo: Photo | None) -> Photo | None:
        """The photo to send: the file_id Telegram gave for its URL, if one was given meanwhile;
        None if its URL failed (send text)."""
        if photo is None or photo.url is None:
            return photo
        return self._known.get(photo.url, photo)

    async def sent(self, article_id: int, photo: Photo, message: Message) -> None:
        """`photo` went out in `message`: keep the file_id Telegram gave for its URL."""
        url = photo.url
        if url is None or not message.photo or len(self._known) > _URL_PHOTOS_KEPT:
            return
        given = replace(stored_photo(message.photo[-1]), unique_id=photo.unique_id)
        self._known[url] = given
        await self._storage.feeds.keep_photo(article_id, url, given)

    async def failed(self, article_id: int, photo: Photo, error: BadRequest) -> bool:
        """Telegram refused the photo: if it was sent by URL, forget it (True: send text)."""
        url = photo.url
        if url is None or any(other in error.message.lower() for other in _NOT_THE_PHOTO):
            return False
        logger.warning("Article %d: Telegram cannot use its photo %s: %s", article_id, url, error)
        if len(self._known) <= _URL_PHOTOS_KEPT:
            self._known[url] = None
        await self._storage.feeds.forget_photo(article_id, url)
        return True
