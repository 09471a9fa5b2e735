"""Helpers for apps built on the Azure Communication Services Calling SDK.

The SDK fetches its remote configuration (ECS) from Azure when it starts; offline it retries for
about seven seconds and logs console errors. ``answer_ecs_config`` answers those requests inside the
browser with an empty, valid configuration, so the SDK starts at once and nothing leaves the machine.
"""

ECS_HOST = "ecs.communication.microsoft.com"

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
