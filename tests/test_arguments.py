from hypothesis import given
from hypothesis import strategies as st

from bot.news.arguments import (
    Count,
    Invalid,
    Missing,
    parse_article_id,
    parse_chat_reference,
    parse_latest_count,
)


def test_article_id_accepts_positive_integers_only() -> None:
    assert parse_article_id(["12"]) == 12
    assert parse_article_id(["#7"]) == 7
    assert parse_article_id([]) == Missing()
    for bad in ("abc", "-1", "0", "1.5", "99999999999999999999", "١٢", "12abc"):
        assert parse_article_id([bad]) == Invalid(bad), bad


def test_latest_count_defaults_clamps_and_refuses() -> None:
    assert parse_latest_count([]) == Count(5)
    assert parse_latest_count(["20"]) == Count(20)
    assert parse_latest_count(["100000"]) == Count(20, clamped=True)
    assert parse_latest_count(["9" * 400]) == Count(20, clamped=True)
    for bad in ("xyz", "-3", "0", "2.5"):
        assert parse_latest_count([bad]) == Invalid(bad)


@given(st.text())
def test_article_id_parser_never_raises(text: str) -> None:
    result = parse_article_id([text])
    assert isinstance(result, (int, Invalid))


def test_chat_reference_accepts_usernames_links_and_ids() -> None:
    assert parse_chat_reference([]) == Missing()
    assert parse_chat_reference(["@news_desk"]) == "@news_desk"
    assert parse_chat_reference(["news_desk"]) == "@news_desk"
    assert parse_chat_reference(["https://t.me/news_desk"]) == "@news_desk"
    assert parse_chat_reference(["t.me/news_desk/"]) == "@news_desk"
    assert parse_chat_reference(["-1001234567890"]) == -1001234567890
    assert parse_chat_reference(["-42"]) == -42
    for bad in ("@", "@1abc", "@ab", "hello!", "0", "-99999999999999999999", "@a b", "١٢"):
        assert parse_chat_reference(bad.split(" ")) == Invalid(bad), bad


@given(st.lists(st.text(), max_size=3))
def test_chat_reference_parser_never_raises(arguments: list[str]) -> None:
    result = parse_chat_reference(arguments)
    assert isinstance(result, (int, str, Invalid, Missing))
