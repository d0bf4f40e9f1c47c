"""The scorecard layout: sections, rows in order, refs, targets and tolerances.

The layout is the LA's own YAML file (``layout:`` in scorecard.yaml); the
built-in default (default_layout.yaml beside this module, commented) follows
the TS table of INDICATORS.md and is what ``scorecard init`` writes out.

Every problem in a layout is reported at once, each naming the file and the
line, with what to write instead: an unknown indicator id (with the nearest
ids), a missing or repeated ref, a target that is not a number or not a
possible value (a percentage over 100), a target on a context indicator, a
bad tolerance, an unknown key (with the nearest known key).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import ConfigError
from ..indicators.period import Period, fy_name, parse_period
from ..yamlfile import load_yaml, where
from .rag import Tolerance, parse_tolerance
from .trend import LOW_BASE

DEFAULT_LAYOUT = Path(__file__).resolve().parent / "default_layout.yaml"

SHOW = ("target", "previous", "last_year", "neighbours", "region", "england", "rank", "quartile")
TOP_KEYS = ("title", "defaults", "sections")
DEFAULT_KEYS = ("amber", "same_within", "low_base", "show")
SECTION_KEYS = ("name", "rows")
ROW_KEYS = ("ref", "indicator", "target", "profiled", "amber", "same_within", "low_base", "show", "label")
PRO_RATA = "pro rata"

_FY_KEY = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")


@dataclass
class Row:
    ref: str
    indicator: str
    section: str
    targets: dict[int, float] = field(default_factory=dict)  # year of the 31 March -> target
    every_year: float | None = None  # a single target for every year
    amber: Tolerance | None = None
    same_within: Tolerance | None = None
    low_base: int = LOW_BASE
    show: tuple[str, ...] = SHOW
    label: str | None = None
    line: int | None = None
    # A part-year target (counts, cumulative measures): {1: 5, 2: 10, ...} for quarters Q1-Q4, or
    # PRO_RATA (the annual target times the share of the year the period covers).
    profiled: dict[int, float] | str | None = None

    def profiled_target(self, period: Period) -> tuple[float | None, str]:
        """(the part-year target, how it was set) for a quarter or year to date; (None, why) without one."""
        if self.profiled is None:
            return None, "no profiled target for part-year periods (profiled: in the layout)"
        if self.profiled == PRO_RATA:
            annual = self.target_for(period)
            if annual is None:
                return None, f"no annual target for {period.financial_year.name} to pro-rate"
            months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
            return annual * months / 12, f"annual target {annual:g} pro rata for {months} months"
        if period.kind == "quarter":
            q = int(period.name[-1])
            if q in self.profiled:
                return self.profiled[q], f"profiled target for Q{q}"
            return None, f"no profiled target for Q{q}"
        return None, "profiled targets are given for quarters; none for this period"

    def target_for(self, period: str | Period) -> float | None:
        """The target for the financial year a period ends in (None when none is set)."""
        if self.every_year is not None:
            return self.every_year
        return self.targets.get(parse_period(period).year_ending)

    def shows(self, what: str) -> bool:
        return what in self.show


@dataclass
class Section:
    name: str
    rows: list[Row]


@dataclass
class Layout:
    title: str
    sections: list[Section]
    path: Path | None = None

    @property
    def rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows]

    def row(self, ref: str) -> Row:
        for r in self.rows:
            if r.ref == ref:
                return r
        raise KeyError(ref)

    def indicator_ids(self) -> list[str]:
        return list(dict.fromkeys(r.indicator for r in self.rows))


def _catalogue_info(catalogue: Any) -> dict[str, dict] | None:
    """{id: {polarity, unit, title}} from a Catalogue, a mapping of ids, or None (ids not checked)."""
    if catalogue is None:
        return None
    if isinstance(catalogue, Mapping):
        return {k: dict(v) if isinstance(v, Mapping) else {} for k, v in catalogue.items()}
    out = {}
    for ind in catalogue:
        out[ind.id] = {"polarity": ind.polarity, "unit": ind.unit, "title": ind.title}
    return out


class _Problems:
    def __init__(self, path: Path | str):
        self.path = path
        self.items: list[tuple[int, str]] = []

    def add(self, container: Any, key: Any, message: str) -> None:
        text = f"{where(self.path, container, key)}: {message}"
        line = getattr(container, "lines", {})
        n = (line.get(key) if isinstance(line, dict) else None) or getattr(container, "line", 0) or 0
        self.items.append((n, text))

    def raise_if_any(self) -> None:
        if self.items:
            lines = [t for _, t in sorted(self.items, key=lambda x: x[0])]
            head = f"{self.path}: {len(lines)} problem{'s' if len(lines) > 1 else ''} in the layout:\n  "
            raise ConfigError(head + "\n  ".join(lines) if len(lines) > 1 else lines[0])


def _unknown_keys(problems: _Problems, mapping: Mapping, allowed: tuple[str, ...], what: str) -> None:
    for key in mapping:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f' Did you mean "{close[0]}"?' if close else f" The keys are: {', '.join(allowed)}."
            problems.add(mapping, key, f'"{key}" is not a key of {what}.{hint}')


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def _year_key(key: Any) -> int | None:
    """'2024-25' -> 2025; 2025 -> 2025 (the year of the 31 March); else None."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key if 2000 <= key <= 2100 else None
    m = _FY_KEY.match(str(key))
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    return end_year if end_year == start + 1 else None


