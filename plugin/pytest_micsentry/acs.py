"""Helpers for apps built on the Azure Communication Services Calling SDK.

A real call's User Facing Diagnostics need Azure. ``add_diagnostics_double`` puts a test double of the
SDK's ``UserFacingDiagnosticsFeature`` into every page of a context, built to the SDK's ``.d.ts``
(``media`` and ``network`` with ``getLatest`` and ``on``/``off('diagnosticChanged')``), with test
controls the SDK's objects do not have::

    from pytest_micsentry.acs import add_diagnostics_double

    def test_banner_when_revoked_mid_call(page, mic):
        add_diagnostics_double(page.context)
        page.goto(app_url)
        page.evaluate("window.feature = new UfdFeatureDouble(); myApp.watch(window.feature)")
        page.evaluate("feature.raise('microphonePermissionDenied', true)")   # as the SDK would

Controls (in the page): ``feature.raise(name, value[, valueType])`` sets the latest value and tells
every listener; ``feature.media.setLatest(name, value)`` only sets it; ``feature.media.emit(payload)``
sends any payload, malformed ones included; ``feature.media.throwOn("on" | "off" | "getLatest")``;
``feature.listenerCount``. ``window.DiagnosticQuality`` is ``{Good: 1, Poor: 2, Bad: 3}``.

The SDK fetches its remote configuration (ECS) from Azure when it starts; offline it retries for
about seven seconds and logs console errors. ``answer_ecs_config`` answers those requests inside the
browser with an empty, valid configuration, so the SDK starts at once and nothing leaves the machine.
"""

import os

ECS_HOST = "ecs.communication.microsoft.com"
DIAGNOSTICS_DOUBLE = os.path.join(os.path.dirname(__file__), "ufd_feature.js")
"""The double's source file (``window.UfdFeatureDouble``), for pages built by hand."""

_HEADERS = {
    "ETag": '"pytest-micsentry"',
    "Expires": "Thu, 01 Jan 2099 00:00:00 GMT",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Expires",
}


def answer_ecs_config(context_or_page):
    """Route the SDK's configuration requests of a context (or page) to an empty configuration."""
    context_or_page.route(
        "https://%s/**" % ECS_HOST,
        lambda route: route.fulfill(status=200, content_type="application/json", body="{}", headers=_HEADERS),
    )


def diagnostics_double_source():
    """The double's JavaScript source, to inline in a page of your own."""
    with open(DIAGNOSTICS_DOUBLE, encoding="utf-8") as handle:
        return handle.read()


def add_diagnostics_double(context_or_page):
    """Define ``window.UfdFeatureDouble`` in every page of a context (or in one page) before its scripts."""
    context_or_page.add_init_script(script=diagnostics_double_source())
