"""Hostile-size benchmark: peak memory and time for a 2 GB CSV and a 150 MB extract.

Not a test: it prints figures beside the targets (a minute and 1.5 GB for any file; under 1 GB
for the 2 GB CSV). Run it with

    .venv/bin/python benchmarks/bench_hostile.py                 # 2 GB CSV, 150 MB CIN census XML
    .venv/bin/python benchmarks/bench_hostile.py --csv-mb 500 --xml-mb 50 --keep

It writes, in a temporary folder (or --dir), streaming so this script itself stays small:

1. an SSDA903 Episodes CSV of ``--csv-mb`` MB (default 2,048): about 33 million plain rows;
2. a CIN census XML of about ``--xml-mb`` MB (default 150; the bench_ingest.py generator, about 28,000
   children with every block filled).

Each is loaded through ``Project.load`` into a fresh store, in a child process. Peak memory is the
child's VmHWM (its peak resident set: Python, lxml, Arrow and DuckDB alike); time is wall-clock and CPU
for the whole call (read, check, hash, store). The CSV is refused after MAX_RECORDS rows
(ingest/text_files.py), so what it shows is that neither time nor memory grows with the file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_ingest  # noqa: E402  (its CIN generator)

EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
TARGET_S, TARGET_MB, CSV_TARGET_MB = 60, 1536, 1024

_CHILD = r"""
import json, sys, time
from csc_scorecard.ingest import detect
from csc_scorecard.project import Project
detect._readers()
t0, c0 = time.perf_counter(), time.process_time()
report = Project(sys.argv[2]).load([sys.argv[1]], la=sys.argv[3] or None, year=int(sys.argv[4]) or None)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": hwm / 1024,
                  "status": [f.status for f in report.files], "rows": [f.rows for f in report.files],
                  "fatal": [i.code for i in report.issues if i.severity == "fatal"]}))
"""


def write_csv(path: Path, megabytes: int) -> int:
    target = megabytes << 20
    written = n = 0
    with open(path, "w") as f:
        f.write(EPISODES)
        while written < target:
            block = "".join(f"C{i},{1 + i % 28:02d}/{1 + i % 12:02d}/2024,S,C2,N1,U4,PR1,,,,AB1 2CD,EF3 4GH,SC{i % 999}\n"
                            for i in range(n, n + 50_000))
            f.write(block)
            written += len(block)
            n += 50_000
    return n


def measure(path: Path, db: Path, la: str = "", year: int = 0) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(db), la, str(year)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def show(title: str, size_mb: float, fig: dict, target_mb: int) -> None:
    print(f"\n{title} ({size_mb:,.0f} MB)")
    print(f"  time          {fig['seconds']:7.1f} s wall, {fig['cpu']:.1f} s CPU   target < {TARGET_S} s   "
          f"{'ok' if fig['seconds'] < TARGET_S else 'OVER'}")
    print(f"  peak memory   {fig['peak_mb']:7.0f} MB                target < {target_mb} MB   "
          f"{'ok' if fig['peak_mb'] < target_mb else 'OVER'}")
    print(f"  outcome       {', '.join(fig['status'])}"
          + (f" ({', '.join(fig['fatal'])})" if fig["fatal"] else "")
          + (f"; rows {fig['rows']}" if any(fig["rows"]) else ""))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv-mb", type=int, default=2048)
    ap.add_argument("--xml-mb", type=int, default=150)
    ap.add_argument("--dir", type=Path, help="where to write the files (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the files")
    args = ap.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        csv_path = folder / "2024-25" / "episodes.csv"
        csv_path.parent.mkdir(exist_ok=True)
        t = time.perf_counter()
        rows = write_csv(csv_path, args.csv_mb)
        print(f"Wrote {csv_path} ({csv_path.stat().st_size / 2**20:,.0f} MB, {rows:,} rows) in "
              f"{time.perf_counter() - t:.0f} s")
        show("SSDA903 Episodes CSV", csv_path.stat().st_size / 2**20, measure(csv_path, folder / "csv.duckdb", "201"),
             CSV_TARGET_MB)

        xml_path = folder / "cin_2024-25.xml"
        children = max(100, int(args.xml_mb * 10_000 / 54))  # bench_ingest: 10,000 children ~ 54 MB
        t = time.perf_counter()
        bench_ingest.write_cin_xml(xml_path, children)
        print(f"\nWrote {xml_path} ({xml_path.stat().st_size / 2**20:,.0f} MB, {children:,} children) in "
              f"{time.perf_counter() - t:.0f} s")
        show("CIN census XML", xml_path.stat().st_size / 2**20, measure(xml_path, folder / "xml.duckdb"), TARGET_MB)
    finally:
        if not args.keep and not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
