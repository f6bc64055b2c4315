"""Reaction counts of the bot's channel posts (issue 13), as Telegram reports them.

Telegram sends `message_reaction_count` updates (anonymous totals) only for chats where the bot
is an administrator, and only if asked for in `allowed_updates`; each carries a message's
complete current counts, possibly minutes late. They are kept per message, and `/stats <id>`
adds them up over the messages that show the article.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    MessageReactionCountUpdated,
    ReactionCount,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    ReactionTypePaid,
)

from storage import Storage


def reaction_key(count: ReactionCount) -> str:
    """How a reaction is stored: the emoji itself, `custom:<id>` or `paid`."""
    reaction = count.type
    if isinstance(reaction, ReactionTypeEmoji):
        return reaction.emoji
    if isinstance(reaction, ReactionTypeCustomEmoji):
        return f"custom:{reaction.custom_emoji_id}"
    if isinstance(reaction, ReactionTypePaid):
        return "paid"
    return str(reaction.type)


def totals(counts: Sequence[ReactionCount]) -> dict[str, int]:
    """Each reaction's total (a reaction listed twice adds up)."""
    found: dict[str, int] = {}
    for count in counts:
        key = reaction_key(count)
        found[key] = found.get(key, 0) + count.total_count
    return found


async def record_counts(storage: Storage, update: MessageReactionCountUpdated) -> bool:
    """Keep a message's current reaction counts; False if later ones were kept already."""
    return await storage.insight.record_reactions(
        update.chat.id,
        update.message_id,
        totals(update.reactions),
        int(update.date.timestamp()),
    )
