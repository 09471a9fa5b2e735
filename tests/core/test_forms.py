import pytest

from micsentry.core.forms import join_problem
from micsentry.core.messages import text

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJza3lwZWlkIjoiYWNzOjEifQ.c2lnbmF0dXJl"
GROUP = "29228d3e-040e-4656-a70e-890ab4e173e5"


@pytest.mark.parametrize(
    "token,group,problem",
    [
        (TOKEN, GROUP, None),
        ("  " + TOKEN + "\n", " " + GROUP + " ", None),
        ("", GROUP, "Paste an ACS user access token."),
        ("not-a-token", GROUP, "That does not look like an ACS access token"),
        (TOKEN, "", "Paste the group id of the call."),
        (TOKEN, "my-meeting", "A group id is a GUID"),
        (None, None, "Paste an ACS user access token."),
    ],
)
def test_join_problem(token, group, problem):
    found = join_problem(token, group)
    if problem is None:
        assert found is None
    else:
        assert text(found).startswith(problem)
