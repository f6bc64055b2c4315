"""What Telegram reads of an uploaded photo: that it is an image, and its width and height.

Only the headers of the formats a photo is usually sent in (JPEG, PNG, WebP, GIF) are read;
anything else is refused as Telegram refuses bytes it cannot decode as an image.
"""

from __future__ import annotations

import struct

from local_bot_api.errors import bad_request

# Telegram's answer to an upload it cannot process as a photo.
IMAGE_PROCESS_FAILED = "IMAGE_PROCESS_FAILED"
# sendPhoto's documented bounds: width + height at most 10000, aspect ratio at most 20.
_MAX_SIDES = 10_000
_MAX_RATIO = 20

# JPEG start-of-frame markers (they carry the size); C4, C8 and CC are other segments.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _png(content: bytes) -> tuple[int, int] | None:
    if content[:8] != b"\x89PNG\r\n\x1a\n" or content[12:16] != b"IHDR" or len(content) < 24:
        return None
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


def _gif(content: bytes) -> tuple[int, int] | None:
    if content[:6] not in (b"GIF87a", b"GIF89a") or len(content) < 10:
        return None
    width, height = struct.unpack("<HH", content[6:10])
    return int(width), int(height)


def _webp(content: bytes) -> tuple[int, int] | None:
    if content[:4] != b"RIFF" or content[8:12] != b"WEBP" or len(content) < 30:
        return None
    chunk = content[12:16]
    if chunk == b"VP8 " and content[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", content[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L" and content[20] == 0x2F:
        bits = int.from_bytes(content[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(content[24:27], "little") + 1
        height = int.from_bytes(content[27:30], "little") + 1
        return width, height
    return None


def _jpeg(content: bytes) -> tuple[int, int] | None:
    if content[:2] != b"\xff\xd8":
        return None
    position = 2
    while position + 9 <= len(content):
        if content[position] != 0xFF:
            return None
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = int.from_bytes(content[position + 2 : position + 4], "big")
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", content[position + 5 : position + 9])
            return int(width), int(height)
        position += 2 + length
    return None


def image_size(content: bytes) -> tuple[int, int]:
    """(width, height) of an uploaded photo, or Telegram's 400 for what is not one."""
    for reader in (_jpeg, _png, _webp, _gif):
        size = reader(content)
        if size is not None:
            break
    else:
        raise bad_request(IMAGE_PROCESS_FAILED)
    width, height = size
    if min(width, height) < 1:
        raise bad_request(IMAGE_PROCESS_FAILED)
    if width + height > _MAX_SIDES or max(width, height) > _MAX_RATIO * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return width, height


def png_bytes(width: int, height: int) -> bytes:
    """A valid PNG header of this size (enough for image_size; test and injection helper)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + b"\x00" * 4
