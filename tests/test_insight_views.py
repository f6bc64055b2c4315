"""bot/views/insight.py and bot/news/reactions.py: /top, the /stats numbers, `/stats <id>`."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import ReactionCount, ReactionTypeCustomEmoji, ReactionTypeEmoji, ReactionTypePaid

from bot.news.reactions import totals
from bot.views.i18n import Translator
from bot.views.insight import article_insight_text, stats_keyboard, top_page, trends_lines
from local_bot_api import parse_html
from storage import ArticleInsight, DayActivity, Headline, SubscriberDay, TopArticle, Trends

TRANSLATOR = Translator()
ZONE = ZoneInfo("Asia/Tbilisi")


def entry(article_id: int, headline: str, gained: int) -> TopArticle:
    return TopArticle(Headline(article_id, headline, 1_764_000_000, gained * 10), gained)


def test_top_numbers_the_articles_escapes_headlines_and_gives_read_buttons() -> None:
    text, keyboard = top_page(
        [entry(7, "A < B & C", 12), entry(3, "Second", 4)],
        days=7,
        translator=TRANSLATOR,
        language="en",
        zone=ZONE,
    )
    plain, _ = parse_html(text)  # valid Telegram HTML
    assert plain.splitlines()[2:] == [
        "1. A < B & C",
        "24.11.2025 · 👁 +12 in 7 days",
        "",
        "2. Second",
        "24.11.2025 · 👁 +4 in 7 days",
    ]
    assert keyboard is not None
    assert [row[0].callback_data for row in keyboard.inline_keyboard] == ["r:7", "r:3"]


def test_top_with_nothing_read_has_no_buttons_in_either_language() -> None:
    for language in ("en", "ka"):
        text, keyboard = top_page([], days=7, translator=TRANSLATOR, language=language, zone=ZONE)
        assert keyboard is None and "/latest" in text


def test_trends_lines_list_every_day_newest_first_with_totals() -> None:
    days = [date(2026, 11, 26) + timedelta(days=n) for n in range(3)]
    trends = Trends(
        (DayActivity(days[0], 1, 2), DayActivity(days[1], 0, 0), DayActivity(days[2], 4, 10, 3)),
        tuple(SubscriberDay(day, 5 + n, 2, 1) for n, day in enumerate(days)),
    )
    lines = trends_lines(trends, translator=TRANSLATOR, language="en")
    assert lines[:5] == [
        "<b>Last 3 days</b>",
        "👁 20 views: 📖 5 articles read, 🔔 12 in headline alerts, 🔗 3 shared inline",
        "28.11 — 👁 17 (📖 4 · 🔔 10 · 🔗 3) · 👤 7 👥 2 📢 1",
        "27.11 — 👁 0 (📖 0 · 🔔 0 · 🔗 0) · 👤 6 👥 2 📢 1",
        "26.11 — 👁 3 (📖 1 · 🔔 2 · 🔗 0) · 👤 5 👥 2 📢 1",
    ]
    georgian = trends_lines(trends, translator=TRANSLATOR, language="ka")
    assert georgian[0] == "<b>ბოლო 3 დღე</b>" and georgian[2] == lines[2]


def test_stats_buttons_open_each_article_and_fit_telegram() -> None:
    keyboard = stats_keyboard([entry(9, "x" * 300, 5)], translator=TRANSLATOR, language="en")
    assert keyboard is not None
    [[button]] = keyboard.inline_keyboard
    assert button.callback_data == "st:9" and button.text.startswith("📊 xxx")
    assert stats_keyboard([], translator=TRANSLATOR, language="en") is None


def test_article_insight_names_views_by_kind_and_reactions() -> None:
    insight = ArticleInsight(
        5,
        "Bridge <reopens>",
        True,
        9,
        {"alert": 6, "read": 3},
        7,
        2,
        (("👍", 4), ("custom:99", 2), ("paid", 1)),
    )
    text = article_insight_text(insight, translator=TRANSLATOR, language="en")
    plain, _ = parse_html(text)
    assert plain.splitlines() == [
        "📊 Bridge <reopens> · /read_5",
        "⛔ Withdrawn: readers no longer see it.",
        "👁 9 views: 🔔 6 in alerts, 📖 3 read in the bot, 🔗 0 shared inline",
        "💬 Reached 7 chats",
        "✏️ 2 sent copies updated after corrections or a withdrawal",
        "❤️ Reactions in channels: 👍 4 · ✨ 2 · ⭐ 1",
    ]


def test_reaction_totals_key_emoji_custom_emoji_and_paid() -> None:
    counts = [
        ReactionCount(ReactionTypeEmoji("👍"), 3),
        ReactionCount(ReactionTypeCustomEmoji("123"), 2),
        ReactionCount(ReactionTypePaid(), 5),
        ReactionCount(ReactionTypeEmoji("👍"), 1),
    ]
    assert totals(counts) == {"👍": 4, "custom:123": 2, "paid": 5}
