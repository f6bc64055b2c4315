"""An article's history for /history: its revisions (who made each and what changed), and each
withdrawal and restoration (who and when) in the order they happened."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.views.formatting import format_time
from bot.views.i18n import Translator
from storage import Article, Revision, Withdrawal


def history_text(
    article: Article,
    revisions: Sequence[Revision],
    withdrawals: Sequence[Withdrawal],
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> str:
    """The revisions, oldest first (number 1 is the original), with each withdrawal and
    restoration after the revision that was current when it happened."""
    entries: list[tuple[int, int, str]] = []
    for revision in revisions:
        changes = [translator.plain(language, f"change-{change}") for change in revision.changes]
        line = translator.html(
            language,
            "history-entry",
            number=revision.number,
            when=format_time(revision.created_at, zone),
            user=str(revision.editor_id),
            user_id=str(revision.editor_id),
            changes=", ".join(changes) or translator.plain(language, "change-original"),
        )
        entries.append((revision.number, 0, line))
    for withdrawal in withdrawals:
        line = translator.html(
            language,
            f"history-{withdrawal.action}",
            when=format_time(withdrawal.created_at, zone),
            user=str(withdrawal.editor_id),
            user_id=str(withdrawal.editor_id),
        )
        entries.append((withdrawal.after_revision, 1, line))
    # A stable sort: withdrawals after the same revision keep the order they happened in.
    entries.sort(key=lambda entry: entry[:2])
    title = translator.html(language, "history-title", id=str(article.id))
    return "\n".join([title, *(line for *_, line in entries)])
