"""Checks across the merged history: what no single year's file can show.

They run inside the load transaction, after the merge (store/database.py
calls ``history_checks``), on the LAs the load touched, and return warnings
for the load's issue list; nothing is changed.

* An SSDA903 episode open at the end of year Y (no DEC, or a DEC after 31
  March Y) that is not in year Y+1's return although that return is loaded:
  the merged history keeps year Y's version, so the episode stays open for
  ever (a child "in care" today who left long ago, or an episode whose DECOM
  was corrected in the next return).
* Episodes that overlap only once several years are merged (DfE rule 501: an
  episode must start on or after the previous one ended): each year's file is
  consistent, the history is not. Overlaps inside one file are reported by
  the reader.
"""

from __future__ import annotations

from datetime import date

import duckdb

from ..ingest.report import IssueRow, year_label

SOURCE = "csc-scorecard"


def _show(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def history_checks(con: duckdb.DuckDBPyConnection, touched: dict[str, set]) -> list[IssueRow]:
    las = sorted(la for la in touched.get("cla_episode", set()) if la is not None)
    out: list[IssueRow] = []
    for la in las:
        out += _open_not_continued(con, la)
        out += _overlaps_across_years(con, la)
    return out


def _open_not_continued(con, la: str) -> list[IssueRow]:
    rows = con.execute(
        """WITH years AS (SELECT DISTINCT collection_year FROM src_cla_episode WHERE la = $la)
           SELECT e.child_id, e.decom, e.dec, e.collection_year, e.source_file
           FROM cla_episode e
           WHERE e.la = $la AND e.collection_year + 1 IN (SELECT collection_year FROM years)
             AND e.decom <= make_date(e.collection_year, 3, 31)
             AND (e.dec IS NULL OR e.dec > make_date(e.collection_year, 3, 31))
           ORDER BY e.collection_year, e.child_id, e.decom""", {"la": la}).fetchall()
    out = []
    for child, decom, dec, year, file in rows:
        still = "had not ceased" if dec is None else f"ceased only on {_show(dec)}, after that 31 March"
        out.append(IssueRow(
            SOURCE, "warning", "episode-missing-next-year", la, year_label(year), child, file,
            f"episode from {_show(decom)}", "DECOM", _show(decom),
            f"This episode was open at 31 March {year} (it {still}) but is not in the {year_label(year + 1)} "
            "return, which is loaded. The merged history keeps it as it was, so it stays open.",
            f"Check the child's episodes in the {year_label(year + 1)} return: the episode should be there, with "
            "the same DECOM (and its DEC when it ended); correct that return and load it again."))
    return out


def _overlaps_across_years(con, la: str) -> list[IssueRow]:
    rows = con.execute(
        """SELECT child_id, decom, collection_year, source_file, prev_decom, prev_dec, prev_year FROM (
             SELECT child_id, decom, collection_year, source_file,
                    lag(decom) OVER w AS prev_decom, lag(dec) OVER w AS prev_dec,
                    lag(collection_year) OVER w AS prev_year
             FROM cla_episode WHERE la = $la
             WINDOW w AS (PARTITION BY child_id ORDER BY decom, coalesce(dec, DATE '9999-12-31'), episode_seq))
           WHERE prev_dec IS NOT NULL AND decom < prev_dec AND prev_year <> collection_year
           ORDER BY collection_year, child_id, decom""", {"la": la}).fetchall()
    out = []
    for child, decom, year, file, prev_decom, prev_dec, prev_year in rows:
        out.append(IssueRow(
            SOURCE, "warning", "overlap-across-years", la, year_label(year), child, file,
            f"episode from {_show(decom)}", "DECOM", _show(decom),
            f"This episode starts on {_show(decom)}, before the child's previous episode (from "
            f"{_show(prev_decom)}, in the {year_label(prev_year)} return) ceased on {_show(prev_dec)}: the two "
            "returns disagree once merged (DfE rule 501). Figures that count days, placements or periods of "
            "care may be wrong for this child.",
            f"Correct the DEC of the earlier episode or the DECOM of this one, in whichever return is wrong, and "
            "load it again."))
    return out
