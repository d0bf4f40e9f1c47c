"""Benchmark readers on small hand-made files carrying the real files' quirks."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from csc_scorecard.benchmarks.errors import BenchmarkLookupError
from csc_scorecard.benchmarks.load import load_benchmarks
from csc_scorecard.benchmarks.published import MeasureKey, describe_year, published, resolve, years

EES = (
    "\ufefftime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,la_name,new_la_code,category,care_leaver_age,breakdown,care_leaver_count,care_leaver_percent\n"
    '202425,Academic year,National,E92000001,England,"","",,"","",Leavers,19 to 21 years,Total,100,54\n'
    '202425,Academic year,National,E92000001,England,"","",,"","",Leavers,17 to 18 years,Total,80,64\n'
    "202425,Academic year,Regional,E92000001,England,E13000002,Outer London,,,,Leavers,19 to 21 years,Total,40,50\n"
    "202425,Academic year,Local authority,E92000001,England,E13000002,Outer London,310,Harrow,E09000015,"
    "Leavers,19 to 21 years,Total,20,c\n"
    "202425,Academic year,Local authority,E92000001,England,E12000002,North West,909,Cumbria,E10000006,"
    "Leavers,19 to 21 years,Total,z,x\n"
    "202425,Academic year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,370,Barnsley,"
    "E08000016,Leavers,19 to 21 years,Total,30,k\n"
    "202324,Academic year,Local authority,E92000001,England,E13000002,Outer London,310,Harrow,E09000015,"
    "Leavers,19 to 21 years,Total,18,61\n"
    "202425,Academic year,Local authority district,E92000001,England,E12000002,North West,,,,"
    "Leavers,19 to 21 years,Total,5,5\n"
)


def lait_parquet(path, rows):
    cols = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]
    table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)},
                     schema=pa.schema([(c, pa.float64() if c == "LA Number" else pa.string()) for c in cols]))
    pq.write_table(table, path)


@pytest.fixture
def con():
    c = duckdb.connect()
    yield c
    c.close()


def test_ees_quirks(tmp_path, con):
    f = tmp_path / "la_care_leavers_activity.csv"
    f.write_text(EES, encoding="utf-8")
    [out] = load_benchmarks(con, [f])
    assert out.status == "loaded" and out.kind == "ees"
    assert "Local authority district (1)" in out.notes[0]  # other geographic levels are skipped, and said so
    rows = con.execute("""SELECT level, la_code, area_name, region, year, year_label, value, value_code, filters
                          FROM bench_value WHERE measure = 'care_leaver_percent'
                          ORDER BY level, la_code, year, filters""").fetchall()
    f19 = '{"care_leaver_age":"19 to 21 years"}'  # breakdown and category have one value: not filters
    assert rows == [
        ("england", None, "England", None, 2025, "2024/25", 64.0, None, '{"care_leaver_age":"17 to 18 years"}'),
        ("england", None, "England", None, 2025, "2024/25", 54.0, None, f19),
        ("la", "310", "Harrow", "London", 2024, "2023/24", 61.0, None, f19),
        ("la", "310", "Harrow", "London", 2025, "2024/25", None, "c", f19),
        ("la", "370", "Barnsley", "Yorkshire and The Humber", 2025, "2024/25", None, "k", f19),
        ("la", "909", "Cumbria", "North West", 2025, "2024/25", None, "x", f19),
        ("region", None, "Outer London", "Outer London", 2025, "2024/25", 50.0, None, f19),
    ]


def test_ees_key_needs_enough_filters(tmp_path, con):
    f = tmp_path / "la_care_leavers_activity.csv"
    f.write_text(EES, encoding="utf-8")
    load_benchmarks(con, [f])
    with pytest.raises(BenchmarkLookupError, match="care_leaver_age = 17 to 18 years | 19 to 21 years"):
        resolve(con, MeasureKey("ees", "care_leaver_percent", f.name))
    key = resolve(con, MeasureKey("ees", "care_leaver_percent", f.name, '{"care_leaver_age":"19 to 21 years"}'))
    assert years(con, key) == [2024, 2025]
    data = published(con, key, 2025)
    assert data.england == 54.0 and data.la == {"310": None, "370": None, "909": None}
    assert data.la_code_symbol == {"310": "c", "370": "k", "909": "x"}
    with pytest.raises(BenchmarkLookupError, match="no measure column"):
        resolve(con, MeasureKey("ees", "care_leaver_pct", f.name))
    # a file that is not loaded is simply absent
    assert resolve(con, MeasureKey("ees", "x", "other.csv")) is None


def test_lait_labels_codes_and_regions(tmp_path, con):
    f = tmp_path / "bds_long_0.parquet"
    lait_parquet(f, [
        ("ReReferral", None, "2025", "Harrow", "15.6", 310.0, "Outer London"),
        ("ReReferral", None, "2025", "Barnsley", "-", 370.0, "Yorkshire and The Humber"),
        ("ReReferral", None, "2025", "Yorkshire and the Humber", "21.7", 982.0, "NA"),
        ("ReReferral", None, "2025", "London (Outer)", "19.6", 988.0, "NA"),
        ("ReReferral", None, "2025", "England", "22.6", 970.0, "NA"),
        ("ReReferral", None, "0", "Harrow", "1", 310.0, "Outer London"),
        ("Fin", None, "2024-25 (OT)", "Harrow", "100", 310.0, "Outer London"),
        ("KS", None, "2025 (prov)", "Harrow", "1", 310.0, "Outer London"),
        ("KS", None, "2025 (Rev)", "Harrow", "2", 310.0, "Outer London"),
        ("Exc", None, "2023/24", "Harrow", "3", 310.0, "Outer London"),
        ("Alc", None, "2021/22-23/24", "Harrow", "4", 310.0, "Outer London"),
        ("RTA", None, "2020-22", "Harrow", "5", 310.0, "Outer London"),
    ])
    [out] = load_benchmarks(con, [f])
    assert out.status == "loaded" and out.rows == 10  # the "0" row has no year; "2025 (prov)" gives way to (Rev)
    rows = con.execute("""SELECT measure, level, la_code, area_name, region, year, year_label, value, value_code
                          FROM bench_value ORDER BY measure, level, area_name""").fetchall()
    assert rows == [
        ("Alc", "la", "310", "Harrow", "London", 2024, "2021/22-23/24", 4.0, None),
        ("Exc", "la", "310", "Harrow", "London", 2024, "2023/24", 3.0, None),
        ("Fin", "la", "310", "Harrow", "London", 2025, "2024-25 (OT)", 100.0, None),
        ("KS", "la", "310", "Harrow", "London", 2025, "2025 (Rev)", 2.0, None),
        ("RTA", "la", "310", "Harrow", "London", 2022, "2020-22", 5.0, None),
        ("ReReferral", "england", None, "England", None, 2025, "2025", 22.6, None),
        ("ReReferral", "la", "370", "Barnsley", "Yorkshire and The Humber", 2025, "2025", None, "-"),
        ("ReReferral", "la", "310", "Harrow", "London", 2025, "2025", 15.6, None),
        ("ReReferral", "region", None, "Outer London", "Outer London", 2025, "2025", 19.6, None),
        ("ReReferral", "region", None, "Yorkshire and The Humber", "Yorkshire and The Humber", 2025, "2025",
         21.7, None),
    ]


def test_neighbours_csv_with_trailing_spaces_and_a_gap(tmp_path, con):
    f = tmp_path / "sn_test_2030.csv"
    head = "old_la_code,la_name,region_ind,region_name," + ",".join(f"SN_{i},SN_{i}P" for i in range(1, 11))
    row1 = "310,Harrow,3,London," + ",".join(f"{300 + i},Very Close " for i in range(1, 11))
    row2 = "999,Nowhere,3,London," + ",".join(f"{300 + i},- " if i != 4 else "," for i in range(1, 11))
    f.write_text("\ufeff" + "\n".join([head, row1, row2, "310,Harrow again,3,London," + "1,x," * 10]) + "\n")
    [out] = load_benchmarks(con, [f])
    assert out.status == "loaded" and out.rows == 19
    assert out.notes == ["row 3: LA 999 (Nowhere) has no neighbour 4 listed",
                         "row 4: LA 310 is listed a second time; the first listing is kept"]
    got = con.execute("SELECT neighbour_rank, neighbour_la, band FROM bench_neighbour WHERE la_code = '310' "
                      "ORDER BY 1").fetchall()
    assert got == [(i, str(300 + i), "Very close") for i in range(1, 11)]
    assert con.execute("SELECT count(*), count(band) FROM bench_neighbour WHERE la_code = '999'").fetchone() == (9, 0)


def test_reload_of_a_changed_file_replaces_its_rows(tmp_path, con):
    f = tmp_path / "la_care_leavers_activity.csv"
    f.write_text(EES, encoding="utf-8")
    load_benchmarks(con, [f])
    n = con.execute("SELECT count(*) FROM bench_value").fetchone()[0]
    assert [o.status for o in load_benchmarks(con, [f])] == ["unchanged"]
    f.write_text(EES.replace("Total,20,c", "Total,20,45"), encoding="utf-8")
    assert [o.status for o in load_benchmarks(con, [f])] == ["loaded"]
    assert con.execute("SELECT count(*) FROM bench_value").fetchone()[0] == n
    assert con.execute("SELECT value FROM bench_value WHERE la_code = '310' AND year = 2025 "
                       "AND measure = 'care_leaver_percent'").fetchone() == (45.0,)
    assert con.execute("SELECT count(*) FROM bench_file").fetchone() == (1,)


def test_bad_files_are_reported_and_the_rest_still_loads(tmp_path, con):
    good = tmp_path / "a.csv"
    good.write_text(EES, encoding="utf-8")
    empty = tmp_path / "b.csv"
    empty.write_text("")
    other = tmp_path / "c.csv"
    other.write_text("name,score\nx,1\n")
    no_codes = tmp_path / "d.csv"
    no_codes.write_text("time_period,geographic_level,la_name,value\n2025,National,,3\n")
    out = {o.path.name: o for o in load_benchmarks(con, [tmp_path])}
    assert out["a.csv"].status == "loaded"
    assert out["b.csv"].status == "not loaded" and "empty" in out["b.csv"].message
    assert "not a benchmark file" in out["c.csv"].message and "name, score" in out["c.csv"].message
    assert "no old_la_code or new_la_code" in out["d.csv"].message
    assert str(no_codes) in out["d.csv"].message


@pytest.mark.parametrize("year, label, kind, expected", [
    (2025, "2025", "Financial Year", "2024-25"),
    (2025, "2025", "Academic Year", "2024/25 academic year"),
    (2025, "2025 (Rev)", "Academic Year", "2024/25 academic year (revised)"),
    (2025, "2024-25", None, "2024-25"),
    (2025, "2024/25", None, "2024/25"),
    (2024, "2024", "Calendar Year", "2024"),
])
def test_describe_year(year, label, kind, expected):
    assert describe_year(year, label, kind) == expected
