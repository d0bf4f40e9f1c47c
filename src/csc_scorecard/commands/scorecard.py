"""scorecard init / scorecard benchmarks load | show | list."""

from __future__ import annotations

from pathlib import Path

import click
import duckdb

from ..assess.compare import published_comparators
from ..assess.starter import write_starter
from ..benchmarks.errors import BenchmarkLookupError
from ..benchmarks.load import load_benchmarks, loaded_files
from ..benchmarks.profile import find_la, la_profile
from ..benchmarks.published import keys_from_benchmark
from ..benchmarks.tables import has_tables
from ..errors import ScorecardError
from ..project import Project
from ..reference.areas import shipped_la
from .common import db_option, progress_printer


def _fmt(value, dp: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{dp}f}" if isinstance(value, float) and value != int(value) else f"{value:,.0f}"


@click.command("init")
@click.option("--la", "la_text", help="Your LA: its three-digit DfE code (310) or its name (Harrow).")
@click.option("--out", default=".", show_default=True, type=click.Path(file_okay=False),
              help="The folder to write scorecard.yaml and layout.yaml into.")
@db_option
@click.option("--benchmarks", "bench_paths", multiple=True, type=click.Path(exists=True),
              help="Published files or folders to take the LA's details from (instead of those loaded in the store).")
@click.option("--force", is_flag=True, help="Replace scorecard.yaml and layout.yaml if they exist.")
def init_command(la_text, out, db, bench_paths, force):
    """Write a starting scorecard.yaml (settings) and layout.yaml (scorecard rows and targets) to edit."""
    con = None
    try:
        if bench_paths:
            con = duckdb.connect()
            results = load_benchmarks(con, bench_paths)
            for r in results:
                if r.status == "not loaded":
                    click.echo(f"  skipped: {r.message}", err=True)
        elif Path(db).exists():
            con = duckdb.connect(str(db), read_only=True)
        profile = None
        if con is not None and has_tables(con) and la_text:
            profile = la_profile(con, find_la(con, la_text))
        elif la_text and (shipped := shipped_la(la_text)):
            from ..benchmarks.profile import LaProfile

            profile = LaProfile(shipped[0], name=shipped[1], ons_code=shipped[2])
        elif la_text and la_text.strip().isdigit():
            raise ScorecardError(f'"{la_text}" is not the DfE code of an English local authority '
                                 "(three digits, e.g. 309 for Haringey).")
        elif la_text:
            raise ScorecardError(f'No published files are loaded, so "{la_text}" cannot be looked up: give the '
                                 "three-digit DfE code, or load the files with `scorecard benchmarks load` "
                                 "(or pass --benchmarks FOLDER).")
    except duckdb.Error as exc:
        raise ScorecardError(f"Cannot read the store {db}: {exc}") from None
    finally:
        if con is not None:
            con.close()
    written = write_starter(out, profile, force=force)
    click.echo(f"Wrote {written.settings} and {written.layout}.")
    if written.filled and not profile.population and not profile.neighbours:
        click.echo(f"  {profile.name} ({profile.code}): no published files were at hand, so add the population "
                   "and the statistical neighbours, or run `scorecard benchmarks load FOLDER` then "
                   f"`scorecard init --la {profile.code} --force`.")
    elif written.filled:
        click.echo(f"  {profile.name} ({profile.code}): population for {len(profile.population)} years, "
                   f"{len(profile.neighbours)} statistical neighbours"
                   + (f" ({profile.neighbour_model})" if profile.neighbour_model else "") + ".")
    else:
        click.echo("  No published files were at hand, so scorecard.yaml holds placeholders: fill them in, "
                   "or run `scorecard benchmarks load FOLDER` then `scorecard init --la CODE --force`.")
    click.echo("  Edit the targets in layout.yaml: they start at the England 2024-25 figures.")


@click.group("benchmarks")
def benchmarks_group():
    """Published comparison data: DfE EES CSVs, LAIT, statistical neighbours, Ofsted outcomes."""


@benchmarks_group.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--quiet", is_flag=True, help="No progress lines.")
def benchmarks_load(paths, db, quiet):
    """Store published files (or every one in a folder). Loading a file again replaces its rows."""
    con = Project(db).connect()
    try:
        results = load_benchmarks(con, paths, progress=progress_printer(not quiet))
    finally:
        con.close()
    if not results:
        click.echo(f"No published files were found in {', '.join(paths)} (CSV or xlsx); nothing was stored.", err=True)
        raise SystemExit(1)
    failed = 0
    for r in results:
        mark = {"loaded": "OK ", "unchanged": "== ", "not loaded": "XX "}[r.status]
        click.echo(f"{mark}{r.path}")
        if r.status == "not loaded":
            failed += 1
            click.echo(f"    not loaded: {r.message}")
        else:
            click.echo(f"    {r.kind}; {r.status}; {r.rows:,} rows")
        for note in r.notes[:5]:
            click.echo(f"    note: {note}")
        if len(r.notes) > 5:
            click.echo(f"    ... and {len(r.notes) - 5} more notes")
    if failed:
        rest = f"the others are stored in {db}." if failed < len(results) else "nothing was stored."
        click.echo(f"{failed} file{'s' if failed > 1 else ''} not loaded; {rest}")
        raise SystemExit(1)
    click.echo(f"Stored in {db}.")


