"""What a user typed into micsentry's own forms, checked before anything is sent. Pure.

    >>> join_problem("", "29228d3e-040e-4656-a70e-890ab4e173e5")
    'join-no-token'
"""

_HEX = "0123456789abcdefABCDEF"


def is_guid(text):
    """8-4-4-4-12 hex digits. (MicroPython's ``re`` has no counted repetition, hence no regex.)"""
    parts = text.split("-")
    if [len(part) for part in parts] != [8, 4, 4, 4, 12]:
        return False
    return all(char in _HEX for part in parts for char in part)


def join_problem(token, group_id):
    """Why a test call cannot be joined with these values (a message id of ``messages``), or None."""
    token = token.strip() if isinstance(token, str) else ""
    group_id = group_id.strip() if isinstance(group_id, str) else ""
    if not token:
        return "join-no-token"
    if token.count(".") != 2:
        return "join-bad-token"
    if not group_id:
        return "join-no-group"
    if not is_guid(group_id):
        return "join-bad-group"
    return None
