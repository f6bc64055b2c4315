"""An aiohttp transport for python-telegram-bot, for traffic where httpx is the bottleneck.

PTB sends every Bot API call through a `BaseRequest`; its default, httpx, spends most of its CPU
in connection-pool bookkeeping once dozens of requests are in flight (encode/httpx issue 3215), so
a broadcast at hundreds of messages per second stalls on the client. aiohttp keeps up. Status
codes and Telegram's error payloads are still turned into exceptions by PTB's own
`BaseRequest.post`, and transport failures map to the same `TimedOut` / `NetworkError` that
PTB's httpx transport raises, so handlers and the delivery engine behave identically on both.
"""

from __future__ import annotations

from typing import Final

import aiohttp
from telegram._utils.types import ODVInput  # PTB's own annotation of do_request's timeouts
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

DEFAULT_POOL_SIZE: Final = 256


class AiohttpRequest(BaseRequest):
    """`BaseRequest` over an aiohttp session with a bounded connection pool."""

    def __init__(
        self,
        *,
        connection_pool_size: int = DEFAULT_POOL_SIZE,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (it must be created inside the running event loop)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make one HTTP request; transport failures become PTB's TimedOut / NetworkError."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = _given(read_timeout, self._read_timeout)
        write = _given(write_timeout, self._write_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        # aiohttp's `connect` covers waiting for a pooled connection plus connecting; it has no
        # separate write timeout, so sending the body counts against the read timeout's socket.
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=None if read is None or write is None else max(read, write),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def _given(value: ODVInput[float], default: float | None) -> float | None:
    # PTB passes its DEFAULT_NONE sentinel when the caller gave no timeout.
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value  # type: ignore[return-value]


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """The same wire format as PTB's httpx transport: a form, multipart when files are sent."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, upload in files.items():
        file_name, content, *rest = upload
        form.add_field(name, content, filename=file_name, content_type=rest[0] if rest else None)
    return form
