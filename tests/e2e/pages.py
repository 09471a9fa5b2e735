"""Helpers for opening micsentry's pages in end-to-end tests."""

VERDICT = '[data-micsentry]:is([data-state="ok"], [data-state="warning"], [data-state="error"])'
# Pyodide's cold start is ~3 s here; the ACS SDK's DeviceManager alone takes ~7 s offline.
VERDICT_TIMEOUT_MS = 60000


def check_url(site_url, runtime, path="", **params):
    query = "&".join(["runtime=" + runtime] + ["%s=%s" % (k, v) for k, v in sorted(params.items())])
    return site_url + path + "?" + query


def wait_for_verdict(page_or_frame):
    page_or_frame.wait_for_selector(VERDICT, state="attached", timeout=VERDICT_TIMEOUT_MS)
    return page_or_frame.locator("[data-micsentry]")
