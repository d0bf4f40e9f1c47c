"""The engine: compute indicators for periods, for every LA in one pass.

Each indicator's SQL returns one row per counted unit (a referral, an
assessment, a plan, a child) with ``in_numerator`` or ``value``. The engine
runs it once per period for all LAs together, as a subquery aggregated
``GROUP BY la``; the case list behind a figure is the same query's rows, so a
figure and its drill-down never disagree.

An LA lacking the data for a period gets status "not available" and the
reason ("no CIN census assessments for 2024-25", "population not set ..."),
never a 0.

A case row whose ``in_numerator`` is NULL is "unknown" (e.g. a placement
distance that cannot be worked out): it is listed in the cases but is in
neither the numerator nor the denominator, and the Result counts it in
``unknown`` so that the figure says how many were left out. A query may
also return ``unknown_reason`` (why a row is unknown) and ``note`` (something
the reader of the figure must know about a row, e.g. an adjustment that could
not be applied): the Result's ``note`` sums them up ("2 unknown: care began
before the first loaded return; ...").
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any, Iterable, Mapping

import duckdb

from ..errors import IndicatorError
from ..store import subset
from ..store.schema import TABLES
from . import groups
from .coverage import Coverage
from .definition import Indicator
from .loader import Catalogue
from .period import Period, labelled, parse_period, period_label

OK, NOT_AVAILABLE = "ok", "not available"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PERIOD_PARAM = re.compile(r"\$(period_start|period_end)\b")
_KEPT, _UNIT_PERIOD = "_kept_units_", "_unit_period_"  # see Engine._kept_units
_PEOPLE_SOURCES = {"allocation": "child_allocation", "people": "child_characteristics"}
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.S)


@dataclass
class Result:
    indicator: str
    la: str
    period: str
    numerator: float | int | None
    denominator: float | int | None
    value: float | int | None
    unit: str
    status: str = OK
    reason: str | None = None
    # Case rows left out of the figure because their answer is not known (in_numerator or value NULL);
    # None when the figure is not available.
    unknown: int | None = None
    # Why rows are unknown and what else the figure's reader must know, from the query's
    # unknown_reason and note columns, with counts; None when there is nothing to say.
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        # every field is a plain value: a shallow dict equals asdict()'s deep copy, at a tenth of its cost
        # (a report turns thousands of Results into dicts)
        return {f: getattr(self, f) for f in _RESULT_FIELDS}


_RESULT_FIELDS = tuple(f.name for f in fields(Result))


@dataclass
class Cases:
    """The unit rows behind a figure: child-level data, shown only when asked for."""

    indicator: str
    period: str
    la: str | None
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    status: str = OK
    reason: str | None = None
    notes: list[str] = field(default_factory=list)  # what the columns mean (indicators/worklist.py)


def sql_parameters(sql: str) -> set[str]:
    """The $names a query uses (comments and string literals ignored)."""
    return set(_PARAM.findall(_COMMENT_OR_STRING.sub(" ", sql)))


def _strip(sql: str) -> str:
    """The query without trailing semicolons and without comments after its last statement text.

    Comments and string literals are masked first, so a ';' or '--' inside them is left alone
    and a comment after the final ';' does not hide it.
    """
    sql = sql.strip()
    masked = _COMMENT_OR_STRING.sub(lambda m: m.group(0) if m.group(0).startswith("'") else " " * len(m.group(0)),
                                    sql)
    body = masked.rstrip()
    while body.endswith(";"):
        body = body[:-1].rstrip()
    return sql[:len(body)]


def _only(las: list[str] | None) -> str:
    """The WHERE clause keeping the units of the LAs listed ("" for all); codes are quoted as SQL literals
    (not a parameter) so that DuckDB can push the filter down to the tables' scans."""
    if las is None:
        return ""
    quoted = ", ".join("'" + str(la).replace("'", "''") + "'" for la in las) or "NULL"
    return f"WHERE u.la IN ({quoted})"


def _subquery(sql: str) -> str:
    """The query in brackets, the closing one on a line of its own: a `--` comment on the query's
    last line must not comment it out."""
    return f"(\n{_strip(sql)}\n)"


NO_VALUE_SUPPLIED = "no value supplied"  # a supplied indicator without its value (commands say how to import)


