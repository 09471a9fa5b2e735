"""Times in logs: milliseconds as they are, or ISO 8601 texts as a log exporter writes them. Pure.

MicroPython has no ``datetime``: the calendar arithmetic is done here (proleptic Gregorian, UTC).

    >>> milliseconds("2026-11-23T20:00:00.250Z")
    1795464000250
    >>> milliseconds("2026-11-23T21:00:00.250+01:00")
    1795464000250
    >>> milliseconds(812), milliseconds("soon")
    (812, None)
"""

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# ISO 8601 digits are ASCII: str.isdigit() is also true for "²", "٣" or "３", which int() refuses or
# reads as another number.
_DIGITS = "0123456789"


def _digits(text):
    return all(char in _DIGITS for char in text)


def milliseconds(value):
    """*value* as milliseconds: a number stays as it is; an ISO 8601 date and time
    (``YYYY-MM-DDTHH:MM[:SS[.fff]]`` with ``Z`` or ``±HH:MM``; without a zone, UTC; ASCII digits only)
    becomes milliseconds since 1970-01-01 UTC; anything else is None.

        >>> milliseconds("2026-11-23T10:00:0²Z") is None
        True
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if not isinstance(value, str):
        return None
    return _iso(value.strip())


def _number(text, start, count):
    part = text[start:start + count]
    return int(part) if len(part) == count and _digits(part) else None


def _iso(text):
    year, month, day = _number(text, 0, 4), _number(text, 5, 2), _number(text, 8, 2)
    if None in (year, month, day) or text[4:5] != "-" or text[7:8] != "-" or text[10:11] not in ("T", "t", " "):
        return None
    hour, minute = _number(text, 11, 2), _number(text, 14, 2)
    if None in (hour, minute) or text[13:14] != ":":
        return None
    rest, second, fraction = text[16:], 0, 0.0
    if rest[:1] == ":":
        second = _number(rest, 1, 2)
        if second is None:
            return None
        rest = rest[3:]
        if rest[:1] in (".", ","):
            digits = 1
            while digits < len(rest) and rest[digits] in _DIGITS:
                digits += 1
            if digits == 1:
                return None
            fraction = float("0." + rest[1:digits])
            rest = rest[digits:]
    offset = _zone(rest)
    if offset is None or not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1] or hour > 23 \
            or minute > 59 or second > 60 or (month == 2 and day == 29 and not _leap(year)):
        return None
    seconds = ((_days(year, month, day) * 24 + hour) * 60 + minute) * 60 + second - offset
    whole = seconds * 1000 + round(fraction * 1000)
    return int(whole)


def _zone(rest):
    """The zone's offset in seconds east of UTC ("" and "Z" are 0), or None when it is not a zone."""
    if rest in ("", "Z", "z"):
        return 0
    sign = {"+": 1, "-": -1}.get(rest[:1])
    hours = _number(rest, 1, 2)
    if sign is None or hours is None or hours > 23:
        return None
    tail = rest[3:]
    if tail[:1] == ":":
        tail = tail[1:]
    minutes = _number(tail, 0, 2) if tail else 0
    if minutes is None or minutes > 59 or len(tail) not in (0, 2):
        return None
    return sign * (hours * 3600 + minutes * 60)


def _leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days(year, month, day):
    """Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil)."""
    year -= 1 if month <= 2 else 0
    era = (year if year >= 0 else year - 399) // 400
    of_era = year - era * 400
    of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - 719468