@benchmarks_group.command("list")
@db_option
def benchmarks_list(db):
    """The published files stored, with when they were loaded."""
    if not Path(db).exists():
        click.echo(f"No store at {db}.")
        return
    con = duckdb.connect(str(db), read_only=True)
    try:
        files = loaded_files(con)
    finally:
        con.close()
    if not files:
        click.echo(f"No published files loaded in {db}. Load them with: scorecard benchmarks load FOLDER")
    for f in files:
        click.echo(f"{f['kind']:<16} {f['loaded_at']:%Y-%m-%d %H:%M}  {f['rows']:>9,} rows  {f['file']}")


@benchmarks_group.command("show")
@click.option("--la", "la_text", required=True, help="The LA: DfE code (310) or name.")
@click.option("--measure", required=True,
              help="A LAIT measure (ReReferral), an indicator id (re-referrals-12m) or FILE.csv:COLUMN for EES.")
@click.option("--period", default=None, help="The period to compare, e.g. 2024-25 (default: the latest published).")
@click.option("--model", default=None, help="The statistical neighbour model (file stem), e.g. sn_may_2025.")
@db_option
def benchmarks_show(la_text, measure, period, model, db):
    """An LA against its neighbours, region and England for one published measure."""
    project = Project(db)
    con = project.connect(read_only=True)
    try:
        if not has_tables(con):
            raise ScorecardError(f"No published files are loaded in {db}. Load them with: "
                                 "scorecard benchmarks load FOLDER")
        la = find_la(con, la_text)
        block, polarity = _benchmark_for(measure)
        keys = keys_from_benchmark(block)
        if period is None:
            from ..benchmarks.published import resolve, years
            from ..indicators.period import fy_name

            found = [y for k in keys if (s := resolve(con, k)) for y in years(con, s)]
            if not found:
                raise BenchmarkLookupError(_not_loaded(measure, keys))
            period = fy_name(max(found))
        comp = published_comparators(con, la, block, period, polarity=polarity, model=model)
        if comp is None:
            raise BenchmarkLookupError(_not_loaded(measure, keys))
        profile = la_profile(con, la, model)
    finally:
        con.close()
    click.echo(f"{profile.name} ({la}) - {comp.source} - {comp.year_used or 'no year'}"
               + (f" ({comp.note})" if comp.note else ""))
    click.echo(f"  value {_fmt(comp.value)}   England {_fmt(comp.england)}   "
               f"{comp.region_name or 'region'} {_fmt(comp.region)}")
    click.echo(f"  neighbours: mean {_fmt(comp.neighbours_mean, 2)}, median {_fmt(comp.neighbours_median, 2)} "
               f"({comp.neighbours_n} of {comp.neighbours_listed} with a value)")
    if comp.polarity in ("up", "down"):
        click.echo(f"  rank {comp.rank or '-'} of {comp.of} ({'higher' if comp.polarity == 'up' else 'lower'} "
                   f"is better), quartile band {comp.quartile_band or '-'}")
    else:
        click.echo(f"  context measure: no rank or quartile band ({comp.of} LAs with a value)")
    for n in comp.neighbours:
        click.echo(f"    {n['la']} {n.get('name') or '':<28} {_fmt(n['value'])}")


def _not_loaded(measure: str, keys) -> str:
    where = " or ".join(("LAIT's data (bds_long_0.parquet)" if k.source == "lait" else k.file) for k in keys)
    return (f"{measure}: the file it is published in is not loaded. Load {where or 'it'} with "
            "`scorecard benchmarks load PATH`.")


def _benchmark_for(measure: str):
    """(benchmark block, polarity or None) for a LAIT name, an indicator id or FILE.csv:COLUMN."""
    text = measure.strip()
    if ".csv:" in text:
        file, column = text.split(":", 1)
        return {"ees": {"file": file.strip(), "column": column.strip()}}, None
    from ..indicators.loader import load_catalogue

    try:
        catalogue = load_catalogue()
        if text in catalogue:
            ind = catalogue.get(text)
            if not ind.benchmark:
                raise BenchmarkLookupError(f"the indicator {text} names no published measure (benchmark:).")
            return ind.benchmark, ind.polarity
    except ScorecardError as exc:
        if isinstance(exc, BenchmarkLookupError):
            raise
    return text, None

