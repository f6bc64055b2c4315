"""Running one CPU-bound job in a worker process that is killed at a deadline.

An upload is untrusted input: parsing it may take far longer than it should (or memory). On the
event loop that would stall every reader; in a thread it would still hold the GIL the loop needs,
and a thread cannot be stopped. A process can be killed, so each job gets its own, awaited
without blocking the loop, and killed once its deadline has passed.

Processes come from a fork server: forking the bot itself would copy the locks its other threads
hold mid-use, and spawning a fresh interpreter costs a few hundred milliseconds of imports per
job. The fork server is a clean single-threaded process that imports the job's module once (at
the first job), then forks a process per job in milliseconds.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import traceback
from collections.abc import Callable
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from typing import Any, Final, TypeVar

Argument = TypeVar("Argument")
Result = TypeVar("Result")

_CONTEXT: Final = multiprocessing.get_context("forkserver")


class JobRefused(Exception):
    """The job was stopped before it finished: too slow or too large to be worth finishing."""


class JobTimedOut(JobRefused):
    """The job was still running at its deadline, and was killed."""


class JobOutOfMemory(JobRefused):
    """The job needed more memory than it was allowed."""


class JobFailed(RuntimeError):
    """The job raised an unexpected exception, or its process died; the message says which."""


def _run(
    connection: Connection, function: Callable[[Any], Any], argument: Any, memory: int
) -> None:
    """The worker process: run the job under a memory limit and send back what came of it."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    outcome: tuple[str, Any]
    try:
        outcome = ("value", function(argument))
    except MemoryError:
        outcome = ("memory", None)
    except Exception:
        outcome = ("error", traceback.format_exc())
    connection.send(outcome)
    connection.close()


async def run_bounded(
    function: Callable[[Argument], Result], argument: Argument, *, deadline: float, memory: int
) -> Result:
    """function(argument) in a worker process: its result, or JobTimedOut, JobOutOfMemory or
    JobFailed. function must be a module-level function (the worker imports it by name)."""
    # Only the first job starts the fork server: it then imports function's module once for all.
    _CONTEXT.set_forkserver_preload([function.__module__])
    await asyncio.to_thread(forkserver.ensure_running)
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_run, args=(sender, function, argument, memory), name="newsbot-job", daemon=True
    )
    process.start()  # a request to the running fork server: milliseconds
    sender.close()  # the worker holds the only sending end now: its death reads as EOF
    try:
        if not await asyncio.to_thread(receiver.poll, deadline):
            raise JobTimedOut(f"still running after {deadline} s")
        try:
            kind, value = await asyncio.to_thread(receiver.recv)
        except EOFError:
            raise JobFailed("the worker process died without an answer") from None
    finally:
        if process.is_alive():
            process.kill()
        await asyncio.to_thread(process.join)
        process.close()
        receiver.close()
    if kind == "memory":
        raise JobOutOfMemory(f"over {memory} bytes")
    if kind == "error":
        raise JobFailed(f"the job raised:\n{value}")
    result: Result = value
    return result
