"""Text that leaves the page: a download, the clipboard."""

import js

from micsentry.browser import callbacks, ffi


def download(parent, filename, text, mime="application/json"):
    """Offer *text* as a file download (a link clicked inside *parent*)."""
    parts = js.Array.new()
    parts.push(text)
    url = js.URL.createObjectURL(js.Blob.new(parts, ffi.to_js({"type": mime})))
    link = js.document.createElement("a")
    link.href = url
    link.download = filename
    link.hidden = True
    parent.appendChild(link)
    link.click()
    link.remove()
    callbacks.later(1000, lambda: js.URL.revokeObjectURL(url))


async def copy(text):
    """Copy *text* to the clipboard; False where the browser refuses."""
    clipboard = ffi.get(js.navigator, "clipboard")
    if clipboard is None:
        return False
    try:
        await ffi.host_async(clipboard, "writeText", text)
    except Exception:
        return False
    return True
