"""Deliveries of articles to chats: the one place views are counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

import aiosqlite

DeliveryKind = Literal["read", "alert"]


async def count_deliveries(
    connection: aiosqlite.Connection,
    kind: DeliveryKind,
    deliveries: Sequence[tuple[int, int]],
    stamp: int,
) -> None:
    """Count (article id, chat id) deliveries: a `deliveries` row and one view each.

    The one place views grow, for /read and alerts alike; run it inside the caller's
    transaction so that the delivery and its view land together.
    """
    await connection.executemany(
        "INSERT OR IGNORE INTO deliveries (article_id, chat_id, kind, delivered_at)"
        " VALUES (?, ?, ?, ?)",
        [(article_id, chat_id, kind, stamp) for article_id, chat_id in deliveries],
    )
    views = Counter(article_id for article_id, _ in deliveries)
    await connection.executemany(
        "UPDATE articles SET views = views + ? WHERE id = ?",
        [(count, article_id) for article_id, count in views.items()],
    )
