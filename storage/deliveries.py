"""Deliveries of articles to chats: each one recorded is one view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import aiosqlite

DeliveryKind = Literal["read", "alert"]


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
