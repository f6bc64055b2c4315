"""`python -m bot` reaching the Bot API at start-up: retries while it is unreachable, one clear
line when waiting cannot help, and a normal start once the server comes up."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

from local_bot_api import LocalBotApi
from tests.e2e.harness import (
    EDITOR_ID,
    READER_ID,
    TOKEN,
    ask,
    start_bot_process,
    stop_bot_process,
)

WRONG_TOKEN = "654321:WRONG-token-zyxwvutsrqponmlkjihgfedcba"
# Liveness: how long `python -m bot` may take to give up by itself (3 tries wait 2 + 4 s).
EXIT_BOUND = 60.0


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound once by us, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def exit_by_itself(process: asyncio.subprocess.Process) -> str:
    """The output of a process that must end on its own within EXIT_BOUND."""
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=EXIT_BOUND)
    except TimeoutError:
        output = await stop_bot_process(process)
        raise AssertionError(f"still running after {EXIT_BOUND} s:\n{output.decode()}") from None
    return output.decode()


def assert_token_never_shown(output: str, token: str) -> None:
    assert token not in output and token.split(":")[1] not in output


async def test_a_rejected_token_stops_at_once_with_one_line_naming_bot_token(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    process = await start_bot_process(
        api, database, tmp_path, capture_output=True, BOT_TOKEN=WRONG_TOKEN
    )
    output = await exit_by_itself(process)
    print(output)  # pytest shows it if the test fails
    assert process.returncode not in (0, None)
    lines = output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsbot: ") and "rejected the token" in lines[0]
    assert "BOT_TOKEN" in lines[0]
    assert "Traceback" not in output and "Unclosed" not in output
    assert_token_never_shown(output, WRONG_TOKEN)
    assert [r.method for r in api.requests] == ["getMe"]  # no retry: waiting cannot help
    assert not await asyncio.to_thread(database.exists)  # nothing was started


async def test_an_unreachable_server_is_retried_then_one_line_names_bot_api_base_url(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    base_url = f"http://127.0.0.1:{closed_port()}/bot"
    process = await start_bot_process(
        api, database, tmp_path, capture_output=True, BOT_API_BASE_URL=base_url, STARTUP_TRIES="3"
    )
    output = await exit_by_itself(process)
    print(output)
    assert process.returncode not in (0, None)
    lines = output.strip().splitlines()
    retries = [line for line in lines if "Bot API not reachable at" in line and "retrying" in line]
    assert len(retries) == 2, retries
    assert "(attempt 1/3)" in retries[0] and "retrying in 2 s" in retries[0]
    assert "(attempt 2/3)" in retries[1] and "retrying in 4 s" in retries[1]
    assert all(base_url in line for line in retries)
    final = lines[-1]
    assert final.startswith("newsbot: Bot API not reachable at " + base_url)
    assert "after 3 tries" in final and "BOT_API_BASE_URL" in final
    assert "Traceback" not in output and "Unclosed" not in output
    assert_token_never_shown(output, TOKEN)
    assert api.requests == []  # the running local server was never asked


async def test_a_failure_late_in_start_up_closes_what_had_started(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    # getMe of both bots succeeds, storage opens and delivery starts; then the command menu
    # cannot be published, however often it is tried. (A 500 with Telegram's JSON: on nginx's
    # HTML 502 page PTB itself logs a traceback while parsing it.)
    api.fail_next("setMyCommands", status=500, count=1000)
    process = await start_bot_process(
        api, database, tmp_path, capture_output=True, STARTUP_TRIES="2"
    )
    output = await exit_by_itself(process)
    print(output)
    assert process.returncode not in (0, None)
    assert [r.method for r in api.requests].count("getMe") == 2  # the application's, the engine's
    final = output.strip().splitlines()[-1]
    assert final.startswith("newsbot: Bot API not reachable") and "after 2 tries" in final
    assert "Traceback" not in output and "Unclosed" not in output
    assert_token_never_shown(output, TOKEN)


async def test_the_bot_starts_once_the_server_comes_up_during_the_retries(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    port = closed_port()
    process = await start_bot_process(
        api,
        database,
        tmp_path,
        capture_output=True,
        BOT_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
        BOT_API_FILE_URL=f"http://127.0.0.1:{port}/file/bot",
    )
    seen: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + EXIT_BOUND
        for _ in range(1000):  # log lines until the first retry is announced
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no retry announced:\n{''.join(seen)}"
            line = (await asyncio.wait_for(process.stdout.readline(), remaining)).decode()
            assert line, f"exited before retrying:\n{''.join(seen)}"
            seen.append(line)
            if "(attempt 1/5)" in line:
                break
        async with LocalBotApi(token=TOKEN, bot_username="newsbot_test_bot", port=port) as late:
            late.add_private_chat(READER_ID, first_name="Reader", language_code="en")
            late.add_private_chat(EDITOR_ID, first_name="Editor", language_code="en")
            [hello] = await ask(late, READER_ID, "/start", timeout=30)
            assert "Hello" in hello.text
            # Stopped while the server is still up, as a deployment would.
            output = "".join(seen) + (await stop_bot_process(process)).decode()
    finally:
        if process.returncode is None:
            print("".join(seen) + (await stop_bot_process(process)).decode())
    print(output)
    assert process.returncode == 0
    assert "newsbot started" in output
    assert "Traceback" not in output and "Unclosed" not in output
    assert_token_never_shown(output, TOKEN)


async def test_a_base_url_without_the_bot_suffix_ends_with_one_line_naming_the_setting(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    # The server answers 404 with a page that is not the Bot API's JSON (here "404: Not Found").
    base_url = api.base_url.removesuffix("bot")
    process = await start_bot_process(
        api, database, tmp_path, capture_output=True, BOT_API_BASE_URL=base_url
    )
    output = await exit_by_itself(process)
    print(output)
    assert process.returncode not in (0, None)
    lines = output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsbot: ") and "BOT_API_BASE_URL" in lines[0]
    assert "/bot" in lines[0]  # says what the setting should end with
    assert "Traceback" not in output
    assert_token_never_shown(output, TOKEN)


async def test_a_base_url_without_a_scheme_is_a_configuration_error(
    api: LocalBotApi, database: Path, tmp_path: Path
) -> None:
    process = await start_bot_process(
        api,
        database,
        tmp_path,
        capture_output=True,
        BOT_API_BASE_URL=api.base_url.split("://", 1)[1],
    )
    output = await exit_by_itself(process)
    print(output)
    assert process.returncode == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsbot: configuration error: BOT_API_BASE_URL")
    assert_token_never_shown(output, TOKEN)
    assert api.requests == []
