"""Dates that do not fit the collection year a file is loaded as (warnings; the rows are stored).

A return for 2024-25 holds what happened up to 31 March 2025: an SSDA903
episode that starts or ceases later, a review or a missing episode after it,
or a CIN census date after the census reference date, cannot be in it. One
such date is a typing error, reported on its row. When most of a file's
dates fall outside the year (after its end, or, for the dates a return holds
only for the year itself, before its start) the file is very likely another
year's return loaded under the wrong year (a folder labelled a year early, a
wrong --year): that is said once, with the likely year and how to load it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .collection_year import collection_year_of
from .result import ReadResult

MOSTLY = 0.5  # share of a file's year-marking dates outside the year that makes it "another year's return"


@dataclass(frozen=True)
class Checked:
    table: str
    start: str  # the column naming the row for people ("episode from 01/04/2024")
    what: str  # "episode"
    dates: tuple[tuple[str, str, str], ...]  # (column, field as the return names it, words)
    marker: str  # the column whose dates tell the year (the ceasing date of an episode)
    marker_words: str  # "ceasing dates (DEC)"
    in_year_only: bool  # the return holds these dates only for its own year (so earlier ones mark a year too)


CHECKS_903 = (
    Checked("cla_episode", "decom", "episode",
            (("decom", "DECOM", "the date the episode started"), ("dec", "DEC", "the date the episode ceased")),
            "dec", "ceasing dates (DEC)", True),
    Checked("cla_review", "review", "review", (("review", "REVIEW", "the review date"),),
            "review", "review dates (REVIEW)", True),
    Checked("missing", "mis_start", "missing or away episode",
            (("mis_start", "MIS_START", "the date the child went missing or away"),
             ("mis_end", "MIS_END", "the date the child came back")),
            "mis_start", "missing start dates (MIS_START)", False),
)
CHECKS_CIN = (
    Checked("cin_episode", "referral_date", "referral",
            (("referral_date", "CINreferralDate", "the referral date"),
             ("cin_closure_date", "CINclosureDate", "the date the episode of need closed"),
             ("date_of_initial_cpc", "DateOfInitialCPC", "the initial child protection conference date")),
            "referral_date", "referral dates (CINreferralDate)", False),
    Checked("assessment", "assessment_actual_start_date", "assessment",
            (("assessment_actual_start_date", "AssessmentActualStartDate", "the assessment's start date"),
             ("assessment_authorisation_date", "AssessmentAuthorisationDate", "the date it was authorised")),
            "assessment_actual_start_date", "assessment start dates", False),
    Checked("section47", "s47_actual_start_date", "section 47 enquiry",
            (("s47_actual_start_date", "S47ActualStartDate", "the enquiry's start date"),
             ("date_of_initial_cpc", "DateOfInitialCPC", "the initial child protection conference date")),
            "s47_actual_start_date", "section 47 start dates", False),
    Checked("cin_plan", "cin_plan_start_date", "CIN plan",
            (("cin_plan_start_date", "CINPlanStartDate", "the plan's start date"),
             ("cin_plan_end_date", "CINPlanEndDate", "the plan's end date")),
            "cin_plan_start_date", "CIN plan start dates", False),
    Checked("cp_plan", "cpp_start_date", "child protection plan",
            (("cpp_start_date", "CPPstartDate", "the plan's start date"),
             ("cpp_end_date", "CPPendDate", "the plan's end date")),
            "cpp_start_date", "child protection plan start dates", False),
    Checked("cp_review", "cpp_review_date", "child protection review",
            (("cpp_review_date", "CPPreviewDate", "the review date"),), "cpp_review_date", "review dates", False),
)
_FIX = ("Correct the date in the case management system, or, if the whole file is another year's return, load "
        "it with that --year.")


def _season(year: int) -> str:
    return f"{year - 1}-{str(year)[2:]}"


def _show(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _columns(rows, names: list[str]) -> dict[str, list]:
    if hasattr(rows, "num_rows"):
        have = set(rows.column_names)
        return {n: rows.column(n).to_pylist() if n in have else [None] * rows.num_rows for n in names}
    return {n: [row.get(n) for row in rows] for n in names}


def check_years(results: list[ReadResult]) -> None:
    """Warn, in each file's own issue list, about dates outside the year the file is loaded as."""
    for r in results:
        if not r.loadable or not r.collection_year:
            continue
        checks = CHECKS_903 if r.source_return == "ssda903" else CHECKS_CIN if r.source_return == "cin" else ()
        for check in checks:
            if check.table in r.tables:
                _check_table(r, check)


def _check_table(r: ReadResult, check: Checked) -> None:
    year = r.collection_year
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    cols = _columns(r.tables[check.table], ["child_id", *{check.start, *(c for c, _, _ in check.dates)}])
    markers = [d for d in cols[check.marker] if d is not None]
    if not markers:
        return
    late = sum(d > end for d in markers)
    early = sum(d < start for d in markers) if check.in_year_only else 0
    if max(late, early) > MOSTLY * len(markers):
        likely = Counter(collection_year_of(d) for d in markers if not start <= d <= end).most_common(1)[0][0]
        n, side = (late, f"after 31 March {year}") if late >= early else (early, f"before 1 April {year - 1}")
        r.log.add("warning", "looks-like-another-year",
                  f"This looks like the {_season(likely)} return: {n:,} of {len(markers):,} {check.marker_words} "
                  f"fall {side}, outside {_season(year)}, the year it was loaded as.",
                  f"Load it with --year {likely} (or put it in a {_season(likely)} folder); if it is the "
                  f"{_season(year)} return, correct its dates.",
                  field=next(f for c, f, _ in check.dates if c == check.marker), value=_season(year))
        return  # one line for the file, not one per row
    for column, field, words in check.dates:
        for child, first, d in zip(cols["child_id"], cols[check.start], cols[column]):
            if d is not None and d > end:
                r.log.add("warning", "date-after-year",
                          f"{field} ({words}) is after 31 March {year}, the end of the {_season(year)} return "
                          f"this file was loaded as.", _FIX,
                          location=f"child {child}: {check.what} from {_show(first) if first else '?'}",
                          field=field, value=_show(d))
