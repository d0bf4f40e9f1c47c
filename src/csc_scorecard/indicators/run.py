"""What the Project does for indicators: settings + catalogue + store -> engine.

Kept here so project.py stays a thin facade.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..settings import Settings, check_settings_names, load_settings
from ..store import database
from .engine import Cases, Engine, Result
from .loader import Catalogue, load_catalogue
from .supplied import read_supplied


def settings_for(path: Path | None) -> Settings:
    return load_settings(path) if path else Settings()


def catalogue_for(settings: Settings) -> Catalogue:
    return load_catalogue([settings.catalogue] if settings.catalogue else [])


@contextmanager
def engine_for(db_path: Path, settings: Settings, catalogue: Catalogue) -> Iterator[Engine]:
    """An engine over a read-only connection to the store, with the LA's settings and populations."""
    declared = {name for ind in catalogue for name in ind.settings}
    check_settings_names(settings, declared)
    con = database.connect(db_path, read_only=True)
    try:
        yield Engine(con, catalogue, settings=settings.settings, population=settings.population(),
                     las=settings.las)
    finally:
        con.close()


def compute(db_path: Path, settings: Settings, periods: Iterable[str], *, la: str | None = None,
            ids: Iterable[str] | None = None) -> list[Result]:
    catalogue = catalogue_for(settings)
    # one LA from a regional or national store: only its rows are read (Engine.scoped)
    with engine_for(db_path, settings, catalogue) as engine, engine.scoped([la] if la else None):
        return engine.compute(list(periods), ids=ids, la=la)


def cases(db_path: Path, settings: Settings, indicator: str, period: str, *, la: str | None = None) -> Cases:
    catalogue = catalogue_for(settings)
    with engine_for(db_path, settings, catalogue) as engine, engine.scoped([la] if la else None):
        return engine.cases(indicator, period, la)


def supply_results(path: str | Path, settings: Settings):
    return read_supplied(path, catalogue_for(settings))


def compute_spark(data: Path, settings: Settings, periods: Iterable, *, la: str | None = None,
                  ids: Iterable[str] | None = None, spark=None, progress=None) -> list[Result]:
    """The same catalogue on Spark over a `scorecard export` folder (indicators/spark.py)."""
    from .spark import SparkConnection, SparkEngine, start_spark

    catalogue = catalogue_for(settings)
    declared = {name for ind in catalogue for name in ind.settings}
    check_settings_names(settings, declared)
    if progress:
        progress("starting Spark" if spark is None else "using the Spark session given")
    spark = spark or start_spark()
    if progress:
        progress(f"registering the export in {data} as Spark tables")
    con = SparkConnection(spark, data)
    try:
        engine = SparkEngine(con, catalogue, settings=settings.settings, population=settings.population(),
                             las=settings.las)
        out: list[Result] = []
        chosen = list(catalogue.select(ids))
        for n, ind in enumerate(chosen, 1):
            if progress:
                progress(f"[{n}/{len(chosen)}] {ind.id}")
            out.extend(engine.compute(list(periods), ids=[ind.id], la=la))
        return out
    finally:
        con.close()
