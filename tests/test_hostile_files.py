"""Hostile files built here: each refused (or read) within seconds, in bounded memory.

Time and peak memory are measured in a child process (its VmHWM belongs to that read alone), so a
file that made a reader balloon would show here even if it was refused in the end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from csc_scorecard.errors import IngestError
from csc_scorecard.ingest import cin_census, detect, ssda903_xml
from csc_scorecard.ingest.tree import read_tree

MB = 1 << 20
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from csc_scorecard.ingest import detect
import csc_scorecard.ingest.annex_a, csc_scorecard.ingest.cin_census, csc_scorecard.ingest.ssda903, openpyxl
t = time.monotonic()
results = detect.read_all([sys.argv[1]], la="201", year=2025)
use = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) across exec.
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"seconds": time.monotonic() - t, "cpu": use.ru_utime + use.ru_stime,
                  "peak_mb": hwm / 1024,
                  "issues": [[i.severity, i.code, i.message] for r in results for i in r.log.issues],
                  "rows": [r.row_counts() for r in results]}))
"""


def read_in_child(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONHASHSEED": "0"})
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def quick(result: dict, cpu_seconds: float) -> bool:
    """Within ``cpu_seconds`` of CPU (steady however busy the machine is) and two minutes of wall-clock time
    (the CI machine may be shared by many jobs)."""
    assert result["cpu"] < cpu_seconds and result["seconds"] < 120, (result["cpu"], result["seconds"])
    return True


def codes(result: dict, severity: str = "fatal") -> list[str]:
    return [code for sev, code, _ in result["issues"] if sev == severity]


def xlsx_with_sheet(path: Path, write_sheet, extra: dict[str, bytes] | None = None) -> Path:
    """A real workbook (sheet "List 1") whose sheet part is replaced by what write_sheet streams."""
    template = path.with_suffix(".template.xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "List 1"
    wb.active.append(["Child Unique ID"])
    wb.save(template)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with z.open(info.filename, "w", force_zip64=True) as f:
                    write_sheet(f)
            else:
                z.writestr(info, src.read(info))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    template.unlink()
    return path


_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_END = b"</sheetData></worksheet>"


def test_a_zip_bomb_sheet_is_refused_before_it_is_unpacked(tmp_path):
    def one_huge_cell(f):  # 210 MB unpacked in one inline string, about 1 MB packed
        f.write(_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
        chunk = b"a" * MB
        for _ in range(210):
            f.write(chunk)
        f.write(b"</t></is></c></row>" + _END)

    r = read_in_child(xlsx_with_sheet(tmp_path / "Annex_A_2024-03-31.xlsx", one_huge_cell))
    assert codes(r) == ["workbook-refused"]
    assert "210 MB" in r["issues"][0][2]
    assert quick(r, 3) and r["peak_mb"] < 300


def test_a_huge_shared_string_is_refused(tmp_path):
    huge = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + b"b" * (110 * MB) + \
        b"</t></si></sst>"
    r = read_in_child(xlsx_with_sheet(tmp_path / "Annex_A_2024-03-31.xlsx",
                                      lambda f: f.write(_HEAD + _END), {"xl/sharedStrings.xml": huge}))
    assert codes(r) == ["workbook-refused"] and "shared text" in r["issues"][0][2]
    assert quick(r, 3) and r["peak_mb"] < 500


def test_a_sparse_used_range_to_column_xfd_is_read_quickly(tmp_path):
    def sparse(f):  # 200,000 rows, each with one cell at column XFD (the last Excel has)
        f.write(_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Child Unique ID</t></is></c></row>')
        rows = [b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(2, 200_001)]
        f.write(b"".join(rows) + _END)

    r = read_in_child(xlsx_with_sheet(tmp_path / "Annex_A_2024-03-31.xlsx", sparse))
    assert "Internal" not in json.dumps(r)
    assert quick(r, 15) and r["peak_mb"] < 400


def test_millions_of_rows_are_refused(tmp_path):
    def many(f):
        f.write(_HEAD)
        for start in range(1, 1_100_000, 100_000):
            f.write(b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n)
                             for n in range(start, start + 100_000)))
        f.write(_END)

    r = read_in_child(xlsx_with_sheet(tmp_path / "Annex_A_2024-03-31.xlsx", many))
    assert codes(r) == ["workbook-refused"] and "250,000 rows" in r["issues"][0][2]
    assert quick(r, 3) and r["peak_mb"] < 300


def test_a_row_number_beyond_excel_is_refused_without_walking_to_it(tmp_path):
    r = read_in_child(xlsx_with_sheet(tmp_path / "Annex_A_2024-03-31.xlsx", lambda f: f.write(
        _HEAD + b'<row r="1"><c r="A1"><v>1</v></c></row><row r="900000000"><c r="A900000000"><v>1</v></c></row>'
        + _END)))
    assert codes(r) == ["workbook-refused"]
    assert quick(r, 5)


def test_a_sheet_listed_but_missing_from_the_zip_is_an_error(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "List 1"
    wb.active.append(["Child Unique ID"])
    wb.create_sheet("List 2").append(["Child Unique ID"])
    whole = tmp_path / "whole.xlsx"
    wb.save(whole)
    damaged = tmp_path / "Annex_A_2024-03-31.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(damaged, "w") as z:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                z.writestr(info, src.read(info))
    [r] = detect.read_file(damaged, la="201")
    assert [(i.severity, i.code, i.location) for i in r.log.issues if i.code == "sheet-part-missing"] == [
        ("error", "sheet-part-missing", "List 2")]


@pytest.mark.parametrize("kind", ["cin", "903"])
def test_a_doctype_after_the_first_64_kb_is_refused(tmp_path, kind, fixtures):
    src = fixtures / ("cin/clean_every_block_2027.xml" if kind == "cin" else "903/903-small.xml")
    text = src.read_text(encoding="utf-8")
    decl_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    bomb = ('<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    hostile = text[:decl_end] + "\n" + "<!--" + " " * 100_000 + "-->\n" + bomb + text[decl_end:]
    path = tmp_path / f"{kind}.xml"
    path.write_text(hostile, encoding="utf-8")
    # The sniffers look at the first bytes only, so such a file is not even claimed; the readers must still
    # refuse it if handed it: the check runs while streaming, not on the first 64 KB alone.
    reader = cin_census if kind == "cin" else ssda903_xml
    [r] = reader.read(path, la="201", year=2025)
    assert [(i.severity, i.code) for i in r.log.issues if i.severity == "fatal"] == [("fatal", "unsafe-xml")]
    assert not r.tables or all(not n for n in r.row_counts().values())


def test_a_named_pipe_or_device_is_refused_not_read(tmp_path):
    fifo = tmp_path / "episodes.csv"
    os.mkfifo(fifo)  # reading it would block the load for ever
    [r] = detect.read_file(fifo, la="201", year=2025)
    assert [i.code for i in r.log.issues] == ["not-a-file"]
    [r] = detect.read_file(Path("/dev/zero"), la="201", year=2025)
    assert [i.code for i in r.log.issues] == ["not-a-file"]
    # inside a folder it is not passed over in silence: the load names it and says why it was not read
    assert fifo in detect.expand_paths([tmp_path])
    [r] = read_tree([tmp_path], la="201", year=2025)
    assert [i.code for i in r.log.issues] == ["not-a-file"]


def test_a_huge_csv_is_refused_in_seconds_and_bounded_memory(tmp_path):
    path = tmp_path / "episodes.csv"
    with open(path, "w") as f:  # ~110 MB, 1.8 million rows: streamed to disk, never held here
        f.write(EPISODES)
        for start in range(0, 1_800_000, 100_000):
            f.write("".join(f"C{n},01/05/2024,S,C2,N1,U4,PR1,,,,AB1 2CD,EF3 4GH,SC{n % 999}\n"
                            for n in range(start, start + 100_000)))
    r = read_in_child(path)
    assert codes(r) == ["file-too-large"]
    assert quick(r, 10) and r["peak_mb"] < 600


def test_a_csv_of_one_endless_line_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "episodes.csv"
    with open(path, "w") as f:
        f.write(EPISODES.rstrip("\n"))
        for _ in range(100):
            f.write(",CHILD" * 200_000)  # 120 MB with no line break
    r = read_in_child(path)
    assert "Internal" not in json.dumps(r) and r["peak_mb"] < 400 and quick(r, 10)
    assert set(codes(r)) <= {"line-too-long", "unknown-table"} and codes(r)


def test_an_empty_folder_says_no_files_were_found(tmp_path):
    with pytest.raises(IngestError, match="No files to load were found"):
        detect.read_all([tmp_path])
