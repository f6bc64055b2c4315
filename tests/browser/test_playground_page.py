"""The playground's page in a real headless browser: Debian's chromium driven by Playwright.

One playground (`python -m bot playground --port 0`, a subprocess stopped by its PID) and one
browser serve the whole module; each test opens a fresh page, which starts from the `state` event.
Everything is done from the page, as a person would, and waited for with Playwright's bounded
auto-waiting (no sleeps). Without /usr/bin/chromium the tests skip, unless
NEWSBOT_BROWSER_TESTS=required (set by .ci/run), where a missing browser fails them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Without Playwright the `browser` fixture skips the tests (or fails them in CI), saying why.
with contextlib.suppress(ImportError):
    from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 60.0  # seconds for the playground to print its address (2 shared cores)
STOP_TIMEOUT = 15.0
STEP = 10_000  # ms: one reply from the bot, through the page
ALERT = 30_000  # ms: a delivery round (PUSH_INTERVAL is 10 s in the playground) plus pacing
SCREENSHOTS = Path(tempfile.gettempdir())

if sys.platform != "linux":  # pragma: no cover - the playground's CI and developers are on Linux
    pytest.skip("browser tests run on Linux", allow_module_level=True)


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return 'Playwright is not installed (pip install -e ".[test]")'
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


def _locale_value(language: str, key: str) -> str:
    """A one-line message from the bot's catalog, tags removed (the page shows text)."""
    catalog = (ROOT / "bot" / "views" / "locales" / f"{language}.ftl").read_text("utf-8")
    match = re.search(rf"^{re.escape(key)} = (.+)$", catalog, re.MULTILINE)
    assert match, key
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# --------------------------------------------------------------------------------------------
# The playground process