class Engine:
    """Computes indicators over one DuckDB connection (read-only is enough).

    ``settings`` overrides indicator timescale defaults by name;
    ``population`` maps (la, year of 31 March) to the 0-17 population for
    rates (where it has none, the ONS estimates loaded with `scorecard
    benchmarks load` are used); ``las`` adds LAs to those found in the store (e.g. from settings).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, catalogue: Catalogue, *,
                 settings: Mapping[str, Any] | None = None,
                 population: Mapping[tuple[str, int], float] | None = None,
                 las: Iterable[str] = (), batch: bool = True):
        self.con = con
        self.catalogue = catalogue
        self.settings = dict(settings or {})
        self.population = dict(population or {})
        self._extra_las = set(las)
        self._las: list[str] | None = None
        self.coverage = Coverage(con)
        self.batch = batch  # run each indicator once for all periods (see _aggregate)
        self._supplied_cache: dict | None = None
        self._published_population: dict[tuple[str, int], float] | None = None
        self.unbatched: list[str] = []  # indicators whose query could not be batched (slower, same figures)
        self.people_sources = dict(_PEOPLE_SOURCES)
        self._column_cache: dict[str, dict[str, str]] = {}  # query text -> the columns it returns, their types
        self._scope: subset.Narrowed | None = None
        self._kept: str | None = None  # the indicator whose unit rows are in a temporary table (_kept_units)
        self._whole: tuple[list[str] | None, Coverage] = (None, self.coverage)  # while scoped (see _narrow)

    # -- which rows -------------------------------------------------------------
    @contextmanager
    def scoped(self, las: Iterable[str] | None):
        """Within the block, the engine sees only these LAs' rows (store/subset.py); None: every LA.

        For a report on one LA from a regional or national store: its indicators then work out a
        dozen LAs' histories, not 153. Figures are those computed on the whole store, since every query
        and view works LA by LA (tests/test_engine_scope.py checks). Scopes nest: leaving one restores
        the one around it.
        """
        outer = self._scope.las if self._scope else None
        wanted = tuple(dict.fromkeys(str(la) for la in las)) if las is not None else None
        if wanted == outer or (outer is None and wanted is not None and set(wanted) >= set(self.las())):
            yield self  # nothing to leave out
            return
        self._narrow(wanted)
        try:
            yield self
        finally:
            self._narrow(outer)

    def _narrow(self, las: tuple[str, ...] | None) -> None:
        if self._scope:
            subset.widen(self.con, self._scope)
            self._scope = None
        else:  # what was read of the whole store serves every scope (filtered to its LAs)
            self._whole = (self._las, self.coverage)
        if las is not None:
            self._scope = subset.narrow(self.con, las)
            self.coverage = self._whole[1].narrowed(las)
            self._las = [la for la in self._whole[0] if la in set(las)] if self._whole[0] is not None else None
        else:
            self._las, self.coverage = self._whole
        # the copies cache_people made, and the supplied values read, may describe other LAs
        self._supplied_cache = None
        self.people_sources = dict(_PEOPLE_SOURCES)

    # -- which LAs --------------------------------------------------------------
    def las(self) -> list[str]:
        """Every LA with data in the store, plus those named in settings (within a scope, of its LAs)."""
        if self._las is None:
            present = {r[0] for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
            union = " UNION ".join(f"SELECT DISTINCT la FROM {name}" for name in TABLES if name in present)
            found = {row[0] for row in self.con.execute(union).fetchall() if row[0]}
            named = self._extra_las & set(self._scope.las) if self._scope else self._extra_las
            self._las = sorted(found | named)
        return self._las

    # -- parameters -------------------------------------------------------------
    def parameters(self, ind: Indicator, period: Period) -> dict[str, Any]:
        values: dict[str, Any] = {"period_start": period.start, "period_end": period.end}
        for name, default in ind.settings.items():
            values[name] = self.settings.get(name, default)
        used = sql_parameters(ind.sql or "")
        unknown = used - set(values)
        if unknown:
            raise IndicatorError(
                f"{ind.path.with_suffix('.sql')}: the query uses ${', $'.join(sorted(unknown))}, which is neither "
                "$period_start, $period_end nor a setting declared under settings: in the YAML.")
        return {k: v for k, v in values.items() if k in used}

    def _run(self, ind: Indicator, sql: str, period: Period):
        try:
            return self.con.execute(sql, self.parameters(ind, period))
        except duckdb.Error as exc:
            raise IndicatorError(f"{ind.path.with_suffix('.sql')}: the query failed for {period.name}: "
                                 f"{str(exc).splitlines()[0]}") from None

    # -- figures ----------------------------------------------------------------
    def compute(self, periods: Iterable[str | Period], ids: Iterable[str] | None = None,
                la: str | None = None, las: Iterable[str] | None = None) -> list[Result]:
        """One Result per indicator, period and LA: all LAs, the one asked for (``la``), or those listed
        (``las``, in the order given; each query then reads only their rows, so a report from a national
        store does not compute 153 LAs to show one and its neighbours)."""
        periods = [parse_period(p) for p in periods]
        only = list(dict.fromkeys(las)) if las is not None else None
        wanted = [la] if la else only if only is not None else self.las()
        out: list[Result] = []
        for ind in self.catalogue.select(ids):
            out.extend(self.compute_indicator(ind, periods, wanted, only=only))
        return out

    def compute_indicator(self, ind: Indicator, periods: list[Period], las: list[str], *,
                          only: list[str] | None = None) -> list[Result]:
        """All periods of one indicator: its query runs once for every period and LA together (or, with
        ``only``, for those LAs: a filter DuckDB pushes down to the tables' scans)."""
        results: dict[tuple[str, str], Result] = {}
        wanted: list[Period] = []
        missing: dict[tuple[str, str], str | None] = {}
        for period in periods:
            whole_year = _whole_year_only(ind, period)
            if whole_year:
                for la in las:
                    results[period.name, la] = self._na(ind, period, la, whole_year)
            elif ind.supplied:
                for r in self._supplied(ind, period, las):
                    results[period.name, r.la] = r
            else:
                for la in las:
                    missing[period.name, la] = self.unavailable(ind, period, la)
                if any(missing[period.name, la] is None for la in las):
                    wanted.append(period)
        with self._kept_units(ind, wanted, only):
            rows = self._aggregate(ind, wanted, only) if wanted else {}
            notes = self._notes(ind, wanted, only) if wanted else {}
        for period in periods:
            for la in las:
                if (period.name, la) in results:
                    continue
                reason = missing[period.name, la]
                results[period.name, la] = (self._na(ind, period, la, reason) if reason
                                            else self._figure(ind, period, la, rows.get((period.name, la))))
                if not reason and notes.get((period.name, la)):
                    results[period.name, la].note = notes[period.name, la]
        return [results[p.name, la] for p in dict.fromkeys(periods) for la in las]

    def compute_one(self, ind: Indicator, period: Period, las: list[str]) -> list[Result]:
        return self.compute_indicator(ind, [period], las)

    def unavailable(self, ind: Indicator, period: Period, la: str) -> str | None:
        """Why a computed indicator has no figure for the LA and period (its data is not loaded, or it
        describes whole financial years only), or None: the figure is computed."""
        return _whole_year_only(ind, period) or self.coverage.missing(ind.requires, la, period,
                                                                      ind.history_from(period))

    @staticmethod
    def _na(ind: Indicator, period: Period, la: str, reason: str) -> Result:
        # the reason reaches pages as it is: periods in it as people read them ("12m to Dec 2024")
        return Result(ind.id, la, period.name, None, None, None, ind.unit, NOT_AVAILABLE, labelled(reason))

    def _aggregate(self, ind: Indicator, periods: list[Period],
                   only: list[str] | None = None) -> dict[tuple[str, str], tuple]:
        """{(period, la): (known units, numerator, aggregate, unknown units)} for all periods in one query.

        The indicator's SQL runs as a LATERAL subquery over a small table of
        periods, its $period_start / $period_end becoming that table's
        columns: DuckDB decorrelates it, so work that does not depend on the
        period (windows over a child's history, joins) is done once rather
        than once per period. Should a query not survive that rewriting, it
        runs once per period instead; the figures are the same either way
        (tests/test_engine.py checks).
        """
        select = _select(ind.aggregate, "u")
        where = _only(only)
        if self.batch and len(periods) > 1:
            try:
                return self._aggregate_batched(ind, periods, select, where)
            except duckdb.Error:
                self.unbatched.append(ind.id)  # fall back to one query per period, which reports errors plainly
        out: dict[tuple[str, str], tuple] = {}
        sql = f"SELECT u.la, {select} FROM {_subquery(ind.sql)} u {where} GROUP BY u.la"
        for period in periods:
            for row in self._run(ind, sql, period).fetchall():
                out[period.name, row[0]] = row[1:]
        return out

    @contextmanager
    def _kept_units(self, ind: Indicator, periods: list[Period], only: list[str] | None):
        """For an indicator whose notes are summed up too (_notes): its unit rows for every period, worked
        out once into a temporary table that the figures and the notes are then both counted from,
        rather than running the indicator twice. Only on the batched path (DuckDB)."""
        self._kept = None
        if self.batch and len(periods) > 1 and {"unknown_reason", "note"} & self._columns(ind, periods[0]):
            units, params = self._batched_units(ind, periods, "u.*")
            try:
                self.con.execute(f"CREATE OR REPLACE TEMPORARY TABLE {_KEPT} AS {units} {_only(only)}", params)
                self._kept = ind.id
            except duckdb.Error:  # e.g. two columns of one name: the indicator is run twice instead
                pass
        try:
            yield
        finally:
            if self._kept:
                self._kept = None
                self.con.execute(f"DROP TABLE IF EXISTS temp.main.{_KEPT}")

    def _batched_units(self, ind: Indicator, periods: list[Period], select: str) -> tuple[str, dict]:
        """The LATERAL query of the unit rows ``u`` of every period (see _aggregate): the period's name,
        then ``select``; and its parameters."""
        body = _PERIOD_PARAM.sub(lambda m: f"_period_.{m.group(1)}", _subquery(ind.sql))
        values = ", ".join(f"('{p.name}', DATE '{p.start.isoformat()}', DATE '{p.end.isoformat()}')"
                           for p in dict.fromkeys(periods))
        sql = (f"WITH _period_ AS (SELECT * FROM (VALUES {values}) v(period, period_start, period_end)) "
               f"SELECT _period_.period AS {_UNIT_PERIOD}, {select} FROM _period_, LATERAL {body} u")
        params = {k: v for k, v in self.parameters(ind, periods[0]).items() if k not in ("period_start", "period_end")}
        return sql, params

    def _aggregate_batched(self, ind: Indicator, periods: list[Period], select: str,
                           where: str = "", group: str = "") -> dict[tuple[str, str], tuple]:
        if self._kept == ind.id:  # the unit rows are in a table already (_kept_units)
            sql = (f"SELECT u.{_UNIT_PERIOD}, u.la, {select} FROM {_KEPT} u {where} "
                   f"GROUP BY u.{_UNIT_PERIOD}, u.la{group}")
            params = {}
        else:
            units, params = self._batched_units(ind, periods, f"u.la, {select}")
            sql = f"{units} {where} GROUP BY {_UNIT_PERIOD}, u.la{group}"
        if group:  # several rows per period and LA
            out: dict[tuple[str, str], list] = {}
            for row in self.con.execute(sql, params).fetchall():
                out.setdefault((row[0], row[1]), []).append(row[2:])
            return out
        return {(row[0], row[1]): row[2:] for row in self.con.execute(sql, params).fetchall()}

    def _notes(self, ind: Indicator, periods: list[Period], only: list[str] | None = None) -> dict[tuple[str, str], str]:
        """{(period, la): note} from the query's unknown_reason and note columns, where it has them.

        "2 unknown: care began before the first loaded return; no AD1 loaded for 2022-23: the
        foster-carer adjustment could not be applied (3)": each reason with its count, the unknown
        reasons first.
        """
        columns = self._columns(ind, periods[0])
        if not {"unknown_reason", "note"} & columns:
            return {}
        answer = "value" if ind.aggregate in ("median", "mean") else "in_numerator"
        reason = f"CASE WHEN u.{answer} IS NULL THEN u.unknown_reason END" if "unknown_reason" in columns else "NULL"
        note = "u.note" if "note" in columns else "NULL"
        select = f"{reason} AS _reason, {note} AS _note, count(*)"
        where = f"WHERE ({reason} IS NOT NULL OR {note} IS NOT NULL)" + _only(only).replace("WHERE", " AND")
        group = ", _reason, _note"
        try:
            found = self._aggregate_batched(ind, periods, select, where, group)
        except duckdb.Error:  # as _aggregate: one query per period instead
            found = {}
            sql = f"SELECT u.la, {select} FROM {_subquery(ind.sql)} u {where} GROUP BY u.la{group}"
            for period in periods:
                for row in self._run(ind, sql, period).fetchall():
                    found.setdefault((period.name, row[0]), []).append(row[1:])
        out = {}
        for key, rows in found.items():
            unknown: dict[str, int] = {}
            notes: dict[str, int] = {}
            for why, text, n in rows:
                if why is not None:
                    unknown[why] = unknown.get(why, 0) + n
                if text is not None:
                    notes[text] = notes.get(text, 0) + n
            parts = []
            if unknown:
                total = sum(unknown.values())
                parts.append(f"{total:,} unknown: " + ", ".join(
                    why if len(unknown) == 1 else f"{why} ({n:,})" for why, n in sorted(unknown.items())))
            parts += [f"{text} ({n:,})" for text, n in sorted(notes.items())]
            out[key] = "; ".join(parts)
        return out

    def _columns(self, ind: Indicator, period: Period) -> set[str]:
        """The names of the columns the indicator's query returns (it is planned, not run), once."""
        return set(self._column_types(ind, period))

    def _column_types(self, ind: Indicator, period: Period) -> dict[str, str]:
        """{column: DuckDB type} of the indicator's query, worked out once ("" where the connection does not
        say: indicators/spark.py's gives the names only)."""
        if ind.sql not in self._column_cache:
            cur = self._run(ind, f"SELECT * FROM {_subquery(ind.sql)} u LIMIT 0", period)
            self._column_cache[ind.sql] = {d[0]: str(d[1]) if len(d) > 1 else "" for d in cur.description}
        return self._column_cache[ind.sql]

    def _figure(self, ind: Indicator, period: Period, la: str, row: tuple | None) -> Result:
        n, k, agg, unknown = row if row else (0, 0, None, 0)
        k, unknown = k or 0, unknown or 0
        what = ind.extra.get("cohort") or ind.counts

        def ok(numerator, denominator, value) -> Result:
            return Result(ind.id, la, period.name, numerator, denominator, value, ind.unit, unknown=unknown)

        if ind.aggregate == "count":
            return ok(k, None, k)
        if ind.aggregate == "rate10k":
            year = period.year_ending
            pop = self.population_for(la, year)
            if not pop:
                return self._na(ind, period, la, (
                    f"population not set in scorecard.yaml and no published ONS population loaded for LA {la} "
                    f"year {year} (the children aged 0-17 at 31 March {year}: add it under las: \"{la}\": "
                    "population: in scorecard.yaml, or load the ONS mid-year estimates with "
                    "scorecard benchmarks load)"))
            return ok(k, pop, k * 10000 / pop)
        if not n:
            reason = (f"no {what.format(period=period.name)}" if "{period}" in what
                      else f"no {what} in {period.name}")
            if unknown:
                reason += f" (the answer is unknown for {unknown:,} of the {ind.counts} listed)"
            return self._na(ind, period, la, reason)
        if ind.aggregate == "percent":
            return ok(k, n, 100.0 * k / n)
        if ind.aggregate == "median":
            return ok(None, n, float(agg))
        return ok(k, n, float(agg))  # mean: numerator = sum

    # -- populations for rates ---------------------------------------------------
    def population_for(self, la: str, year: int) -> float | None:
        """The 0-17 population of (LA, year of 31 March): scorecard.yaml first, else the published ONS one."""
        return self.population.get((la, year)) or self.published_population().get((la, year))

    def published_population(self) -> dict[tuple[str, int], float]:
        """{(la, year): population} from `scorecard benchmarks load` (bench_population), read once.

        Where several ONS files give the same LA and year, the one whose estimates reach the latest
        mid-year (the newest publication, with any revisions) wins.
        """
        if self._published_population is None:
            try:
                rows = self.con.execute(
                    """WITH p AS (SELECT *, max(mid_year) OVER (PARTITION BY file) AS vintage
                                  FROM bench_population
                                  WHERE level = 'la' AND la_code IS NOT NULL AND population > 0)
                       SELECT la_code, year, population FROM p
                       QUALIFY row_number() OVER (PARTITION BY la_code, year ORDER BY vintage DESC, file DESC) = 1
                    """).fetchall()
            except duckdb.CatalogException:  # no published files loaded into this store
                rows = []
            self._published_population = {(la, int(year)): n for la, year, n in rows}
        return self._published_population

    def _supplied(self, ind: Indicator, period: Period, las: list[str]) -> list[Result]:
        found = self.supplied_values()
        out = []
        for la in las:
            row = found.get((ind.id, la, period.start, period.end))
            if row:
                num, den, value = row
                out.append(Result(ind.id, la, period.name, num, den, value, ind.unit))
            else:
                # the reason reaches councillors' pages: how to import one is the command line's to say
                out.append(Result(ind.id, la, period.name, None, None, None, ind.unit, NOT_AVAILABLE,
                                  f"{NO_VALUE_SUPPLIED} for {period_label(period.name)}"))
        return out

    def supplied_values(self) -> dict[tuple, tuple]:
        """Every supplied value, read once: {(indicator, la, start, end): (numerator, denominator, value)}.

        Matched on dates, so a value supplied for 2024-25 also answers 12m:2025-03-31; where two
        names cover the same dates the latest import wins.
        """
        if self._supplied_cache is None:
            try:
                rows = self.con.execute(
                    """SELECT indicator, la, period_start, period_end, numerator, denominator, value
                       FROM supplied_value
                       QUALIFY row_number() OVER (PARTITION BY indicator, la, period_start, period_end
                                                  ORDER BY load_id DESC) = 1""").fetchall()
            except duckdb.CatalogException:  # a store written before supplied values existed
                rows = []
            self._supplied_cache = {r[:4]: r[4:] for r in rows}
        return self._supplied_cache

    # -- case lists -------------------------------------------------------------
    def cases(self, iid: str, period: str | Period, la: str | None = None) -> Cases:
        """The unit rows behind a figure, for one LA or all: what a team manager acts on."""
        ind = self.catalogue.get(iid)
        period = parse_period(period)
        if ind.supplied:
            return Cases(ind.id, period.name, la, [], [], NOT_AVAILABLE,
                         f"{ind.title} is supplied as a figure; there are no case rows behind it")
        reason = self.unavailable(ind, period, la) if la else _whole_year_only(ind, period)
        if reason:
            return Cases(ind.id, period.name, la, [], [], NOT_AVAILABLE, reason)
        params = self.parameters(ind, period)
        if la:
            params["_la"] = la
        event, own = self._event(ind, params, period)
        cur = self._execute(ind, period, groups.annotate(self._units(ind, la), event, characteristics=False,
                                                         one_la=bool(la), own=own, **self.people_sources)
                            + " ORDER BY ALL", params)
        columns = [d[0] for d in cur.description if d[0] not in ("_unit", "_event")]
        rows = [{c: v for c, v in zip((d[0] for d in cur.description), r) if c in columns} for r in cur.fetchall()]
        return Cases(ind.id, period.name, la, columns, rows)

    def values(self, iid: str, period: str | Period, la: str) -> list | None:
        """The ``value`` of each of the LA's unit rows (a duration, a score), smallest first: what cases()
        gives without the groups or any other column. None where the figure is not available."""
        ind = self.catalogue.get(iid)
        period = parse_period(period)
        if ind.supplied or self.unavailable(ind, period, la) or "value" not in self._columns(ind, period):
            return None
        params = {**self.parameters(ind, period), "_la": la}
        cur = self._execute(ind, period, f"SELECT u.value FROM {self._units(ind, la)} u ORDER BY 1", params)
        return [row[0] for row in cur.fetchall()]

    def _units(self, ind: Indicator, la: str | None) -> str:
        """The indicator's unit rows (for one LA, or all) as a bracketed subquery."""
        return f"(SELECT * FROM {_subquery(ind.sql)} u {'WHERE u.la = $_la' if la else ''})"

    def _event(self, ind: Indicator, params: dict, period: Period) -> tuple[str | None, set[str]]:
        """The column of the unit rows that dates the event (groups.event_column), and the query's columns.

        Without one the period's end dates every row: ``params`` then gets $period_end.
        """
        columns = self._columns(ind, period)
        event = groups.event_column(ind, sorted(columns))
        if event is None:
            params["period_end"] = period.end
        return event, columns

    def _execute(self, ind: Indicator, period: Period | None, sql: str, params: dict):
        try:
            return self.con.execute(sql, params)
        except duckdb.Error as exc:
            when = f" for {period.name}" if period else ""
            raise IndicatorError(f"{ind.path.with_suffix('.sql')}: the query failed{when}: "
                                 f"{str(exc).splitlines()[0]}") from None

    # -- breakdowns -------------------------------------------------------------
    def cache_people(self, la: str | None = None) -> None:
        """Copy the allocations and characteristics (of one LA, or all) into temporary tables on this
        connection, for many breakdowns in a row: the views are worked out once, not once per indicator.
        Breakdowns must then be asked for that LA only."""
        for key, view in (("allocation", "child_allocation"), ("people", "child_characteristics")):
            where = "WHERE la = $la" if la else ""
            self.con.execute(f"CREATE OR REPLACE TEMPORARY TABLE _{view} AS SELECT * FROM {view} {where}",
                             {"la": la} if la else {})
            self.people_sources[key] = f"_{view}"

    def compute_by(self, ind: Indicator, period: Period, las: list[str], by: str | list[str],
                   figures: list[Result] | None = None):
        """The indicator per group (groups.GROUPS: team, worker, age, sex, ...) for each LA with data.

        The same unit rows as the figure, each in exactly one group, so the groups' numerators and
        denominators add up to the LA's. A rate's groups have counts only (no population per group).
        Each dict: indicator, la, period, by, group, numerator, denominator, value, unit, unknown.
        Several ``by`` at once (one query, GROUPING SETS) give {by: [dicts]}.
        """
        figures = figures if figures is not None else self.compute_indicator(ind, [period], las)
        return self.groups_of(ind, period, [r.la for r in figures if r.status == OK and r.la in las], by)

    def groups_of(self, ind: Indicator, period: Period, wanted: list[str], by: str | list[str]):
        """compute_by for these LAs, without asking whether each has a figure (the caller knows)."""
        bys = [by] if isinstance(by, str) else list(by)
        out: dict[str, list[dict[str, Any]]] = {b: [] for b in bys}
        if not ind.supplied and wanted:
            columns = [groups.GROUPS[b][0] for b in bys]
            params = self.parameters(ind, period)
            one = wanted[0] if len(wanted) == 1 else None
            if one:
                params["_la"] = one
            event, own = self._event(ind, params, period)
            body = groups.annotate(self._units(ind, one), event,
                                   characteristics=not set(columns) <= set(groups.ALLOCATION_COLUMNS),
                                   one_la=one is not None, own=own, **self.people_sources)
            sets = ", ".join(f"(g.la, g.{c})" for c in columns)
            picks = ", ".join(f"g.{c}" for c in columns)
            flags = ", ".join(f"GROUPING(g.{c})" for c in columns)
            sql = (f"SELECT g.la, {picks}, {flags}, {_select(ind.aggregate, 'g')} FROM ({body}) g "
                   f"GROUP BY GROUPING SETS ({sets})")
            width = len(columns)
            for row in self._execute(ind, period, sql, params).fetchall():
                la, values, flagged, (n, k, agg, unknown) = row[0], row[1:1 + width], row[1 + width:1 + 2 * width], \
                    row[1 + 2 * width:]
                if la not in wanted:
                    continue
                i = list(flagged).index(0)  # the grouping set this row belongs to
                out[bys[i]].append(self._group_row(ind, period, la, bys[i], values[i], n, k, agg, unknown))
        _sort_groups(out)
        return out[bys[0]] if isinstance(by, str) else out

    def groups_of_all(self, inds: list[Indicator], period: Period, la: str, bys: list[str]) -> dict[str, dict]:
        """groups_of for several indicators, one LA and period, in one query: {indicator: {by: rows}}.

        Their unit rows, cut to what the groups need (LA, child, event date, and in_numerator or value),
        are stacked and the groups added once (groups.annotate), then grouped by indicator and each
        ``by``: a report's breakdowns in one query rather than one per indicator, most of whose time
        would be the same small joins set up again. The rows and counts are those groups_of gives.
        These go through groups_of instead: an indicator whose settings clash with another's (one
        name, two values); whose query gives a group column of its own; or whose answer is not of the
        type the stack holds (a DECIMAL value, summed exactly on its own, would be summed as a double
        here). IndicatorError if the stacked query fails (groups_of then says which
        indicator's query it is)."""
        group_columns = {column for column, _ in groups.GROUPS.values()}
        chosen = {ind.id: ind for ind in inds}  # each once
        out: dict[str, dict] = {}
        params: dict[str, Any] = {"_la": la}
        branches, stacked = [], []
        for ind in chosen.values():
            types = self._column_types(ind, period)
            mine = self.parameters(ind, period)
            event = groups.event_column(ind, sorted(types))
            if event is None:
                mine["period_end"] = period.end
            # what the aggregate reads (_select): in_numerator for a share or count, value otherwise
            answer, kinds = (("in_numerator", _BOOLEAN) if ind.aggregate in _COUNTS_IN_NUMERATOR
                             else ("value", _NUMBERS))
            if ind.supplied or set(types) & group_columns or types.get(answer) not in kinds or \
                    any(k in params and (type(params[k]), params[k]) != (type(v), v) for k, v in mine.items()):
                out[ind.id] = self.groups_of(ind, period, [la], bys)
                continue
            params.update(mine)
            stacked.append(ind)
            name = ind.id.replace("'", "''")
            shown = {c: f"u.{c}" if c == answer and c in types else "NULL" for c in ("in_numerator", "value")}
            branches.append(
                f"SELECT '{name}' AS _indicator, u.la, u.child_id, "
                f"CAST({'u.' + event if event else '$period_end'} AS DATE) AS _event_date, "
                f"CAST({shown['in_numerator']} AS BOOLEAN) AS in_numerator, "
                f"CAST({shown['value']} AS DOUBLE) AS value FROM {self._units(ind, la)} u")
        if branches:
            out.update(self._stacked_groups(stacked, branches, params, period, bys))
        return {iid: out[iid] for iid in chosen}

    def _stacked_groups(self, stacked: list[Indicator], branches: list[str], params: dict, period: Period,
                        bys: list[str]) -> dict[str, dict]:
        columns = [groups.GROUPS[b][0] for b in bys]
        body = groups.annotate("(\n" + "\nUNION ALL\n".join(branches) + "\n)", "_event_date", one_la=True,
                               own={"_indicator", "la", "child_id", "_event_date", "in_numerator", "value"},
                               **self.people_sources)
        sets = ", ".join(f"(g._indicator, g.la, g.{c})" for c in columns)
        sql = (f"SELECT g._indicator, g.la, {', '.join(f'g.{c}' for c in columns)}, "
               f"{', '.join(f'GROUPING(g.{c})' for c in columns)}, count(g.in_numerator), "
               "count_if(g.in_numerator), count(g.value), sum(g.value), avg(g.value), median(g.value), count(*) "
               f"FROM ({body}) g GROUP BY GROUPING SETS ({sets})")
        try:
            rows = self.con.execute(sql, params).fetchall()
        except duckdb.Error as exc:
            raise IndicatorError(f"the breakdowns of {len(stacked)} indicators failed together: "
                                 f"{str(exc).splitlines()[0]}") from None
        by_id = {ind.id: ind for ind in stacked}
        got: dict[str, dict[str, list]] = {ind.id: {b: [] for b in bys} for ind in stacked}
        width = len(columns)
        for row in rows:
            ind = by_id[row[0]]
            values, flagged = row[2:2 + width], row[2 + width:2 + 2 * width]
            known_n, k, valued, total, mean, median, n = row[2 + 2 * width:]
            if ind.aggregate in _COUNTS_IN_NUMERATOR:
                figures = (known_n, k, None, n - known_n)
            elif ind.aggregate == "median":
                figures = (valued, None, median, n - valued)
            else:
                figures = (valued, total, mean, n - valued)
            i = list(flagged).index(0)  # the grouping set this row belongs to
            got[ind.id][bys[i]].append(self._group_row(ind, period, row[1], bys[i], values[i], *figures))
        for found in got.values():
            _sort_groups(found)
        return got

    @staticmethod
    def _group_row(ind: Indicator, period: Period, la: str, by: str, group, n, k, agg, unknown) -> dict[str, Any]:
        k, unknown = k or 0, unknown or 0
        if ind.aggregate in ("count", "rate10k"):
            numerator, denominator, value = k, None, (k if ind.aggregate == "count" else None)
        elif ind.aggregate == "percent":
            numerator, denominator, value = k, n, (100.0 * k / n if n else None)
        else:
            numerator, denominator, value = (None if ind.aggregate == "median" else k), n, (
                float(agg) if agg is not None else None)
        return {"indicator": ind.id, "la": la, "period": period.name, "by": by, "group": group,
                "numerator": numerator, "denominator": denominator, "value": value, "unit": ind.unit,
                "unknown": unknown}


# the aggregates that count in_numerator (the others read value): _select, and the stacked breakdowns
_COUNTS_IN_NUMERATOR = ("percent", "count", "rate10k")
# the types of the answer column that the stacked breakdowns (Engine.groups_of_all) hold as they are
_BOOLEAN = ("BOOLEAN",)
_NUMBERS = ("DOUBLE", "FLOAT", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT")


def _whole_year_only(ind: Indicator, period: Period) -> str | None:
    if ind.periods == "financial-year" and not period.is_whole_financial_year:
        return f"{ind.title} describes a whole financial year; ask for {period.financial_year.name}"
    return None


def _sort_groups(by_group: dict[str, list[dict[str, Any]]]) -> None:
    """Each ``by``'s group rows by LA, then in DfE's order of the groups (groups.sort_key)."""
    for b, rows in by_group.items():
        key = groups.sort_key(groups.GROUPS[b][0])
        rows.sort(key=lambda r: (r["la"], key(r["group"])))


def _select(aggregate: str, alias: str) -> str:
    """(known units, numerator, aggregate, unknown units) of unit rows ``alias``: a NULL in_numerator
    or value is unknown."""
    u = alias
    if aggregate in _COUNTS_IN_NUMERATOR:
        return f"count({u}.in_numerator), count_if({u}.in_numerator), NULL, count(*) - count({u}.in_numerator)"
    if aggregate == "median":
        # as a double: DuckDB's median of a DECIMAL column is rounded to its scale (1.5, 2.0 -> 1.8)
        return f"count({u}.value), NULL, median(CAST({u}.value AS DOUBLE)), count(*) - count({u}.value)"
    return f"count({u}.value), sum({u}.value), avg({u}.value), count(*) - count({u}.value)"


def population_from(las: Mapping[str, Mapping[int, float]]) -> dict[tuple[str, int], float]:
    """{la: {year: n}} -> {(la, year): n}."""
    return {(la, int(year)): n for la, years in las.items() for year, n in (years or {}).items()}

