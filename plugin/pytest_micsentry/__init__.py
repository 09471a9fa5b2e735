"""pytest-micsentry: put the browser's microphone into every state a caller can be in.

A pytest plugin on top of pytest-playwright (entry point ``pytest11``: ``micsentry``)::

    def test_banner_when_denied(page, mic):
        mic.deny()
        page.goto("http://localhost:8000/")
        expect_banner(page, "precall", "browser-denied")

See docs/test-your-app.md in the micsentry repository.
"""

from pytest_micsentry.microphone import MODES, Microphone
from pytest_micsentry.expect import expect_banner, get_user_media_error, permission_state

__all__ = ["MODES", "Microphone", "expect_banner", "get_user_media_error", "permission_state"]
