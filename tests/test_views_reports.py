from zoneinfo import ZoneInfo

from telegram.constants import MessageLimit

from bot.views.formatting import interval_text
from bot.views.i18n import Translator
from bot.views.reports import channel_list_messages, review_request_text, stats_text
from local_bot_api import parse_html
from storage import RoundStats, Subscription

TRANSLATOR = Translator()
ZONE = ZoneInfo("Asia/Tbilisi")


def test_interval_reads_naturally_in_both_languages() -> None:
    assert interval_text(TRANSLATOR, "en", 300) == "every 5 minutes"
    assert interval_text(TRANSLATOR, "en", 60) == "every minute"
    assert interval_text(TRANSLATOR, "en", 90) == "every 90 seconds"
    assert interval_text(TRANSLATOR, "en", 0.2) == "every second"
    assert interval_text(TRANSLATOR, "ka", 300) == "ყოველ 5 წუთში"
    assert interval_text(TRANSLATOR, "ka", 60) == "ყოველ წუთში"


def test_stats_merge_groups_and_show_durations_or_running() -> None:
    counts = {
        ("private", True): 7,
        ("private", False): 1,
        ("group", True): 2,
        ("supergroup", True): 3,
        ("supergroup", False): 4,
    }
    start = 1_764_151_200.0  # 26.11.2025 14:00 in Tbilisi
    rounds = [
        RoundStats(3, start + 600, None, 10, 4, 1, 5),
        RoundStats(2, start + 300, start + 300 + 125.4, 10, 9, 1, 0),
        RoundStats(1, start, start + 2.26, 10, 10, 0, 0),
    ]
    text, _ = parse_html(
        stats_text(counts, rounds, translator=TRANSLATOR, language="en", zone=ZONE)
    )
    assert "Private chats: 7 active, 1 inactive" in text
    assert "Groups: 5 active, 4 inactive" in text
    assert "Channels: 0 active, 0 inactive" in text
    assert "26.11.2025 14:10 — ✅ 4 delivered, ❌ 1 failed, ⏳ 5 still due · running" in text
    assert "26.11.2025 14:05 — ✅ 9 delivered, ❌ 1 failed, ⏳ 0 still due · 2 min 5 s" in text
    assert "26.11.2025 14:00 — ✅ 10 delivered, ❌ 0 failed, ⏳ 0 still due · 2.3 s" in text
    georgian, _ = parse_html(
        stats_text(counts, rounds, translator=TRANSLATOR, language="ka", zone=ZONE)
    )
    assert "2 წთ 5 წმ" in georgian and "მიმდინარეობს" in georgian


def test_long_channel_lists_are_split_into_valid_messages() -> None:
    subscriptions = [
        Subscription(
            -1_000_000_000_000 - n,
            "channel",
            "<Title> & " + "x" * 120,
            None,
            None,
            n % 2 == 0,
            0,
            0,
            None,
            None if n % 2 == 0 else "bot removed",
        )
        for n in range(100)
    ]
    messages = channel_list_messages(subscriptions, total=150, translator=TRANSLATOR, language="en")
    assert len(messages) > 1
    texts = [parse_html(message)[0] for message in messages]
    assert all(len(text) <= MessageLimit.MAX_TEXT_LENGTH for text in texts)
    joined = "\n".join(texts)
    assert joined.count("<Title> & ") == 100 and "…and 50 more." in joined


def test_channel_lists_and_approval_requests_name_who_added_each_chat() -> None:
    waiting = Subscription(
        -1001, "channel", "Wire", "wire", None, False, 0, 0, 7, "pending", "<Olga & co>"
    )
    unnamed = Subscription(-4001, "group", "Club", None, None, True, 0, 0, 8, None)
    legacy = Subscription(-4002, "group", "Old", None, None, True, 0, 0, None, None)
    [listing] = channel_list_messages(
        [waiting, unnamed, legacy], total=3, translator=TRANSLATOR, language="en"
    )
    text, _ = parse_html(listing)
    assert text.splitlines()[1:] == [
        "⏳ Wire (channel) · @wire · waiting for approval · added by <Olga & co>",
        "✅ Club (group) · -4001 · added by 8",
        "✅ Old (group) · -4002",
    ]
    assert '<a href="tg://user?id=7">&lt;Olga &amp; co&gt;</a>' in listing
    request = review_request_text(waiting, translator=TRANSLATOR, language="en")
    assert parse_html(request)[0].startswith("🆕 <Olga & co> added the channel Wire (@wire).")
