"""The long-polling transport, watched: when getUpdates last got an answer, and what failed since.

PTB's updater retries failed polls forever and reports timeouts to nobody, so whether polling
still works is only visible at the transport: a healthy long poll is answered at least once per
poll timeout, even when there are no updates.
"""

from __future__ import annotations

import time
from http import HTTPStatus

from telegram._utils.types import ODVInput  # PTB's own annotation of do_request's timeouts
from telegram.request import BaseRequest, HTTPXRequest, RequestData


class WatchedPollingRequest(BaseRequest):
    """A `BaseRequest` for getUpdates that notes each answer and failure of `inner`."""

    def __init__(self, inner: BaseRequest | None = None) -> None:
        # PTB's default for getUpdates: httpx with one connection (one poll at a time).
        self._inner = inner or HTTPXRequest(connection_pool_size=1)
        self._watched_since = time.monotonic()
        self._answered_at: float | None = None
        self.last_error: str | None = None

    @property
    def read_timeout(self) -> float | None:
        """The inner transport's read timeout (PTB adds the poll timeout to it)."""
        return self._inner.read_timeout

    async def initialize(self) -> None:
        """Open the inner transport; polling is judged from now on."""
        await self._inner.initialize()
        self._watched_since = time.monotonic()

    async def shutdown(self) -> None:
        """Close the inner transport."""
        await self._inner.shutdown()

    def silent_for(self) -> float:
        """Seconds since getUpdates was last answered (since start, if it never was)."""
        return time.monotonic() - (self._answered_at or self._watched_since)

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
        """Make the request through `inner`, noting whether it was answered."""
        try:
            status, payload = await self._inner.do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except Exception as error:
            self.last_error = f"{type(error).__name__}: {error}"
            raise
        if status == HTTPStatus.OK:
            self._answered_at = time.monotonic()
        else:
            # 409 (another instance polls), 5xx, 401 (token revoked): answered, but no updates.
            self.last_error = f"HTTP {status}"
        return status, payload
