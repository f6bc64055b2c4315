"""Deliveries of articles to chats: each one recorded is one view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import aiosqlite

DeliveryKind = Literal["read", "alert"]
"""The kinds `record_deliveries` records; the third, 'inline' (migration 0024), has its own
function, `record_inline`, since each carries the key that makes it count once."""


async def record_deliveries(
    connection: aiosqlite.Connection,
    kind: DeliveryKind,
    deliveries: Sequence[tuple[int, int]],
    stamp: int,
) -> None:
    """Record (article id, chat id) deliveries, for /read and alerts alike.

    Each new row adds one view: the trigger `deliveries_count_views` (migration 0005) counts
    them, so views can never drift from the rows. An alert delivery already recorded for that
    article and chat is ignored, and counts nothing.
    """
    await connection.executemany(
        "INSERT OR IGNORE INTO deliveries (article_id, chat_id, kind, delivered_at)"
        " VALUES (?, ?, ?, ?)",
        [(article_id, chat_id, kind, stamp) for article_id, chat_id in deliveries],
    )


async def record_inline(
    connection: aiosqlite.Connection, article_id: int, chat_id: int, key: str, stamp: int
) -> bool:
    """Record a chosen inline result (issue 13) as one delivery of kind 'inline' to `chat_id`
    (the sharer's private chat); False if one with this `key` was recorded already (Telegram
    reported the same choice twice), which counts nothing."""
    async with connection.execute(
        "INSERT OR IGNORE INTO deliveries (article_id, chat_id, kind, delivered_at, inline_key)"
        " VALUES (?, ?, 'inline', ?, ?)",
        (article_id, chat_id, stamp, key),
    ) as cursor:
        return cursor.rowcount == 1
