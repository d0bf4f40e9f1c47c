"""Value checks for the CIN census reader: the slow paths and their issues.

The reader (cin_census.py) looks every value up in a cache or a code set
first; only a value that is not plainly right comes here, to be read if it
can be (with a warning) or blanked (with an error), and reported with its
element path, field, value and a fix.
"""

from __future__ import annotations

import re
from datetime import date

from . import codes_cin
from .issues import IssueLog
from .values import parse_date

EPOCH = date(1970, 1, 1).toordinal()  # dates travel as days since 1970-01-01 (Arrow's date32)
FLAGS = {None: None, "0": False, "1": True, "true": True, "false": False, "TRUE": True, "FALSE": False}
UPN = re.compile(r"[A-Za-z]\d{11}[0-9A-Za-z]")
_INDEX = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"\d+(\.\d+)?")


def iso(days: int) -> str:
    return date.fromordinal(days + EPOCH).isoformat()


def at(where) -> str:
    """An element path. Blocks pass (parent, element, index) and are formatted only when an issue needs it."""
    if isinstance(where, str):
        return where
    parent, name, k = where
    return f"{at(parent)}/{name}[{k}]" if k else f"{at(parent)}/{name}"


class ValueChecks:
    """Mixed into the reader: needs ``log``, ``year`` and the ``dates`` / ``ints`` caches."""

    log: IssueLog
    year: int | None
    dates: dict[str | None, int | None]
    ints: dict[str | None, int | None]

    def __init__(self) -> None:
        self.noted: dict[tuple, list] = {}  # structural oddities, reported once per kind with a count

    # -- dates, flags, numbers, codes --------------------------------------------------
    def date_slow(self, raw: str, where: str, field: str, dropped: str = "it was stored as blank") -> int | None:
        text = raw.strip()
        if not text:
            return None
        problem = "is not a date in the form yyyy-mm-dd"
        if len(text) == 10 and text.isascii() and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
            try:
                d = date.fromisoformat(text)
            except ValueError:
                if text[5:7].isdigit() and text[8:].isdigit():
                    problem = "is not a real calendar date"
            else:
                if 1900 <= d.year <= 2100:
                    v = self.dates[raw] = d.toordinal() - EPOCH  # e.g. surrounding spaces: fine, remember it
                    return v
                problem = "has a year outside 1900-2100"
        elif not _NUMBER.fullmatch(text):  # a bare number is never read as an Excel serial here
            d, why = parse_date(text)
            if d is not None:
                how = ("its time of day was dropped" if "T" in text or " " in text
                       else "it was read as year-month-day" if text[:4].isdigit()
                       else "it was read day first (dd/mm/yyyy)")
                self.log.add("warning", "date-not-iso", f"The date is not in the CIN census form yyyy-mm-dd; {how}.",
                             "Export dates as yyyy-mm-dd (the XML date type).",
                             location=where, field=field, value=raw)
                return d.toordinal() - EPOCH
            if why and "form" not in why:  # e.g. 31/02/2024: a calendar problem, not a format one
                problem = why
        self.log.add("error", "invalid-date", f"The value {problem}: {dropped}.",
                     "Correct the date (yyyy-mm-dd) in the case management system and export again.",
                     location=where, field=field, value=raw)
        return None

    def flag_slow(self, raw: str, where: str, field: str) -> bool | None:
        text = raw.strip().lower()
        if not text:
            return None
        if text in FLAGS:
            return FLAGS[text]
        if text in ("y", "yes", "n", "no"):
            self.log.add("warning", "flag-not-standard", "Yes/no values in the CIN census are 0 or 1; read as "
                         f"{'1' if text[0] == 'y' else '0'}.", "Export yes/no values as 0 or 1.",
                         location=where, field=field, value=raw)
            return text[0] == "y"
        self.log.add("error", "invalid-flag", "The value is not a yes/no value (0 or 1, true or false); it was "
                     "stored as blank.", "Correct the value to 0 or 1.", location=where, field=field, value=raw)
        return None

    def int_slow(self, raw: str, where: str, field: str) -> int | None:
        text = raw.strip()
        if not text:
            return None
        if text.isascii() and text.isdigit() and len(text) < 7:  # "²" is a digit to isdigit(), not to int()
            v = self.ints[raw] = int(text)
            return v
        self.log.add("error", "invalid-number", "The value is not a whole number of 0 or more; it was stored as "
                     "blank.", "Correct the value to a whole number, e.g. 0.", location=where, field=field, value=raw)
        return None

    def code_slow(self, raw: str, valid: frozenset, field: str, where: str) -> str | None:
        text = raw.strip()
        if not text or text in valid:
            return text or None
        listname = "CategoryOfAbuse" if field.endswith("CategoryOfAbuse") else field
        up = text.upper()
        if up in valid:
            self.log.add("warning", "code-case", f"The {field} code is in the wrong case; read as {up}.",
                         f"Export the code as {up}.", location=where, field=field, value=raw)
            return up
        if up in codes_cin.known(listname):
            self.log.add("warning", "code-not-in-year", f"{up} is a {field} code, but not one the census uses in "
                         f"{self.year}; stored as given.", "Check the code against the census guide for the year.",
                         location=where, field=field, value=raw)
            return up
        self.log.add("error", "unknown-code", f"{text} is not in the CIN census {field} code list; it was "
                     "stored as blank.", f"Use a code from the {field} list of the census guide.",
                     location=where, field=field, value=raw)
        return None

    def check_upn(self, value: str | None, where: str, field: str) -> None:
        if value and not UPN.fullmatch(value):
            self.log.add("warning", "invalid-upn", f"The {field} is not a UPN (a letter, 11 digits, then a digit "
                         "or letter); stored as given.", "Correct the UPN in the child's record.",
                         location=f"{at(where)}/{field}", field=field, value=value)

    def sex(self, gender: str | None, sexv: str | None, where: str, used: set[str]) -> tuple[str | None, str | None]:
        """Canonical M/F/U and the code as given, from Sex (2024-25 on) or GenderCurrent (to 2023-24)."""
        g = gender.strip() if gender else None
        s = sexv.strip() if sexv else None
        to_sex = codes_cin.GENDER_TO_SEX
        if s:
            used.add("Sex")
            up = s.upper()
            if up in ("M", "F", "U"):
                if up != s:
                    self.log.add("warning", "code-case", f"The Sex code is in the wrong case; read as {up}.",
                                 f"Export the code as {up}.", location=f"{where}/Sex", field="Sex", value=sexv)
                sex = up
            elif s in to_sex:
                sex = to_sex[s]
                self.log.add("warning", "sex-given-as-gender-code",
                             f"Sex holds {s}, a code of the old GenderCurrent list (1 male, 2 female, 0 not "
                             f"recorded, 9 indeterminate); read as {sex}.", "Export Sex as M, F or U.",
                             location=f"{where}/Sex", field="Sex", value=sexv)
            else:
                self.log.add("error", "unknown-code", f"{s} is not a Sex code (M, F or U); sex was stored as blank.",
                             "Export Sex as M, F or U.", location=f"{where}/Sex", field="Sex", value=sexv)
                return None, s
            if g and to_sex.get(g, sex) != sex:
                self.log.add("warning", "sex-conflict", f"GenderCurrent {g} and Sex {s} disagree; Sex was used.",
                             "Keep one of the two, consistent with the child's record.",
                             location=f"{where}/GenderCurrent", field="GenderCurrent", value=gender)
            return sex, s
        if g:
            used.add("GenderCurrent")
            sex = to_sex.get(g)
            if sex is None:
                self.log.add("error", "unknown-code", f"{g} is not a GenderCurrent code (1, 2, 0 or 9); sex was "
                             "stored as blank.", "Export GenderCurrent as 1, 2, 0 or 9 (or Sex as M, F or U).",
                             location=f"{where}/GenderCurrent", field="GenderCurrent", value=gender)
            return sex, g
        self.missing(where, "Sex", " (neither Sex nor GenderCurrent is given)")
        return None, None

    def missing(self, where: str, field: str, what: str = "") -> None:
        self.log.add("warning", "missing-value", f"{field} is required by the census but missing{what}.",
                     f"Record the {field} in the case management system and export again.",
                     location=f"{at(where)}/{field}", field=field)

    def duplicate_block(self, where: str, field: str, start: int, what: str) -> None:
        self.log.add("error", "duplicate-block", f"The referral already has {what} starting on this date; "
                     "the first was kept and this one was not loaded.",
                     f"Remove the repeated {what}, or correct its start date.", location=f"{at(where)}/{field}",
                     field=field, value=iso(start))

    def duplicate_item(self, where: str, field: str, value: str) -> None:
        self.log.add("warning", "duplicate-code", f"The {field} is listed twice in the same list; stored once.",
                     "List each value once.", location=where, field=field, value=value)

    # -- structural oddities, counted and reported once per kind --------------------------
    def note(self, code: str, where: str, tag: str, text: str = "") -> None:
        """Remember an unknown or repeated element, or loose text, at `where` (after `tag`)."""
        local = tag.rpartition("}")[2]
        where = at(where)
        if text:
            text = " ".join(text.split())[:60]
        key = (code, _INDEX.sub("", where), local, text)
        hit = self.noted.get(key)
        if hit:
            hit[0] += 1
        else:
            self.noted[key] = [1, where]

    def flush_notes(self) -> None:
        for (code, generic, tag, text), (count, first) in self.noted.items():
            times = f" It occurs {count:,} times in the file; the first is shown." if count > 1 else ""
            container = generic.rsplit("/", 1)[-1]
            if code == "stray-text":
                after = f" after <{tag}>" if tag else ""
                self.log.add("warning", code, f"Loose text stands inside <{container}>{after}; it was ignored.{times}",
                             "Remove the stray text: the software that wrote the file put it outside any element. "
                             "The values in the elements were read normally.", location=first, value=text)
            elif code == "unknown-element":
                self.log.add("warning", code, f"<{tag}> is not part of the CIN census inside <{container}>; it "
                             f"was ignored.{times}",
                             "Check the element's name and place against the CIN census specification.",
                             location=f"{first}/{tag}", field=tag)
            else:
                self.log.add("warning", code, f"<{tag}> appears more than once inside <{container}>; the first "
                             f"was used.{times}", "Give each value once.", location=f"{first}/{tag}", field=tag)