def _check_target(problems: _Problems, container: Any, key: Any, value: Any, info: dict | None) -> float | None:
    number = _number(value)
    if number is None:
        problems.add(container, key, f'the target "{value}" is not a number. Write e.g. target: 85 '
                                     "(no % sign needed).")
        return None
    unit = (info or {}).get("unit")
    if number < 0:
        problems.add(container, key, f"the target {value} is negative; no indicator can be below 0.")
        return None
    if unit == "percent" and number > 100:
        problems.add(container, key, f"the target {value} is over 100, but this indicator is a percentage.")
        return None
    return number


def _tolerance(problems: _Problems, container: Mapping, key: str, relative_to: str) -> Tolerance | None:
    try:
        return parse_tolerance(container[key], relative_to=relative_to)
    except ValueError as exc:
        problems.add(container, key, f'{key}: "{container[key]}" is not a tolerance: {exc}.')
        return None


def _show(problems: _Problems, container: Mapping, key: str) -> tuple[str, ...] | None:
    value = container[key]
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list):
        problems.add(container, key, f"show: must be a list, e.g. [target, neighbours, england]. "
                                     f"The choices are: {', '.join(SHOW)}.")
        return None
    bad = [str(v) for v in value if v not in SHOW]
    if bad:
        problems.add(container, key, f"show: {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} not known. "
                                     f"The choices are: {', '.join(SHOW)}.")
        return None
    return tuple(value)


