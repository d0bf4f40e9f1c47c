"""A seeded mutator over every format's fixtures: damaged files never crash a reader or lose rows silently.

Each seed file is mutated many ways (byte flips, truncation, duplicated and deleted lines, stray quotes,
other encodings, NULs, huge fields, garbled XML, damaged zips). For every mutant:

* reading it never raises (SCORECARD_DEBUG makes a reader's fault surface here instead of becoming a
  "reader-failed" issue);
* for delimited text, rows stored + rows reported = rows in the file: every data line not stored is
  named by an issue (its row, line or line range), or the whole file is refused with a fatal issue;
* storing every readable mutant (each under its own LA code) never raises, and each stored file's rows
  in the store are the rows the reader returned;
* through the command line, `scorecard load` exits 0 or 1, never 3.

The default run does a fast subset (a fixed seed, 25 mutants per seed file, about 250 in all);
``pytest -m slow tests/test_fuzz.py`` runs four seeds of 150 per seed file (about 6,000).
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.ingest import detect
from csc_scorecard.ingest.text_files import _guess
from csc_scorecard.store import database
from csc_scorecard.store.schema import TABLES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CSV_SEEDS = ["903/episodes-bad-dates.csv", "903/episodes-overlapping.csv", "903/header-codes.csv",
             "903/reviews-duplicates.csv", "903/prevperm-zz-dates.csv", "903/episodes-two-starting-the-same-day.csv"]
XML_SEEDS = ["903/903-small.xml", "cin/clean_every_block_2027.xml", "cin/bad_dates.xml"]
LOCAL = ("la,child_id,health_assessment_date,assessment_type\n201,C1,01/05/2024,initial\n201,C2,02/05/2024,review\n"
         "201,C3,03/05/2024,initial\n201,C4,04/05/2024,IHA\n")


@pytest.fixture(autouse=True)
def _debug(monkeypatch):
    monkeypatch.setenv("SCORECARD_DEBUG", "1")  # a reader's fault raises here, not hidden as an issue


def annex_a_seed(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "List 1"
    ws.append(["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source"])
    for n in range(1, 8):
        ws.append([f"C{n}", "a) Male", "a) WBRI", "01/02/2015", 8, f"0{n}/01/2024", "Police"])
    wb.save(path)
    return path


# --- mutations ------------------------------------------------------------------------------------
def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def flip(rng, data):
    b = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def truncate(rng, data):
    return data[: rng.randrange(len(data) + 1)]


def duplicate_line(rng, data):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    return b"".join(lines[: i + 1] + [lines[i]] * rng.randint(1, 3) + lines[i + 1:])


def delete_line(rng, data):
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def stray_quote(rng, data):
    i = rng.randrange(len(data) + 1)
    return data[:i] + b'"' + data[i:]


def other_encoding(rng, data):
    text = data.decode("utf-8", errors="replace")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-8-sig", "utf-32"])
    return text.encode(codec, errors="replace")


def nuls(rng, data):
    b = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        b.insert(rng.randrange(len(b) + 1), 0)
    return bytes(b)


def huge_field(rng, data):
    i = rng.randrange(len(data) + 1)
    return data[:i] + b"x" * rng.choice([1000, 140_000, 300_000]) + data[i:]


def sentinel_values(rng, data):
    text = data.decode("utf-8", errors="replace")
    swap = rng.choice(["31/12/9999", "01/01/0001", "2147483648", "1e308", "-1", "=1+1", "<script>", "\u0663\u0661\u0660",
                       "NaN", "inf", "", "0²/05/2024", "²⁰²⁴", "٠١/٠٥/٢٠٢٤", "١٢"])
    dates = list(re.finditer(r"\d{2}/\d{2}/\d{4}|\b\d+\b", text))
    if not dates:
        return data
    m = rng.choice(dates)
    return (text[: m.start()] + swap + text[m.end():]).encode("utf-8")


def line_endings(rng, data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n", b"\x0b"]))


def garble_xml(rng, data):
    text = data.decode("utf-8", errors="replace")
    tags = [m.start() for m in re.finditer(r"<", text)]
    if not tags:
        return data
    i = rng.choice(tags)
    how = rng.randrange(4)
    if how == 0:
        text = text[:i] + text[i + 1:]  # a lost "<"
    elif how == 1:
        j = text.find(">", i)
        text = text[:i] + text[j + 1:] if j > 0 else text  # a lost tag
    elif how == 2:
        text = text[:i] + "<!-- " + text[i:]  # an unclosed comment
    else:
        text = text[:i] + "<X>&nbsp;&#0;</X>" + text[i:]  # an undefined entity and a bad character
    return text.encode("utf-8")


def damage_zip(rng, data):
    how = rng.randrange(4)
    if how == 0:
        return flip(rng, data)
    if how == 1:
        return truncate(rng, data)
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        parts = {n: src.read(n) for n in src.namelist()}
    except Exception:  # noqa: BLE001 - whatever zipfile makes of it (bad method, CRC, size), damage it more
        return flip(rng, data)  # already past repair: damage it further
    name = rng.choice(sorted(parts))
    if how == 2:
        del parts[name]  # a part lost
    else:
        parts[name] = rng.choice([garble_xml, flip, truncate, sentinel_values])(rng, parts[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, content in parts.items():
            z.writestr(n, content)
    return out.getvalue()


TEXT_MUTATIONS = [flip, truncate, duplicate_line, delete_line, stray_quote, other_encoding, nuls, huge_field,
                  sentinel_values, line_endings]
XML_MUTATIONS = TEXT_MUTATIONS + [garble_xml] * 3
ZIP_MUTATIONS = [damage_zip]


def mutants(seed: bytes, mutations, n: int, rng: random.Random):
    for _ in range(n):
        data = seed
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            data = rng.choice(mutations)(rng, data) or data
        yield data


# --- invariants -----------------------------------------------------------------------------------
_LOC = re.compile(r"(?:row|line)s? ([\d,]+)(?:-([\d,]+))?")


def _mentioned_lines(result) -> set[int]:
    out: set[int] = set()
    for issue in result.log.issues:
        m = _LOC.search(issue.location)
        if m:
            a = int(m.group(1).replace(",", ""))
            b = int(m.group(2).replace(",", "")) if m.group(2) else a
            out.update(range(a, b + 1))
    return out


def _data_lines(data: bytes) -> int:
    codec, _, skip = _guess(data[:65536])  # as the reader decodes it (text_files), undecodable bytes replaced
    if codec == "utf-8":
        try:
            text = data[skip:].decode("utf-8")
        except UnicodeDecodeError:
            text = data[skip:].decode("cp1252", errors="replace")
    else:
        text = data[skip:].decode(codec, errors="replace")
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return sum(1 for line in lines[1:] if line.strip(" \t,;|\"\x00"))


def check_no_silent_loss(data: bytes, result) -> None:
    """Rows stored + rows reported = rows in the file (reported: a line an issue names)."""
    if result.log.fatal:
        return  # the whole file was refused, with a fatal issue saying why
    stored = sum(result.row_counts().values())
    lost = _data_lines(data) - stored
    assert lost <= len(_mentioned_lines(result)), (
        f"{lost} rows neither stored nor named in an issue: {[(i.code, i.location) for i in result.log.issues]}")


def run_batch(tmp_path: Path, files: list[tuple[Path, bytes]], *, text: bool, kw: dict) -> None:
    results = []
    for n, (path, data) in enumerate(files):
        path.write_bytes(data)
        la = str(201 + n % 700)
        got = detect.read_file(path, la=la, **kw)
        for r in got:
            assert not any(i.code == "reader-failed" for i in r.log.issues)
            if text and r.source_return in ("ssda903", "local"):
                check_no_silent_loss(data, r)
        results.extend(got)
    con = database.connect(tmp_path / "fuzz.duckdb")
    try:
        outcome = database.load_results(con, results)
        for fo in outcome.files:
            if fo.status != "loaded":
                continue
            for name, n in fo.result.row_counts().items():
                stored = con.execute(f"SELECT count(*) FROM src_{name} WHERE source_file = ? AND la IS NOT DISTINCT "
                                     "FROM ?", [str(fo.result.path), fo.result.la]).fetchall()[0][0]
                if "load_id" not in TABLES[name].version:
                    assert stored == n, (fo.result.path.name, name, stored, n)
    finally:
        con.close()


def _fuzz(tmp_path: Path, per_seed: int, seed: int) -> None:
    rng = random.Random(seed)
    folder = tmp_path / "in"
    folder.mkdir()
    csvs = [(FIXTURES / s).read_bytes() for s in CSV_SEEDS] + [LOCAL.encode()]
    files = []
    for k, base in enumerate(csvs):
        name = "iha.csv" if k == len(csvs) - 1 else Path(CSV_SEEDS[k]).name
        files += [(folder / f"m{k}_{i}_{name}", d) for i, d in enumerate(mutants(base, TEXT_MUTATIONS, per_seed, rng))]
    (tmp_path / "a").mkdir()
    run_batch(tmp_path / "a", files, text=True, kw={"year": 2025})

    files = []
    for k, s in enumerate(XML_SEEDS):
        base = (FIXTURES / s).read_bytes()
        files += [(folder / f"x{k}_{i}.xml", d) for i, d in enumerate(mutants(base, XML_MUTATIONS, per_seed, rng))]
    (tmp_path / "b").mkdir()
    run_batch(tmp_path / "b", files, text=False, kw={"year": 2025})

    base = annex_a_seed(tmp_path / "seed.xlsx").read_bytes()
    files = [(folder / f"Annex_A_2024-03-31_{i}.xlsx", d)
             for i, d in enumerate(mutants(base, ZIP_MUTATIONS, per_seed, rng))]
    (tmp_path / "c").mkdir()
    run_batch(tmp_path / "c", files, text=False, kw={})


def test_fuzz_fast_subset(tmp_path):
    _fuzz(tmp_path, per_seed=25, seed=903)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_fuzz_long(tmp_path, seed, request):
    """About 1,500 mutants per seed; run with `pytest -m slow tests/test_fuzz.py` or SCORECARD_FUZZ_LONG=1."""
    if "slow" not in (request.config.getoption("markexpr") or "") and not os.environ.get("SCORECARD_FUZZ_LONG"):
        pytest.skip("the long fuzz runs only when asked for: pytest -m slow, or SCORECARD_FUZZ_LONG=1")
    _fuzz(tmp_path, per_seed=150, seed=seed)


def test_mutants_through_the_command_line_exit_0_or_1(tmp_path):
    rng = random.Random(1)
    base = (FIXTURES / "903/episodes-bad-dates.csv").read_bytes()
    folder = tmp_path / "2024-25"
    folder.mkdir()
    for i, data in enumerate(mutants(base, TEXT_MUTATIONS, 12, rng)):
        (folder / f"episodes_{i}.csv").write_bytes(data)
    (folder / "Annex_A_2024-03-31.xlsx").write_bytes(damage_zip(rng, annex_a_seed(tmp_path / "a.xlsx").read_bytes()))
    out = CliRunner().invoke(main, ["load", str(folder), "--la", "201", "--db", str(tmp_path / "s.duckdb"),
                                    "--issues-dir", str(tmp_path / "iss"), "--quiet"])
    assert out.exit_code in (0, 1), out.output
    assert "Internal error" not in out.output and "Traceback" not in out.output
