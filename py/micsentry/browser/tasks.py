"""Background work and the console: an event handler cannot await, and a failure must never be lost.

    tasks.spawn(fetch_devices(), on_error=lambda what: ...)
"""

import asyncio

import js


def warn(*parts):
    """One line on the console, for developers (users see banners, never the console)."""
    js.console.warn(" ".join(str(part) for part in parts))


def spawn(coroutine, on_error=None):
    """Run *coroutine* in the background. A failure goes to ``on_error(what)``, else to the console."""

    async def guarded():
        try:
            await coroutine
        except Exception as exc:
            what = type(exc).__name__ + ": " + str(exc)
            warn("micsentry:", what)
            if on_error is not None:
                on_error(what)

    return asyncio.create_task(guarded())