def _low_base(problems: _Problems, container: Mapping, key: str) -> int | None:
    value = container[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(container, key, f'low_base: "{value}" must be a whole number of cases, e.g. 10.')
        return None
    return value


def parse_layout(data: Any, path: str | Path = "layout.yaml", catalogue: Any = None) -> Layout:
    """Check a parsed layout (from yamlfile.load_yaml) and build it; all problems at once."""
    path = Path(path)
    problems = _Problems(path)
    info = _catalogue_info(catalogue)
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: a layout must be a mapping with sections: (see the file scorecard init writes).")
    _unknown_keys(problems, data, TOP_KEYS, "a layout")
    defaults = {"amber": None, "same_within": None, "low_base": LOW_BASE, "show": SHOW}
    given = data.get("defaults") or {}
    if not isinstance(given, Mapping):
        problems.add(data, "defaults", "defaults: must be a mapping (amber:, same_within:, low_base:, show:).")
        given = {}
    _unknown_keys(problems, given, DEFAULT_KEYS, "defaults")
    if "amber" in given:
        defaults["amber"] = _tolerance(problems, given, "amber", "target")
    if "same_within" in given:
        defaults["same_within"] = _tolerance(problems, given, "same_within", "previous")
    if "low_base" in given:
        defaults["low_base"] = _low_base(problems, given, "low_base") or LOW_BASE
    if "show" in given:
        defaults["show"] = _show(problems, given, "show") or SHOW
    sections_data = data.get("sections")
    if not isinstance(sections_data, list) or not sections_data:
        problems.add(data, "sections" if "sections" in data else None,
                     "sections: must be a list of sections, each with name: and rows:.")
        problems.raise_if_any()
    sections: list[Section] = []
    refs: dict[str, int | None] = {}
    for si, sec in enumerate(sections_data):
        if not isinstance(sec, Mapping):
            problems.add(sections_data, si, "each section must be a mapping with name: and rows:.")
            continue
        _unknown_keys(problems, sec, SECTION_KEYS, "a section")
        name = str(sec.get("name") or "").strip()
        if not name:
            problems.add(sec, "name" if "name" in sec else None, "this section has no name:.")
        rows_data = sec.get("rows")
        if not isinstance(rows_data, list) or not rows_data:
            problems.add(sec, "rows" if "rows" in sec else None,
                         f'section "{name}" has no rows: (a list of {{ref: ..., indicator: ...}}).')
            rows_data = []
        rows = []
        for ri, row in enumerate(rows_data):
            built = _parse_row(problems, rows_data, ri, row, name, defaults, info, refs)
            if built:
                rows.append(built)
        sections.append(Section(name, rows))
    problems.raise_if_any()
    return Layout(str(data.get("title") or "Children's social care scorecard"), sections, path)


def _parse_row(problems: _Problems, rows_data: list, ri: int, row: Any, section: str, defaults: dict,
               info: dict | None, refs: dict[str, int | None]) -> Row | None:
    if not isinstance(row, Mapping):
        problems.add(rows_data, ri, "each row must be a mapping, e.g. {ref: TS 3, indicator: icpc-15wd, target: 80}.")
        return None
    _unknown_keys(problems, row, ROW_KEYS, "a row")
    line = getattr(row, "line", None) or None
    ref = " ".join(str(row.get("ref") or "").split())
    if not ref:
        problems.add(row, None, "this row has no ref: (e.g. ref: TS 3).")
    elif ref in refs:
        problems.add(row, "ref", f'the ref "{ref}" is used twice (first on line {refs[ref]}); refs must be unique.')
    else:
        refs[ref] = line
    iid = str(row.get("indicator") or "").strip()
    ind = None
    if not iid:
        problems.add(row, None, f"row {ref or ri + 1} has no indicator: (an id such as icpc-15wd).")
    elif info is not None:
        ind = info.get(iid)
        if ind is None:
            close = difflib.get_close_matches(iid, list(info), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else " `scorecard catalogue` lists the ids."
            problems.add(row, "indicator", f'there is no indicator "{iid}".{hint}')
    out = Row(ref, iid, section, amber=defaults["amber"], same_within=defaults["same_within"],
              low_base=defaults["low_base"], show=defaults["show"], line=line)
    if "target" in row and row["target"] is not None:
        if ind is not None and ind.get("polarity") == "context":
            problems.add(row, "target", f"{iid} is a context indicator (no good direction), so it is not "
                                        "rated against a target: remove target:.")
        else:
            _parse_targets(problems, row, out, ind)
    if "profiled" in row and row["profiled"] is not None:
        out.profiled = _profiled(problems, row, ind)
    if "amber" in row:
        out.amber = _tolerance(problems, row, "amber", "target")
    if "same_within" in row:
        out.same_within = _tolerance(problems, row, "same_within", "previous")
    if "low_base" in row:
        out.low_base = _low_base(problems, row, "low_base") or LOW_BASE
    if "show" in row:
        out.show = _show(problems, row, "show") or defaults["show"]
    if row.get("label"):
        out.label = str(row["label"]).strip()
    return out


def _profiled(problems: _Problems, row: Mapping, ind: dict | None) -> dict[int, float] | str | None:
    value = row["profiled"]
    if isinstance(value, str) and " ".join(value.lower().replace("-", " ").split()) == PRO_RATA:
        return PRO_RATA
    if not isinstance(value, Mapping):
        problems.add(row, "profiled", f'profiled: "{value}" must be "pro rata" or a target per quarter, '
                                      "e.g. profiled: {Q1: 5, Q2: 10, Q3: 15, Q4: 20}.")
        return None
    out: dict[int, float] = {}
    for key, target in value.items():
        m = re.fullmatch(r"\s*[Qq]([1-4])\s*", str(key))
        if not m:
            problems.add(value, key, f'"{key}" is not a quarter: write Q1 (April-June) to Q4 (January-March).')
            continue
        number = _check_target(problems, value, key, target, ind)
        if number is not None:
            out[int(m.group(1))] = number
    return out


def _parse_targets(problems: _Problems, row: Mapping, out: Row, ind: dict | None) -> None:
    target = row["target"]
    seen: dict[int, Any] = {}
    if isinstance(target, Mapping):
        for key, value in target.items():
            year = _year_key(key)
            if year is None:
                problems.add(target, key, f'"{key}" is not a year. Write the financial year, e.g. 2025-26: 85.')
                continue
            if year in seen:
                problems.add(target, key, f'"{key}" and "{seen[year]}" are the same year ({fy_name(year)}); '
                                          "give one target per year.")
                continue
            seen[year] = key
            if value is None:
                continue
            number = _check_target(problems, target, key, value, ind)
            if number is not None:
                out.targets[year] = number
    else:
        out.every_year = _check_target(problems, row, "target", target, ind)


def load_layout(path: str | Path | None = None, catalogue: Any = None) -> Layout:
    """Read and check a layout file (the built-in default when ``path`` is None)."""
    path = Path(path) if path else DEFAULT_LAYOUT
    return parse_layout(load_yaml(path), path, catalogue)


def default_layout_text() -> str:
    return DEFAULT_LAYOUT.read_text(encoding="utf-8")


def describe_targets(row: Row) -> str:
    if row.every_year is not None:
        return f"{row.every_year:g} every year"
    return ", ".join(f"{fy_name(y)}: {t:g}" for y, t in sorted(row.targets.items())) or "none"
