import pytest

from bot.views import callbacks


def test_payloads_round_trip_and_fit_in_64_bytes() -> None:
    biggest = 2**63 - 1
    assert callbacks.parse_read(callbacks.read(biggest)) == biggest
    assert callbacks.parse_older(callbacks.older(biggest, 20)) == callbacks.OlderHeadlines(
        biggest, 20
    )
    assert callbacks.parse_language(callbacks.language("ka")) == "ka"
    assert callbacks.parse_post(callbacks.post("publish")) == "publish"
    assert callbacks.parse_subscription(callbacks.subscription("on")) == "on"
    assert callbacks.parse_subscription(callbacks.subscription("off")) == "off"
    assert len(callbacks.older(biggest, 20).encode()) <= 64


@pytest.mark.parametrize(
    "data",
    [
        "",
        "r:",
        "r:abc",
        "r:-1",
        "r:1 ",
        "l:1",
        "l:1:999",
        "lang:fr",
        "post:x",
        "sub:",
        "sub:onn",
        "x" * 64,
    ],
)
def test_forged_payloads_are_not_recognised(data: str) -> None:
    assert callbacks.parse_read(data) is None
    assert callbacks.parse_older(data) is None
    assert callbacks.parse_language(data) is None
    assert callbacks.parse_post(data) is None
    assert callbacks.parse_subscription(data) is None
