"""Files: what users and the bot uploaded, found by file_id (getFile) or by path (downloads)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass

from local_bot_api.models import JSONDict


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    content: bytes  # empty for the bot's uploads without records (only the size is kept)
    size: int
    # Telegram's file ids are typed: a photo's cannot be sent as a document, nor the reverse.
    kind: str = "document"
    width: int = 0
    height: int = 0

    def to_photo_size(self) -> JSONDict:
        """The file as a PhotoSize (one size of a photo)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "file_size": self.size,
        }

    def to_document(self) -> JSONDict:
        """The file as a Document."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": self.size,
        }

    def to_file(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


class FileStore:
    """Every stored file; ``next_serial`` numbers them (State shares it with callback queries)."""

    def __init__(self, next_serial: Callable[[], int]) -> None:
        self._next_serial = next_serial
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(
        self,
        content: bytes,
        file_name: str,
        mime_type: str,
        folder: str,
        keep: bool = True,
        *,
        size: tuple[int, int] | None = None,
    ) -> StoredFile:
        """Store a file; with ``keep=False`` only its metadata (for uploads without records).

        Files in the ``photos`` folder are photos (``size``: their width and height)."""
        number = self._next_serial()
        if "." in file_name:
            extension = "." + file_name.rsplit(".", 1)[1]
        else:
            extension = mimetypes.guess_extension(mime_type) or ""
        stored = StoredFile(
            file_id=f"LOCAL{number:08d}{folder[:3].upper()}",
            file_unique_id=f"U{number:08d}",
            file_path=f"{folder}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
            content=content if keep else b"",
            size=len(content),
            kind="photo" if folder == "photos" else "document",
            width=size[0] if size else 0,
            height=size[1] if size else 0,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        return self._by_path.get(path)
