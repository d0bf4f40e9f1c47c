"""The assessment and conference timeliness section: medians, bands this period against last, by team.

From the figures' case rows (working-day values only: nothing child-level
leaves here) and, for teams, Ofsted Annex A Lists 4 and 5 of the latest
extract dated within the period (the lists name the allocated team). In a
public paper a band or team with 1 to 5 cases shows ``c``, and team rows are
left out when any would need suppressing beyond that.
"""

from __future__ import annotations

from statistics import median

from ...assess.wording import SUPPRESSED, format_value, small
from ..model import DURATION_BANDS
from .model import Table, Timeliness

CONFERENCE_BANDS = (("0–5", 0, 5), ("6–10", 6, 10), ("11–15", 11, 15), ("16–20", 16, 20),
                    ("21–30", 21, 30), ("31+", 31, None))


def _bands(values: list[float], bands) -> list[int]:
    counts = [0] * len(bands)
    for v in values:
        for i, (_, low, high) in enumerate(bands):
            if v >= low and (high is None or v <= high):
                counts[i] += 1
                break
    return counts


def _cell(count: int, total: int, public: bool) -> str:
    if not total:
        return "–"
    if public and small(count):
        return SUPPRESSED
    share = f"{100 * count / total:.1f}%"
    return share if public else f"{count:,} ({share})"


def band_table(caption: str, bands, series: list[tuple[str, list[float]]], public: bool) -> Table:
    counted = [(name, _bands(vals, bands), len(vals)) for name, vals in series]
    rows = [[label] + [_cell(c[i], total, public) for _, c, total in counted] for i, (label, _, _) in enumerate(bands)]
    rows.append(["All"] + [f"{total:,}" if not (public and small(total)) else SUPPRESSED for _, _, total in counted])
    note = "Shares only, and c where a band has one to five cases (public paper)." if public else ""
    return Table(caption, ["Working days"] + [name for name, _, _ in counted], rows, note)


def _within(values: list[float], limit: int) -> float | None:
    return 100 * sum(1 for v in values if v <= limit) / len(values) if values else None


def breakdown_teams(breakdowns: dict, share_id: str, median_id: str | None) -> tuple[str, list] | None:
    """Per-team rows from the scorecard's team breakdowns (report/breakdowns.py: allocation at the event,
    the whole period, already disclosure-controlled when public), or None when there are none."""
    def by_team(iid):
        for b in breakdowns.get(iid) or []:
            if b.by == "team":
                return {c.group: c for c in b.groups}
        return None
    shares = by_team(share_id)
    if not shares:
        return None
    medians = by_team(median_id) if median_id else None
    rows = []
    for team, cell in shares.items():
        base = cell.base.split(" of ")[-1] if " of " in cell.base else ("c" if cell.suppressed else "")
        if medians is None:
            rows.append([team, base, cell.text])
        else:
            rows.append([team, base, medians[team].text if team in medians else "–", cell.text])
    return "allocated team at the start, whole period", rows


def section(title: str, what: str, limit: int, bands, current: tuple[str, list[float]],
            previous: tuple[str, list[float]] | None, teams: list | None,
            refs: str, public: bool, team_source: str = "") -> Timeliness | None:
    name, values = current
    if not values:
        return None
    paras = []
    med = median(values)
    share = _within(values, limit)
    text = (f"Of the {len(values):,} {what} in {name}, {format_value(share, 'percent')} were within "
            f"{limit} working days; the median was {med:g} working days")
    if previous and previous[1]:
        pmed, pshare = median(previous[1]), _within(previous[1], limit)
        text += (f", against {format_value(pshare, 'percent')} within {limit} days and a median of {pmed:g} "
                 f"working days in {previous[0]} ({len(previous[1]):,} {what})")
    paras.append(text + f" {refs}.")
    tables = [band_table(f"{title}: working days, {name}" + (f" against {previous[0]}" if previous else ""),
                         bands, [s for s in (previous, current) if s and s[1]], public)]
    if teams and isinstance(teams[0], list):  # already worded (breakdown_teams)
        header = ["Team", what.capitalize()] + (["Median working days"] if len(teams[0]) == 4 else []) + \
                 [f"Within {limit} working days"]
        tables.append(Table(f"{title} by team ({team_source})", header, teams))
    elif teams:
        rows = []
        for team, vals in sorted(teams, key=lambda t: t[0]):
            if public and small(len(vals)):
                rows.append([team, SUPPRESSED, SUPPRESSED, SUPPRESSED])
                continue
            rows.append([team, f"{len(vals):,}", f"{median(vals):g}", format_value(_within(vals, limit), "percent")])
        tables.append(Table(f"{title} by team ({team_source})", ["Team", what.capitalize(), "Median working days",
                                                                 f"Within {limit} working days"], rows))
    else:
        paras.append(f"No team breakdown: neither a local allocation extract nor an Ofsted Annex A extract "
                     f"dated within {name} names the teams.")
    return Timeliness(title, paras, tables)


def annex_a_teams(con, la: str, start, end, table: str, start_col: str, end_col: str) -> tuple[str, list]:
    """Working days per allocated team from the latest Annex A extract dated within the period."""
    try:
        latest = con.execute(f"SELECT max(extract_date) FROM {table} WHERE la = ? AND extract_date BETWEEN ? AND ?",
                             [la, start, end]).fetchone()[0]
    except Exception:  # the table is missing in an old store: no teams, not an error
        return "", []
    if latest is None:
        return "", []
    rows = con.execute(f"""
        SELECT coalesce(nullif(trim(t.allocated_team), ''), 'Team not recorded') AS team,
               cb.wd_index - ca.wd_index AS wd
        FROM {table} t JOIN calendar ca ON ca.date = t.{start_col} JOIN calendar cb ON cb.date = t.{end_col}
        WHERE t.la = ? AND t.extract_date = ? AND t.{end_col} >= t.{start_col}""", [la, latest]).fetchall()
    by_team: dict[str, list[float]] = {}
    for team, wd in rows:
        by_team.setdefault(team, []).append(float(wd))
    return f"Annex A extract of {latest:%d %B %Y}", sorted(by_team.items())


ASSESSMENT_BANDS = DURATION_BANDS
