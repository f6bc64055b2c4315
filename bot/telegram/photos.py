"""A photo Telegram sent, as an article keeps it."""

from __future__ import annotations

from telegram import PhotoSize

from storage import Photo


def stored_photo(size: PhotoSize) -> Photo:
    """One size of a photo (the largest is the one to keep) with its file ids and dimensions."""
    return Photo(size.file_id, size.file_unique_id, size.width, size.height, size.file_size)
