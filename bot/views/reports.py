"""Reports on subscriptions and delivery (/settings, /channels, /stats): pure functions of data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from telegram import Chat

from bot.news.rhythm import clock_text, hours_text
from bot.supervision import TaskTrouble
from bot.telegram.html import split_html
from bot.views.formatting import (
    chat_reference,
    duration_text,
    format_date,
    format_time,
    interval_text,
)
from bot.views.i18n import Translator
from storage import RoundStats, Section, Subscription


def settings_text(
    subscription: Subscription | None,
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
    push_interval: float,
    sections: Sequence[Section] = (),
    followed: frozenset[int] | None = None,
) -> str:
    """/settings: whether the chat is subscribed (since when), the live `sections` it follows
    once subscribed (`followed`: the chosen ones, None for all) and its rhythm, and its
    language."""
    if subscription is not None and subscription.pending:
        state = translator.html(language, "settings-pending")
    elif subscription is not None and subscription.active and subscription.digest_at is not None:
        # A daily digest: its own line below says when headlines come.
        date = format_date(subscription.subscribed_at, zone)
        state = translator.html(language, "settings-subscribed-daily", date=date)
    elif subscription is not None and subscription.active:
        state = translator.html(
            language,
            "settings-subscribed",
            date=format_date(subscription.subscribed_at, zone),
            interval=interval_text(translator, language, push_interval),
        )
    else:
        state = translator.html(language, "settings-not-subscribed")
    language_line = translator.html(
        language,
        "settings-language",
        language_name=translator.plain(language, f"language-name-{language}"),
    )
    lines = [translator.html(language, "settings-title"), state]
    if subscription is not None and subscription.active and sections:
        lines.append(followed_text(sections, followed, translator, language))
    if subscription is not None and subscription.active:
        lines += rhythm_lines(subscription, translator, language, zone)
    return "\n\n".join([*lines, language_line])


def rhythm_lines(
    subscription: Subscription, translator: Translator, language: str, zone: ZoneInfo
) -> list[str]:
    """How the chat is notified, how often, and its quiet hours (times in `zone`)."""
    notifications = translator.html(
        language, f"settings-notifications-{subscription.notifications}"
    )
    if subscription.digest_at is None:
        frequency = translator.html(language, "settings-every-round")
    else:
        frequency = translator.html(
            language, "settings-daily", time=clock_text(subscription.digest_at), zone=zone.key
        )
    hours = subscription.quiet_hours
    if hours is None:
        quiet = translator.html(language, "settings-quiet-off")
    else:
        quiet = translator.html(
            language, "settings-quiet-on", hours=hours_text(hours), zone=zone.key
        )
    return [notifications, frequency, quiet]


def channel_settings_text(
    subscription: Subscription,
    sections: Sequence[Section],
    followed: frozenset[int] | None,
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
) -> str:
    """An editor's `/channels <channel>`: which sections the channel (or group) follows, and
    its rhythm."""
    arguments = _chat_arguments(subscription, translator, language)
    title = translator.html(
        language, "channel-sections-title", title=arguments["title"], chat=arguments["chat"]
    )
    if sections:
        followed_line = followed_text(sections, followed, translator, language)
    else:
        followed_line = translator.html(language, "channel-sections-none-defined")
    rhythm = rhythm_lines(subscription, translator, language, zone)
    return "\n\n".join([title, followed_line, *rhythm])


def followed_text(
    sections: Sequence[Section],
    followed: frozenset[int] | None,
    translator: Translator,
    language: str,
) -> str:
    """Which of the live sections the chat follows: all, some by name, or none."""
    if followed is None:
        return translator.html(language, "settings-sections-all")
    names = [section.name(language) for section in sections if section.id in followed]
    if not names:
        return translator.html(language, "settings-sections-none")
    return translator.html(language, "settings-sections-chosen", sections=", ".join(names))


def channel_list_messages(
    subscriptions: Sequence[Subscription], *, total: int, translator: Translator, language: str
) -> list[str]:
    """/channels: every target chat with its state, in as many messages as it takes."""
    if not subscriptions:
        return [translator.html(language, "channels-empty")]
    lines = [translator.html(language, "channels-title", count=total)]
    for subscription in subscriptions:
        arguments = _chat_arguments(subscription, translator, language)
        if subscription.pending:
            entry = translator.html(language, "channels-entry-pending", **arguments)
        elif subscription.active:
            entry = translator.html(language, "channels-entry-active", **arguments)
        else:
            entry = translator.html(
                language,
                "channels-entry-inactive",
                reason=subscription.inactive_reason or "?",
                **arguments,
            )
        if subscription.subscribed_by is not None:
            added_by = translator.html(language, "channels-added-by", **_adder(subscription))
            entry = f"{entry} · {added_by}"
        lines.append(entry)
    if total > len(subscriptions):
        lines.append(translator.html(language, "channels-more", count=total - len(subscriptions)))
    return split_html("\n".join(lines))


def review_request_text(
    subscription: Subscription, *, translator: Translator, language: str
) -> str:
    """To editors: a channel or group waits for approval; which one, and who added it."""
    return translator.html(
        language,
        "review-request",
        **_chat_arguments(subscription, translator, language),
        **_adder(subscription),
    )


def review_outcome_text(
    subscription: Subscription, *, approved: bool, translator: Translator, language: str
) -> str:
    """An approval request, once an editor decided: what now happens to the chat."""
    arguments = _chat_arguments(subscription, translator, language)
    return translator.html(
        language, "review-approved" if approved else "review-rejected", **arguments
    )


def _chat_arguments(
    subscription: Subscription, translator: Translator, language: str
) -> dict[str, str]:
    """How reports name a channel or group (or a forum's topic: the group's title, then the
    topic's): title, kind, and @username or id."""
    reference = chat_reference(subscription.chat_id, subscription.username)
    kind_key = "chat-kind-channel" if subscription.kind == Chat.CHANNEL else "chat-kind-group"
    title = subscription.title or reference
    if subscription.thread_id:
        topic = subscription.topic or translator.plain(
            language, "chat-topic-unnamed", id=str(subscription.thread_id)
        )
        title = translator.plain(language, "chat-topic", title=title, topic=topic)
    return {
        "title": title,
        "kind": translator.plain(language, kind_key),
        "chat": reference,
    }


def _adder(subscription: Subscription) -> dict[str, str]:
    """Who added the chat, for a tg://user link: their id, and their name if Telegram gave it."""
    user_id = str(subscription.subscribed_by or "")
    return {"user_id": user_id, "user": subscription.subscribed_by_name or user_id}


def stats_text(
    counts: Mapping[tuple[str, bool], int],
    rounds: Sequence[RoundStats],
    troubles: Sequence[TaskTrouble] = (),
    *,
    translator: Translator,
    language: str,
    zone: ZoneInfo,
    trends: Sequence[str] = (),
) -> str:
    """/stats: subscribers by kind (groups and supergroups together), the numbers of the last
    days (`trends`, issue 13: rendered by `bot.views.insight.trends_lines`), the latest rounds,
    and the delivery tasks that died and were restarted."""
    lines = [
        translator.html(language, "stats-title"),
        "",
        translator.html(language, "stats-subscribers"),
    ]
    for key, kinds in (
        ("stats-private", (Chat.PRIVATE,)),
        ("stats-groups", (Chat.GROUP, Chat.SUPERGROUP)),
        ("stats-channels", (Chat.CHANNEL,)),
    ):
        active = sum(counts.get((kind, True), 0) for kind in kinds)
        inactive = sum(counts.get((kind, False), 0) for kind in kinds)
        lines.append(translator.html(language, key, active=active, inactive=inactive))
    if trends:
        lines += ["", *trends]
    lines += ["", translator.html(language, "stats-rounds")]
    if not rounds:
        lines.append(translator.html(language, "stats-no-rounds"))
    for stats in rounds:
        lines.append(
            translator.html(
                language,
                "stats-round",
                when=format_time(stats.started_at, zone),
                delivered=stats.delivered,
                failed=stats.failed,
                due=stats.due,
                duration=_duration(stats, translator, language),
            )
        )
    stalled = [trouble for trouble in troubles if trouble.failing_since is not None]
    if stalled:
        first = min(stalled, key=lambda trouble: trouble.failing_since or 0.0)
        lines.append(
            translator.html(
                language,
                "stats-stalled",
                when=format_time(first.failing_since or 0.0, zone),
                error=first.last_error[:200],
            )
        )
    for trouble in troubles:
        lines.append(
            translator.html(
                language,
                "stats-task-restarted",
                task=trouble.kind,
                restarts=trouble.restarts,
                when=format_time(trouble.last_failure_at, zone),
                error=trouble.last_error[:200],
            )
        )
    return "\n".join(lines)


def _duration(stats: RoundStats, translator: Translator, language: str) -> str:
    if stats.finished_at is None:
        return translator.plain(language, "stats-running")
    return duration_text(translator, language, stats.finished_at - stats.started_at)
