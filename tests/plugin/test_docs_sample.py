"""The pytest examples of the docs (docs/test-your-app.md) and of the README run as a user would run
them: the file as it is on the page, in a fresh pytest process that loads the plugin from its entry
point, against a calling page served where the example points (``http://localhost:3000/``, moved to a
free port)."""

import socket

import pytest

from micsentry_site.docs_samples import sample
from test_plugin import CALLING_APP, SYSTEM_CHROMIUM, serving_conftest

APP = '"http://localhost:3000/"'


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("page", ["test-your-app.md", "../README.md"])
def test_the_pytest_example_runs(pytester, page):
    code = sample(page, "pytest")
    assert APP in code, "the sample names its app %s" % APP
    port = free_port()
    # The app served on the sample's port for the whole session, as the user's own app would be.
    pytester.makeconftest(serving_conftest({"*": CALLING_APP}, port=port, autouse=True) + SYSTEM_CHROMIUM)
    pytester.makepyfile(test_my_app=code.replace(APP, '"http://localhost:%d/"' % port))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=code.count("\ndef test_"))
