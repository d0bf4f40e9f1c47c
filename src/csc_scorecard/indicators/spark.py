"""The same catalogue on Spark: the export's Parquet as tables, each query transpiled at run time.

Nothing here is a second copy of any indicator. The engine (engine.py) is the
one that runs on DuckDB; it is given a *connection* that looks enough like
DuckDB's (``execute(sql, params)`` -> ``fetchall()`` / ``description``) and
that, for each query:

1. puts the parameters ($period_start, settings) in as SQL literals,
2. transpiles the text from DuckDB's dialect to Spark SQL with SQLGlot,
3. runs it with ``spark.sql``.

The tables are the Parquet files ``scorecard export`` writes (merged history,
one file per LA, return and collection year), read file by file so Spark
adds no partition columns; the store's views (store/views.sql) become
temporary views, transpiled the same way; the working-day calendar is built
by the same code as the store's and handed to Spark as Parquet. No Python
UDF is used, so the plan runs wholly in the JVM (and on Databricks).

Spark's errors come back as DuckDB's exception types so the engine's
handling ("not available", a clear failure message) is the same on both.
"""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

import duckdb
import sqlglot
from sqlglot import exp

from ..errors import ScorecardError
from ..store import views
from ..store.calendar import create_calendar
from ..store.schema import TABLES
from .engine import _PARAM, Engine

_ARROW_SQL = {"DATE": "DATE", "VARCHAR": "STRING", "INTEGER": "INT", "BOOLEAN": "BOOLEAN", "DOUBLE": "DOUBLE"}