class Playground:
    """A running `python -m bot playground --port 0` and its address."""

    def __init__(self, workdir: Path) -> None:
        env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSBOT_")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        env.pop("DATABASE_PATH", None)  # a temporary database, removed on exit
        self.log = (workdir / "playground.log").open("w", encoding="utf-8")
        # The working directory is empty so that no .env of the developer is picked up.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "playground", "--port", "0", "--no-demo"],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._drain, daemon=True).start()
        self.address = self._wait_for_address()

    def _drain(self) -> None:
        """Reads stdout to its end, so a chatty playground never blocks on a full pipe."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def _wait_for_address(self) -> str:
        """The address line (the last one printed on start), within START_TIMEOUT."""
        while True:
            try:
                line = self.lines.get(timeout=START_TIMEOUT)
            except queue.Empty:
                self.stop()
                raise AssertionError("the playground printed no address in time") from None
            if line is None:
                self.stop()
                raise AssertionError(f"the playground exited: see {self.log.name}")
            if re.fullmatch(r"http://127\.0\.0\.1:\d+", line):
                return line

    def api(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """Calls the playground's HTTP API (for set-up the page need not show)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.address}/api/{path}", data=data, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            reply = json.load(response)
        assert reply["ok"], reply
        return reply["result"]

    def stop(self) -> None:
        """SIGTERM by PID, then SIGKILL if it does not stop in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        self.log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless; skips (or fails where required) when it is missing."""
    missing = _missing_browser()
    if missing:
        if os.environ.get("NEWSBOT_BROWSER_TESTS") == "required":
            pytest.fail(f"browser tests are required here, but {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def playground(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Playground]:
    running = Playground(tmp_path_factory.mktemp("playground"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def page(browser: Any, playground: Playground) -> Iterator[Any]:
    """A fresh page on the playground, its first `state` applied; fails on any script error."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(STEP)  # every click and fill bounded, not Playwright's 30 s
    opened = context.new_page()
    errors: list[str] = []

    def native_dialog(dialog: Any) -> None:
        # The page never calls alert(): one is a script injected through message text.
        errors.append(f"native dialog: {dialog.message}")
        dialog.dismiss()

    def console_error(message: Any) -> None:
        # The page catches what its event handlers throw and logs it: an error all the same.
        if message.type == "error":
            errors.append(f"console: {message.text}")

    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", console_error)
    opened.on("dialog", native_dialog)
    opened.goto(playground.address)
    expect(opened.locator('[data-testid^="chat-"]').first).to_be_visible(timeout=STEP)
    yield opened
    context.close()
    assert not errors, errors


# --------------------------------------------------------------------------------------------
# Acting through the page


def persona_id(playground: Playground, key: str) -> int:
    state = playground.api("state")
    return int(next(p["user_id"] for p in state["personas"] if p["key"] == key))


def chat_of_type(playground: Playground, kind: str) -> int:
    return int(next(c["id"] for c in playground.api("state")["chats"] if c["type"] == kind))


def act_as(page: Any, persona: str, language: str | None = None) -> None:
    page.get_by_test_id(f"persona-{persona}").click()
    if language:
        page.get_by_test_id(f"language-{language}").click()
        expect(page.get_by_test_id(f"language-{language}")).to_have_class(re.compile("active"))


def open_chat(page: Any, chat_id: int) -> None:
    page.get_by_test_id(f"chat-{chat_id}").click()


def send(page: Any, text: str) -> None:
    """Puts the text into the composer and sends it with Enter."""
    composer = page.get_by_test_id("composer")
    composer.fill(text)
    composer.press("Enter")


def messages(page: Any, chat_id: int, text: str | re.Pattern[str]) -> Any:
    """The bubbles of a chat holding that text."""
    return page.locator(f'[data-testid^="message-{chat_id}-"]', has_text=text)


def bot_replies(page: Any, chat_id: int, text: str | re.Pattern[str]) -> Any:
    """The bubbles of a chat holding that text, written by someone else than the persona."""
    return page.locator(f'.theirs[data-testid^="message-{chat_id}-"]', has_text=text)


PUBLISHED = re.compile(r"article (\d+)")


def post_article(page: Any, chat_id: int, headline: str, body: str, photo: bytes = b"") -> int:
    """Publishes through the editor's composer (one-shot /post; with a photo, as its caption);
    returns the article's id."""
    replies = messages(page, chat_id, PUBLISHED)
    before = replies.count()
    composer = page.get_by_test_id("composer")
    composer.fill(f"/post {headline}")
    composer.press("Shift+Enter")  # a new line, not a send
    composer.press_sequentially(body)
    if photo:  # the composer's text becomes the caption
        attachment = {"name": "lead.png", "mimeType": "image/png", "buffer": photo}
        page.set_input_files("#attach", files=[attachment])
    else:
        composer.press("Enter")
    expect(replies).to_have_count(before + 1, timeout=STEP)
    match = PUBLISHED.search(replies.last.inner_text())
    assert match
    return int(match.group(1))


# --------------------------------------------------------------------------------------------
# The tests


def test_a_desk_day_from_post_to_correction(page: Any, playground: Playground) -> None:
    """Post, read in Georgian, page back, subscribe the channel, get the alert, correct it."""
    editor = persona_id(playground, "editor")
    reader = persona_id(playground, "reader")
    channel = chat_of_type(playground, "channel")
    # /latest pages in fives: five older articles first, quickly, through the same API.
    for number in range(1, 6):
        playground.api(
            "send",
            {"persona": "editor", "chat_id": editor, "text": f"/post Archive {number}\nOld."},
        )

    act_as(page, "editor")
    open_chat(page, editor)
    expect(messages(page, editor, PUBLISHED)).to_have_count(5, timeout=STEP)
    article = post_article(page, editor, "Playground opens", "A newsroom in a browser.")
    page.screenshot(path=str(SCREENSHOTS / "playground-editor.png"))

    act_as(page, "reader", "ka")
    open_chat(page, reader)
    send(page, f"/read {article}")
    expect(bot_replies(page, reader, "A newsroom in a browser.")).to_be_visible(timeout=STEP)
    send(page, "/latest")
    latest = messages(page, reader, _locale_value("ka", "latest-title")).last
    expect(latest).to_contain_text("Playground opens", timeout=STEP)
    latest.locator(".key", has_text=_locale_value("ka", "button-older")).click()
    expect(latest).to_have_attribute("data-edited", "1", timeout=STEP)
    expect(latest).to_contain_text("Archive 1")
    expect(latest).not_to_contain_text("Playground opens")
    page.screenshot(path=str(SCREENSHOTS / "playground-reader-ka.png"))

    act_as(page, "editor")
    open_chat(page, editor)
    send(page, "/addchannel @newsbot_demo")
    expect(bot_replies(page, editor, "newsbot_demo")).to_have_count(1, timeout=STEP)
    # The channel gets headlines published from now on.
    fresh = post_article(page, editor, "Channel premiere", "Alerts reach the channel.")
    open_chat(page, channel)
    alert = messages(page, channel, "Channel premiere")
    expect(alert).to_have_count(1, timeout=ALERT)
    open_chat(page, editor)
    send(page, f"/edit {fresh}\nChannel premiere, corrected")
    open_chat(page, channel)
    expect(alert).to_have_attribute("data-edited", "1", timeout=ALERT)
    expect(alert).to_contain_text("Channel premiere, corrected")
    page.screenshot(path=str(SCREENSHOTS / "playground-channel.png"))
    # The post's button is a t.me deep link to the bot: it opens the article in the private chat.
    alert.get_by_test_id("button-0-0").click()
    expect(page.get_by_test_id(f"chat-{editor}")).to_have_class(re.compile("active"))
    expect(messages(page, editor, "/start read_")).to_have_count(1, timeout=STEP)
    reply = bot_replies(page, editor, "reach the channel")
    expect(reply).to_contain_text("Channel premiere, corrected", timeout=STEP)


def test_photos_and_forum_topics(page: Any, playground: Playground) -> None:
    """A photo posted from the page comes back from /read as an image; a forum's topics filter."""
    editor = persona_id(playground, "editor")
    forum = next(c for c in playground.api("state")["chats"] if c["is_forum"])
    act_as(page, "editor")
    open_chat(page, editor)
    article = post_article(page, editor, "Photo story", "With a lead photo.", photo=_png())
    send(page, f"/read {article}")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#messages .theirs img.photo')]"
        ".some((img) => img.complete && img.naturalWidth === 64)",
        timeout=STEP,
    )

    open_chat(page, forum["id"])
    topic = forum["topics"][0]["thread_id"]
    page.get_by_test_id(f"topic-{topic}").click()
    send(page, "/latest")
    answer = bot_replies(page, forum["id"], "Photo story")
    expect(answer).to_have_count(1, timeout=STEP)
    page.get_by_test_id("topic-general").click()
    expect(answer).to_have_count(0)
    page.get_by_test_id(f"topic-{topic}").click()
    expect(answer).to_have_count(1)


def _png() -> bytes:
    """A small PNG made here (64x40), so no image file needs to be shipped."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), (200, 60, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def test_message_text_is_shown_as_text_never_as_html(page: Any, playground: Playground) -> None:
    editor = persona_id(playground, "editor")
    open_chat(page, editor)
    hostile = "<img src=x onerror=alert(1)>"
    send(page, hostile)
    bubble = messages(page, editor, hostile)
    expect(bubble.first).to_be_visible(timeout=STEP)
    expect(page.locator('#messages img[src="x"]')).to_have_count(0)


def test_entities_render_nested_with_hidden_spoilers(page: Any, playground: Playground) -> None:
    """A draft whose text is an .html file: its preview shows bold around a link, a spoiler."""
    editor = persona_id(playground, "editor")
    act_as(page, "editor", "en")
    open_chat(page, editor)
    send(page, "/post")
    send(page, "Formatting on show")
    html = (
        '<b>Bold <a href="https://example.org/x">linked</a></b> and <tg-spoiler>secret</tg-spoiler>'
    )
    page.set_input_files(
        "#attach", files=[{"name": "story.html", "mimeType": "text/html", "buffer": html.encode()}]
    )
    expect(messages(page, editor, "story.html")).to_have_count(1, timeout=STEP)
    send(page, "/done")
    preview = messages(page, editor, "Formatting on show").filter(has=page.locator(".spoiler")).last
    expect(preview).to_be_visible(timeout=STEP)
    expect(preview.locator("b a", has_text="linked")).to_have_count(1)
    spoiler = preview.locator(".spoiler", has_text="secret")
    expect(spoiler).not_to_have_class(re.compile("revealed"))
    spoiler.click()
    expect(spoiler).to_have_class(re.compile("revealed"))
    preview.locator("b a", has_text="linked").click()  # no internet: the address is only shown
    expect(page.get_by_test_id("dialog")).to_contain_text("https://example.org/x")
    page.get_by_test_id("dialog").get_by_role("button").click()
    send(page, "/cancel")


def test_blocked_reader_shows_403_in_the_calls_log(page: Any, playground: Playground) -> None:
    reader = persona_id(playground, "reader")
    act_as(page, "reader")
    open_chat(page, reader)
    page.get_by_test_id("block-bot").click()
    expect(page.get_by_test_id("block-bot")).to_have_text("Unblock the bot", timeout=STEP)
    send(page, "/help")
    calls = page.get_by_test_id("calls-log")
    expect(calls.locator('[data-status="403"]').first).to_be_visible(timeout=STEP)
    expect(calls.locator('[data-status="403"]').first).to_have_class(re.compile("s403"))
    page.screenshot(path=str(SCREENSHOTS / "playground-blocked.png"))
    page.get_by_test_id("block-bot").click()
    expect(page.get_by_test_id("block-bot")).to_have_text("Block the bot", timeout=STEP)


def test_rate_chart_receives_the_sends(page: Any, playground: Playground) -> None:
    editor = persona_id(playground, "editor")
    act_as(page, "editor")
    open_chat(page, editor)
    send(page, "/help")
    chart = page.get_by_test_id("rate-chart")
    expect(chart).to_have_attribute("data-samples", re.compile(r"^[1-9]\d*$"), timeout=STEP)


def test_knobs_reach_the_server(page: Any, playground: Playground) -> None:
    for value in ("20", "0"):  # back to none: later sends are not slowed down
        with page.expect_response("**/api/knobs", timeout=STEP):
            page.get_by_test_id("knob-latency").fill(value)
            page.get_by_test_id("knob-latency").press("Enter")
        assert playground.api("state")["knobs"]["latency_ms"] == int(value)


def test_command_menu_is_the_personas_own(page: Any, playground: Playground) -> None:
    """Typing "/" lists the commands Telegram would show that persona in that chat; Tab picks."""
    act_as(page, "editor")
    open_chat(page, persona_id(playground, "editor"))
    composer = page.get_by_test_id("composer")
    composer.fill("/ed")
    expect(page.get_by_test_id("command-edit")).to_be_visible()
    composer.press("Tab")
    expect(composer).to_have_value("/edit ")
    act_as(page, "reader")
    open_chat(page, persona_id(playground, "reader"))
    composer.fill("/")
    expect(page.get_by_test_id("command-latest")).to_be_visible()
    expect(page.get_by_test_id("command-edit")).to_have_count(0)


def test_inline_sharing_from_the_composer(page: Any, playground: Playground) -> None:
    """Nino types `@bot word` in the group, picks the article; her message via the bot carries
    the deep link, which opens the article in her private chat."""
    editor = persona_id(playground, "editor")
    reader = persona_id(playground, "reader")
    group = next(c["id"] for c in playground.api("state")["chats"] if c["title"] == "Newsroom")
    act_as(page, "editor")
    open_chat(page, editor)
    article = post_article(page, editor, "Saperavi vintage", "The rkatsiteli waits.")

    act_as(page, "reader")
    open_chat(page, group)
    page.get_by_test_id("composer").fill("@newsbot_playground_bot saperavi")
    results = page.get_by_test_id("inline-results")
    result = results.get_by_test_id(f"inline-result-{article}")
    expect(result).to_contain_text("Saperavi vintage")
    result.click()
    expect(results).to_be_hidden()
    expect(page.get_by_test_id("composer")).to_have_value("")
    shared = messages(page, group, "Saperavi vintage")
    expect(shared).to_have_count(1)
    expect(shared).to_have_class(re.compile("own"))
    expect(shared).to_contain_text("via @newsbot_playground_bot")
    button = shared.get_by_test_id("button-0-0")
    expect(button).to_have_class(re.compile("url"))
    button.click()  # the deep link: the article opens in Nino's private chat
    expect(page.get_by_test_id(f"chat-{reader}")).to_have_class(re.compile("active"))
    expect(messages(page, reader, f"/start read_{article}")).to_have_count(1)
    expect(bot_replies(page, reader, "The rkatsiteli waits.")).to_be_visible()
    # Escape closes the list; so does clearing the text.
    composer = page.get_by_test_id("composer")
    composer.fill("@newsbot_playground_bot saperavi")
    expect(results).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "playground-inline.png"))
    composer.press("Escape")
    expect(results).to_be_hidden()
