"""An article's history for /history: its revisions, who made each and what changed."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.views.formatting import format_time
from bot.views.i18n import Translator
from storage import Article, Revision


def history_text(
    article: Article,
    revisions: Sequence[Revision],
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> str:
    """The revisions, oldest first (number 1 is the original), and the withdrawal if any."""
    lines = [translator.html(language, "history-title", id=str(article.id))]
    for revision in revisions:
        changes = [translator.plain(language, f"change-{change}") for change in revision.changes]
        lines.append(
            translator.html(
                language,
                "history-entry",
                number=revision.number,
                when=format_time(revision.created_at, zone),
                user=str(revision.editor_id),
                user_id=str(revision.editor_id),
                changes=", ".join(changes) or translator.plain(language, "change-original"),
            )
        )
    if article.retracted_at is not None:
        when = format_time(article.retracted_at, zone)
        lines.append(translator.html(language, "history-withdrawn", when=when))
    return "\n".join(lines)