def start_spark(master: str = "local[2]"):
    """A local Spark session for one machine (Databricks and other clusters give their own)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ScorecardError("Spark is an optional extra: pip install -e '.[spark]' (it needs Java 17).") from None
    session = (SparkSession.builder.master(master).appName("csc-scorecard")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "2")  # small data on local[2]: fewer, larger tasks
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.ansi.enabled", "false")  # DuckDB's NULL-on-bad-cast semantics, as in Databricks' default
            .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")  # Spark's INFO/WARN chatter would bury the figures
    return session


def to_spark_sql(sql: str) -> str:
    """DuckDB SQL -> Spark SQL (one statement)."""
    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, (int, float, Decimal)):
        return repr(value) if not isinstance(value, Decimal) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


def bind(sql: str, params: Mapping[str, Any] | None) -> str:
    """Put $name parameters in as literals (Spark SQL has no DuckDB-style named parameters)."""
    if not params:
        return sql
    return _PARAM.sub(lambda m: _literal(params[m.group(1)]) if m.group(1) in params else m.group(0), sql)


class _Cursor:
    def __init__(self, rows: list[tuple], columns: list[str]):
        self._rows = rows
        self.description = [(c,) for c in columns]

    def fetchall(self) -> list[tuple]:
        return self._rows

    def fetchone(self):
        return self._rows[0] if self._rows else None


class SparkConnection:
    """Enough of a DuckDB connection for the engine and its coverage checks, over Spark."""

    def __init__(self, spark, data: str | Path):
        self.spark = spark
        self.data = Path(data)
        manifest = self.data / "export.json"
        if not manifest.exists():
            raise ScorecardError(f"{self.data}: not a csc-scorecard export (no export.json); "
                                 "write one with: scorecard export --out DIR")
        self.manifest = json.loads(manifest.read_text(encoding="utf-8"))
        self._tmp = tempfile.TemporaryDirectory(prefix="csc-spark-")
        self.tables: set[str] = set()
        self._register_tables()
        self._register_calendar()
        self._register_load_history()
        self._register_views()

    # -- setting up ------------------------------------------------------------
    def _empty(self, name: str) -> str:
        cols = ", ".join(f"CAST(NULL AS {_ARROW_SQL[typ]}) AS {c}" for c, typ in TABLES[name].all_columns)
        return f"SELECT {cols} WHERE 1 = 0"

    def _register_tables(self) -> None:
        by_table: dict[str, list[str]] = {}
        for f in self.manifest["files"]:
            by_table.setdefault(f["table"], []).append(str(self.data / f["file"]))
        for name, table in TABLES.items():
            files = by_table.get(name)
            if files:
                # the canonical schema given, so Spark need not open every file to infer one
                schema = ", ".join(f"{c} {_ARROW_SQL[typ]}" for c, typ in table.all_columns)
                df = self.spark.read.schema(schema).parquet(*files)
                df.createOrReplaceTempView(name)
            else:
                self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS {self._empty(name)}")
            # The export holds the merged history; every version in it is a version the store held.
            self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW src_{name} AS SELECT * FROM {name}")
            self.tables |= {name, f"src_{name}"}

    def _register_calendar(self) -> None:
        con = duckdb.connect()
        try:
            create_calendar(con)
            path = Path(self._tmp.name) / "calendar.parquet"
            con.execute(f"COPY calendar TO '{path}' (FORMAT PARQUET)")
        finally:
            con.close()
        self.spark.read.parquet(str(path)).createOrReplaceTempView("calendar")
        self.tables.add("calendar")

    def _register_load_history(self) -> None:
        """load_file as the engine's coverage reads it: one 'loaded' file per version in the export."""
        rows = [(1, f["file"], f["la"], f["source_return"], f["collection_year"],
                 json.dumps({f["table"]: f["rows"]})) for f in self.manifest["files"]]
        schema = "load_id INT, file STRING, la STRING, source_return STRING, collection_year INT, row_counts STRING"
        df = self.spark.createDataFrame(rows, schema) if rows else self.spark.createDataFrame([], schema)
        df = df.selectExpr("*", "'loaded' AS status")
        df.createOrReplaceTempView("load_file")
        self.tables.add("load_file")

    def _register_views(self) -> None:
        for statement in sqlglot.parse(views.SQL, read="duckdb"):
            if not isinstance(statement, exp.Create):
                continue
            name = statement.this.name
            body = statement.expression.sql(dialect="spark")
            self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS {body}")
            self.tables.add(name)

    # -- what the engine calls ---------------------------------------------------
    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> _Cursor:
        from pyspark.errors import AnalysisException

        text = bind(sql, params)
        if "information_schema.tables" in text:
            return self._information_schema(text)
        try:
            tree = sqlglot.parse_one(text, read="duckdb")
        except sqlglot.errors.SqlglotError as exc:
            raise duckdb.Error(f"SQLGlot could not read the query: {exc}") from None
        # A table the export lacks (published benchmarks, say) is answered here, as DuckDB would,
        # without Spark logging an error for a question the engine expects to be answered "no".
        ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
        missing = {t.name for t in tree.find_all(exp.Table)} - self.tables - ctes - {""}
        if missing:
            raise duckdb.CatalogException(f"Table with name {sorted(missing)[0]} does not exist")
        spark_sql = tree.sql(dialect="spark")
        try:
            df = self.spark.sql(spark_sql)
            rows = [tuple(r) for r in df.collect()]
        except AnalysisException as exc:
            message = str(exc).splitlines()[0]
            if "TABLE_OR_VIEW_NOT_FOUND" in message:
                raise duckdb.CatalogException(message) from None
            raise duckdb.Error(f"Spark: {message}") from None
        except Exception as exc:  # Py4J and Spark runtime errors: the same plain failure as DuckDB's
            raise duckdb.Error(f"Spark: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
        return _Cursor(rows, df.columns)

    def _information_schema(self, sql: str) -> _Cursor:
        """The engine asks which tables exist (to find LAs, and whether optional tables are loaded)."""
        names = sorted(t for t in self.tables if t in TABLES or t.startswith("src_") or t == "calendar")
        if "table_type = 'VIEW'" in sql:
            names = []
        return _Cursor([(n,) for n in names], ["table_name"])

    def close(self) -> None:
        self._tmp.cleanup()


class SparkEngine(Engine):
    """The DuckDB engine over a SparkConnection; one query per period (Spark does not decorrelate the
    LATERAL form the DuckDB engine batches periods with)."""

    def __init__(self, con: SparkConnection, catalogue, **kwargs):
        kwargs["batch"] = False
        super().__init__(con, catalogue, **kwargs)

    def las(self) -> list[str]:
        if self._las is None:
            self._las = sorted(set(self.con.manifest.get("las") or []) | self._extra_las)
        return self._las
