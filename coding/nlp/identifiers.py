"""UK identifiers found by pattern and checked: NHS numbers, postcodes, phone numbers, email
addresses, National Insurance numbers and dates.

A pattern proposes; a check confirms where the format allows one. An NHS number must carry a
valid modulus-11 check digit (a ten-digit number that fails it is left alone), a National
Insurance number must have a prefix HMRC issues, and a numeric date must be a real day and
month. Phone numbers follow the shapes of UK numbering (01/02 landlines, 03, 07 mobiles, 08,
with +44 or 0044, and "(0)" or brackets round the area code).

Dates: numeric forms ("03/03/2021", "3.3.21", "2021-03-03") and written ones ("3rd March
2021", "3 March", "March 3rd, 2021", "March 2021", "Tues 3rd of Mar 2021"). A year alone
("in 2019") is not flagged, nor a month alone ("March"): neither identifies anyone, and
redacting them would strip the timeline out of an interview. Month names must be capitalised
so that "may" the verb is not a date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

NHS_NUMBER = "nhs_number"
POSTCODE = "postcode"
PHONE = "phone"
EMAIL = "email"
NI_NUMBER = "ni_number"
DATE = "date"


@dataclass(frozen=True, slots=True)
class Identifier:
    start: int
    end: int
    label: str


# ---------------------------------------------------------------- NHS numbers
_NHS = re.compile(r"(?<![\w+])(\d{3})([ \-]?)(\d{3})\2(\d{4})(?![\w])")


def nhs_number_valid(number: str) -> bool:
    """True for ten digits (spaces and hyphens ignored) whose modulus-11 check digit is right."""
    plain = number.replace(" ", "").replace("-", "")
    if len(plain) != 10 or not plain.isascii() or not plain.isdigit():
        return False
    digits = [int(c) for c in plain]
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=False)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


# ---------------------------------------------------------------- postcodes
_IN = "[0-9][ABD-HJLNP-UW-Z]{2}"  # the inward code never uses C, I, K, M, O or V
_OUT = (
    "[A-PR-UWYZ][0-9]{1,2}"  # A9, A99
    "|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"  # AA9, AA99
    "|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    "|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"  # AA9A
)
_POSTCODE = re.compile(rf"(?<![\w])(?:(?:{_OUT})[ \t]?{_IN}|GIR[ \t]?0AA)(?![\w])", re.IGNORECASE)

# ---------------------------------------------------------------- phone numbers
_S = r"[ \t\-]?"
_TRUNK = r"(?:(?:\+44|0044)[ \t]?(?:\(0\)[ \t]?)?\(?|\(?0)"  # +44, +44 (0), 0044, 0, (0
_AREA_REST = (
    (r"7\d{3}", rf"\d{{3}}{_S}\d{{3}}"),  # 07700 900 123, 07700 900123
    (r"2\d", rf"\d{{4}}{_S}\d{{4}}"),  # 020 7946 0018
    (r"1(?:\d1|1\d)", rf"\d{{3}}{_S}\d{{4}}"),  # 0113 496 0123, 0161 496 0000
    (r"1\d{3}", rf"(?:\d{{5,6}}|\d{{3}}{_S}\d{{3}})"),  # 01632 960 001, 01632 960001
    (r"1\d{4}", r"\d{4,5}"),  # 016977 4567
    (r"[389]\d{2}", rf"\d{{3}}{_S}\d{{3,4}}"),  # 0300 123 4567, 0800 123 456
)
_PHONE = re.compile(
    rf"(?<![\w+]){_TRUNK}(?:"
    + "|".join(rf"{area}\)?{_S}{rest}" for area, rest in _AREA_REST)
    + r")(?![\d])"
)

# ---------------------------------------------------------------- email
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

# ---------------------------------------------------------------- National Insurance numbers
_NI = re.compile(r"(?<![\w])([A-Z]{2})[ ]?(\d{2})[ ]?(\d{2})[ ]?(\d{2})(?:[ ]?([A-D]))?(?![\w])")
_NI_NOT_ISSUED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def ni_number_valid(prefix: str) -> bool:
    """True when HMRC issues National Insurance numbers with this two-letter prefix."""
    prefix = prefix.upper()
    return (
        len(prefix) == 2
        and prefix[0] not in "DFIQUV"
        and prefix[1] not in "DFIOQUV"
        and prefix not in _NI_NOT_ISSUED
    )


# ---------------------------------------------------------------- dates
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_MONTH = rf"(?:(?:{_MONTHS})\.?|(?:{_MONTHS.upper()})\.?)"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?[ \t]+)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|'\d\d)"
_WRITTEN = re.compile(
    rf"(?<![\w])(?:{_WEEKDAY}?(?:the[ \t]+)?{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}(?:,?[ \t]+{_YEAR})?"
    rf"|{_WEEKDAY}?{_MONTH}[ \t]+(?:the[ \t]+)?{_DAY}(?:,?[ \t]+{_YEAR})?"
    rf"|{_MONTH}[ \t]+{_YEAR})(?![\w])"
)
_NUMERIC = re.compile(
    r"(?<![\w/.\-])(?:(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})"
    r"|(\d{4})-(\d{1,2})-(\d{1,2}))(?![\w]|[/.\-]\d)"
)


def _numeric_date_valid(match: re.Match[str]) -> bool:
    """A real calendar day: day first as in the UK, month first (US) if it cannot be UK."""
    if match.group(5) is not None:  # ISO: year-month-day
        year, month, day = int(match.group(5)), int(match.group(6)), int(match.group(7))
    else:
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if month > 12 >= day:
            day, month = month, day
    if year < 100:
        year += 2000
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


# ---------------------------------------------------------------- all together
def find_identifiers(text: str) -> Iterator[Identifier]:
    """Every identifier the patterns find and the checks confirm, pattern by pattern."""
    for match in _NHS.finditer(text):
        if nhs_number_valid(match.group()):
            yield Identifier(match.start(), match.end(), NHS_NUMBER)
    for pattern, label in ((_POSTCODE, POSTCODE), (_PHONE, PHONE), (_EMAIL, EMAIL)):
        for match in pattern.finditer(text):
            yield Identifier(match.start(), match.end(), label)
    for match in _NI.finditer(text):
        if ni_number_valid(match.group(1)):
            yield Identifier(match.start(), match.end(), NI_NUMBER)
    for match in _WRITTEN.finditer(text):
        yield Identifier(match.start(), match.end(), DATE)
    for match in _NUMERIC.finditer(text):
        if _numeric_date_valid(match):
            yield Identifier(match.start(), match.end(), DATE)


def looks_like_date(text: str) -> bool:
    """True when ``text`` holds a date the patterns confirm, or a month name and a number.

    Used to keep a trained pipeline's DATE entities that could identify someone ("the 3rd of
    March", "March the third 2021") and drop those that cannot ("last week", "two years",
    "2019", "the spring").
    """
    if _WRITTEN.search(text) or any(map(_numeric_date_valid, _NUMERIC.finditer(text))):
        return True
    return bool(_MONTH_WORD.search(text)) and any(c.isdigit() for c in text)


_MONTH_WORD = re.compile(rf"(?<![\w]){_MONTH}(?![\w])")
