"""The local Bot API server in its own process, and a small client for its control API."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

TOKEN = "123456:BENCHMARK-TOKEN"
BOT_USERNAME = "newsbot_bench_bot"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ServerProcess:
    """A running `python -m local_bot_api` and its control API."""

    port: int
    process: asyncio.subprocess.Process
    session: aiohttp.ClientSession

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    async def control(self, operation: str, **arguments: Any) -> Any:
        """POST a control operation and return its result."""
        async with self.session.post(
            f"{self.url}/_control/{operation}",
            json=arguments,
            timeout=aiohttp.ClientTimeout(total=None),
        ) as response:
            body = await response.json()
        if not body.get("ok"):
            raise RuntimeError(f"control {operation} failed: {body}")
        return body["result"]

    async def read(self, collection: str, **query: Any) -> Any:
        """GET a control collection."""
        async with self.session.get(
            f"{self.url}/_control/{collection}", params={k: str(v) for k, v in query.items()}
        ) as response:
            body = await response.json()
        if not body.get("ok"):
            raise RuntimeError(f"control {collection} failed: {body}")
        return body["result"]

    async def send_stats(self) -> dict[str, Any]:
        """Counters of accepted sends, statuses and the per-second profile."""
        return dict(await self.read("send_stats", per_chat="false"))

    async def counters(self) -> dict[str, Any]:
        """Request, message and update counters."""
        return dict(await self.read("stats"))

    async def wait_for_sends(self, count: int, within: float) -> None:
        """Return once the server has accepted `count` sends in total."""
        await self.control("wait_for_sends", count=count, timeout=within)


@asynccontextmanager
async def local_server(
    *,
    latency: float = 0.0,
    flood: bool = False,
    lean: bool = True,
    per_chat: bool = False,
    http_webhooks: bool = False,
) -> AsyncIterator[ServerProcess]:
    """Start the server process; stop it (by its PID) when the block ends."""
    port = free_port()
    arguments = [
        "-m",
        "local_bot_api",
        "--port",
        str(port),
        "--token",
        TOKEN,
        "--bot-username",
        BOT_USERNAME,
        "--latency",
        str(latency),
        "--auto-chats",
    ]
    if flood:
        arguments.append("--flood")
    if lean:
        arguments.append("--lean")
    if per_chat:
        arguments.append("--count-per-chat")
    if http_webhooks:
        arguments.append("--http-webhooks")
    process = await asyncio.create_subprocess_exec(
        sys.executable, *arguments, stdout=asyncio.subprocess.DEVNULL
    )
    session = aiohttp.ClientSession()
    server = ServerProcess(port, process, session)
    try:
        async with asyncio.timeout(20):
            while True:
                try:
                    await server.read("config")
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
        yield server
    finally:
        await session.close()
        await stop_process(process)


async def stop_process(process: asyncio.subprocess.Process) -> None:
    """Stop a process this benchmark started: SIGTERM, then SIGKILL after 15 s."""
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            await process.wait()
