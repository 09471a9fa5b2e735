"""The site runs under its strict Content-Security-Policy on both runtimes: the check page, the page
through the ACS SDK, embed.html in a cross-origin frame; the browser reports no violation."""

from playwright.sync_api import expect

from micsentry.host import serve
from pages import check_url, wait_for_verdict
from pytest_micsentry.origins import cross_origin_frame

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


def test_the_page_sends_the_policy_and_breaks_none_of_it(page, context, mic, site_url, runtime):
    mic.grant()
    context.add_init_script(script=VIOLATIONS)
    response = page.goto(check_url(site_url, runtime))
    policy = response.headers["content-security-policy"]
    assert policy == serve.content_security_policy()
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    expect(wait_for_verdict(page)).to_have_attribute("data-state", "ok")
    page.click("[data-micsentry-action=copy]")  # the tools too
    expect(page.locator("[data-micsentry-tools-status]")).not_to_be_empty()
    assert page.evaluate("window.__violations") == []


def test_through_the_acs_sdk(page, context, mic, site_url, runtime):
    from pytest_micsentry.acs import answer_ecs_config

    mic.grant()
    answer_ecs_config(context)
    context.add_init_script(script=VIOLATIONS)
    page.goto(check_url(site_url, runtime, sdk="acs"))
    expect(wait_for_verdict(page)).to_have_attribute("data-state", "ok")
    assert page.evaluate("window.__violations") == []


def test_embed_html_in_a_frame(page, context, mic, site_url, runtime):
    mic.grant()
    context.add_init_script(script=VIOLATIONS)
    frame = cross_origin_frame(page, check_url(site_url, runtime, "embed.html"), allow="microphone")
    expect(wait_for_verdict(frame)).to_have_attribute("data-state", "ok")
    assert frame.evaluate("window.__violations") == []


def test_the_widget_under_a_strict_host_page_policy(page, context, mic, site_url, runtime):
    """A calling app with its own strict policy that names the micsentry host, as docs/reference/csp.md says."""
    from pytest_micsentry.origins import host_page

    mic.grant()
    site = site_url.rstrip("/")
    policy = ("default-src 'self'; script-src 'self' %s 'wasm-unsafe-eval'; style-src 'self' %s; connect-src 'self' %s; "
              "img-src data:; object-src 'none'; base-uri 'none'" % (site, site, site))
    url = host_page("<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'>"
                    "<title>Strict app</title><script type=module src='%smicsentry.js'></script></head>"
                    "<body><mic-sentry id=w runtime='%s'></mic-sentry></body></html>" % (site_url, runtime),
                    headers={"Content-Security-Policy": policy})
    context.add_init_script(script=VIOLATIONS)
    page.goto(url)
    from pages import wait_until
    wait_until(page, "document.getElementById('w').state?.precall === 'ok'", timeout=60000)
    assert page.evaluate("window.__violations") == []
