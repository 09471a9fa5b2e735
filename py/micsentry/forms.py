"""What a user typed into micsentry's own forms, checked before anything is sent. Pure.

    >>> join_problem("", "29228d3e-040e-4656-a70e-890ab4e173e5")
    'Paste an ACS user access token.'
"""

_HEX = "0123456789abcdefABCDEF"


def is_guid(text):
    """8-4-4-4-12 hex digits. (MicroPython's ``re`` has no counted repetition, hence no regex.)"""
    parts = text.split("-")
    if [len(part) for part in parts] != [8, 4, 4, 4, 12]:
        return False
    return all(char in _HEX for part in parts for char in part)


def join_problem(token, group_id):
    """Why a test call cannot be joined with these values (text for the user), or None."""
    token = (token or "").strip()
    group_id = (group_id or "").strip()
    if not token:
        return "Paste an ACS user access token."
    if token.count(".") != 2:
        return "That does not look like an ACS access token (three parts separated by dots)."
    if not group_id:
        return "Paste the group id of the call."
    if not is_guid(group_id):
        return "A group id is a GUID, like 29228d3e-040e-4656-a70e-890ab4e173e5."
    return None
