"""The aiohttp application of one server: its Bot API and control routes on a TCP port."""

from __future__ import annotations

from aiohttp import web

_SHUTDOWN_TIMEOUT = 2.0


async def serve(routes: list[web.RouteDef], host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve ``routes`` on host:port (0: an ephemeral one); returns the runner and the port.

    ``runner.cleanup()`` stops serving.
    """
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.add_routes(routes)
    runner = web.AppRunner(
        app, access_log=None, handle_signals=False, shutdown_timeout=_SHUTDOWN_TIMEOUT
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port, reuse_address=True)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner, int(runner.addresses[0][1])
