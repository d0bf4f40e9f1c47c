"""Parsing of the value types the returns use: dates, codes, flags, integers.

Each parser returns (value, problem) where problem is None or a short
description used in the issue message. Parsers never raise.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

# Collection years, extract dates and periods the tool accepts: a typo (0001, 9999) is refused at the edge
# rather than carried into the store and every calendar built from it.
FIRST_YEAR, LAST_YEAR = 2000, 2050

_DMY = re.compile(r"^\s*(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, allowing for its 1900 leap-year bug


def parse_date(raw: object) -> tuple[date | None, str | None]:
    """Parse dd/mm/yyyy, yyyy-mm-dd (optionally with a time), a date/datetime, or an Excel serial."""
    if raw is None:
        return None, None
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _from_serial(float(raw))
    text = str(raw).strip()
    if text == "":
        return None, None
    m = _DMY.match(text)
    if m:
        d, mth, y = (int(g) for g in m.groups())
        return _make(y, mth, d, text)
    m = _ISO.match(text)
    if m:
        y, mth, d = (int(g) for g in m.groups())
        return _make(y, mth, d, text)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _from_serial(float(text))
    return None, "is not a date in the form dd/mm/yyyy or yyyy-mm-dd"


def _make(y: int, m: int, d: int, text: str) -> tuple[date | None, str | None]:
    try:
        value = date(y, m, d)
    except ValueError:
        return None, "is not a real calendar date"
    if not 1900 <= y <= 2100:
        return None, "has a year outside 1900-2100"
    return value, None


def _from_serial(serial: float) -> tuple[date | None, str | None]:
    if not 1 <= serial < 80000:
        return None, "is not a date (a number outside Excel's date range)"
    return _EXCEL_EPOCH + timedelta(days=int(serial)), None


def clean_text(raw: object) -> str | None:
    """Trim; blank becomes None. Floats that are whole numbers lose their '.0' (Excel)."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None


# The store keeps whole numbers as 32-bit integers; nothing a return counts comes near this.
INT_MAX = 2**31 - 1


def parse_int(raw: object) -> tuple[int | None, str | None]:
    text = clean_text(raw)
    if text is None:
        return None, None
    if len(text) > 40:  # int() of a 100,000-digit string takes seconds; no return holds one
        return None, "is not a whole number (far too long)"
    try:
        value = int(text)
    except ValueError:
        try:
            f = float(text)
        except ValueError:
            return None, "is not a whole number"
        if not f.is_integer():
            return None, "is not a whole number"
        value = int(f) if abs(f) <= INT_MAX else INT_MAX + 1
    if not -INT_MAX <= value <= INT_MAX:
        return None, f"is too large a number (more than {INT_MAX:,})"
    return value, None


_TRUE = {"1", "true", "y", "yes", "t"}
_FALSE = {"0", "false", "n", "no", "f"}


def parse_flag(raw: object) -> tuple[bool | None, str | None]:
    """0/1, true/false, Y/N, yes/no (any case)."""
    text = clean_text(raw)
    if text is None:
        return None, None
    low = text.lower()
    if low in _TRUE:
        return True, None
    if low in _FALSE:
        return False, None
    return None, "is not a yes/no value (expected 0 or 1, true or false)"


# --- values that are plainly not what their column holds -------------------------------------------
# An ID or a postcode holding markup or a formula is kept as given (it may still identify the child) but
# warned about: it suggests a broken export, and it must never reach a spreadsheet or page as live content.
_ID_OK = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/#\-]{0,63}", re.ASCII)
_POSTCODE_OK = re.compile(r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?(?: ?[0-9](?:[A-Za-z]{2})?)?", re.ASCII)


def doubtful_id(text: str) -> str | None:
    """Why an ID is plainly not one (markup, a formula, control characters, far too long), or None."""
    if _ID_OK.fullmatch(text):
        return None
    if len(text) > 64:
        return "is far longer than any ID (more than 64 characters)"
    return "holds characters no case management system uses in an ID (markup, a formula or control characters)"


def doubtful_postcode(text: str) -> str | None:
    """Why a postcode (full, or its district and sector) is plainly not one, or None."""
    if _POSTCODE_OK.fullmatch(text.strip()):
        return None
    return "is not a UK postcode (e.g. SW1A 1AA, or its first part SW1A)"
