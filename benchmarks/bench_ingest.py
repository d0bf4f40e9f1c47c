"""Ingest benchmark: how fast do a large CIN census and SSDA903 set load?

Not a test: it prints figures beside the targets. Run it with

    .venv/bin/python benchmarks/bench_ingest.py            # 10,000 CIN children, ~13,000 903 children
    .venv/bin/python benchmarks/bench_ingest.py --cin 2000 --ssda903 3000   # smaller

It builds the input files in a temporary folder with its own simple generator
(synthetic, random but shaped like real returns), then loads each set through
``Project.load`` into a fresh DuckDB file, once per run, in a child process so
that the peak memory figure (ru_maxrss: the process's peak resident set size,
Python heap *and* lxml / pyarrow / DuckDB native memory) belongs to that load
alone. Time is wall-clock for the whole ``Project.load`` call: reading,
checking, hashing the file, writing the store and rebuilding the merged tables
(the modules are imported before the clock starts).

Optionally (``--peer PYTHON``) it times the sector's own CIN validator converting the
same file, if it is installed in a separate virtualenv (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

CIN_TARGET_S, CIN_TARGET_MB = 2.0, 500
SSDA903_TARGET_S = 1.0

# --- CIN census XML ---------------------------------------------------------

_REF_SOURCES = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
                "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"]
_NEEDS = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"]
_CLOSURES = ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]
_FACTORS = ["1A", "1B", "2B", "3A", "3B", "4A", "4B", "6B", "7A", "10A", "11A", "16A", "17A",
            "18B", "18C", "19C", "20", "21", "24A"]
_ABUSE = ["NEG", "PHY", "SAB", "EMO", "MUL"]
_DISABILITIES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]
_ETHNIC = ["WBRI", "WIRI", "WOTH", "MWBC", "MOTH", "AIND", "APKN", "ABAN", "BCRB", "BAFR", "CHNE",
           "OOTH", "REFU", "NOBT"]


def _d(day: date) -> str:
    return day.isoformat()


def write_cin_xml(path: Path, children: int, *, year: int = 2025, la: str = "999", seed: int = 1) -> None:
    """A CIN census of `children` children, every block filled (1-3 referrals each)."""
    rnd = random.Random(seed)
    start = date(year - 1, 4, 1)
    parts = [
        "<?xml version='1.0' encoding='utf-8'?>\n<Message>\n  <Header>\n    <CollectionDetails>\n"
        f"      <Collection>CIN</Collection>\n      <Year>{year}</Year>\n"
        f"      <ReferenceDate>{year}-03-31</ReferenceDate>\n    </CollectionDetails>\n"
        f"    <Source>\n      <SourceLevel>L</SourceLevel>\n      <LEA>{la}</LEA>\n"
        "      <SoftwareCode>bench</SoftwareCode>\n      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n"
        f"      <DateTime>{year}-05-01T09:00:00</DateTime>\n    </Source>\n  </Header>\n  <Children>\n"
    ]
    for n in range(1, children + 1):
        dob = start - timedelta(days=rnd.randint(30, 17 * 365))
        disabilities = "".join(f"<Disability>{c}</Disability>" for c in rnd.sample(_DISABILITIES, rnd.randint(1, 2)))
        out = [
            f"    <Child>\n      <ChildIdentifiers>\n        <LAchildID>C{n:07d}</LAchildID>\n"
            f"        <UPN>A{rnd.randrange(10**10, 10**11)}{rnd.randint(0, 9)}</UPN>\n"
            f"        <PersonBirthDate>{_d(dob)}</PersonBirthDate>\n        <Sex>{rnd.choice('MFU')}</Sex>\n"
            f"      </ChildIdentifiers>\n      <ChildCharacteristics>\n        <Ethnicity>{rnd.choice(_ETHNIC)}</Ethnicity>\n"
            f"        <Disabilities>{disabilities}</Disabilities>\n      </ChildCharacteristics>\n"
        ]
        ref = start - timedelta(days=rnd.randint(0, 500))
        for _ in range(rnd.randint(1, 3)):
            ref = ref + timedelta(days=rnd.randint(1, 120))
            a1 = ref + timedelta(days=rnd.randint(0, 5))
            s47 = ref + timedelta(days=rnd.randint(0, 10))
            icpc = s47 + timedelta(days=rnd.randint(5, 25))
            cpp = icpc
            pp = cpp + timedelta(days=rnd.randint(30, 90))
            closure = ref + timedelta(days=rnd.randint(200, 400))
            assessments = []
            for k in range(rnd.randint(1, 2)):
                st = a1 + timedelta(days=60 * k)
                factors = "".join(f"<AssessmentFactors>{c}</AssessmentFactors>" for c in rnd.sample(_FACTORS, rnd.randint(1, 3)))
                assessments.append(
                    f"        <Assessments>\n          <AssessmentActualStartDate>{_d(st)}</AssessmentActualStartDate>\n"
                    f"          <AssessmentInternalReviewDate>{_d(st + timedelta(days=20))}</AssessmentInternalReviewDate>\n"
                    f"          <AssessmentAuthorisationDate>{_d(st + timedelta(days=rnd.randint(5, 70)))}</AssessmentAuthorisationDate>\n"
                    f"          <FactorsIdentifiedAtAssessment>{factors}</FactorsIdentifiedAtAssessment>\n        </Assessments>\n")
            reviews = "".join(f"<CPPreviewDate>{_d(cpp + timedelta(days=90 * (k + 1)))}</CPPreviewDate>"
                              for k in range(rnd.randint(1, 3)))
            out.append(
                f"      <CINdetails>\n        <CINreferralDate>{_d(ref)}</CINreferralDate>\n"
                f"        <ReferralSource>{rnd.choice(_REF_SOURCES)}</ReferralSource>\n"
                f"        <PrimaryNeedCode>{rnd.choice(_NEEDS)}</PrimaryNeedCode>\n"
                f"        <CINclosureDate>{_d(closure)}</CINclosureDate>\n"
                f"        <ReasonForClosure>{rnd.choice(_CLOSURES)}</ReasonForClosure>\n"
                f"        <DateOfInitialCPC>{_d(icpc)}</DateOfInitialCPC>\n"
                + "".join(assessments) +
                f"        <CINPlanDates>\n          <CINPlanStartDate>{_d(a1 + timedelta(days=30))}</CINPlanStartDate>\n"
                f"          <CINPlanEndDate>{_d(closure)}</CINPlanEndDate>\n        </CINPlanDates>\n"
                f"        <Section47>\n          <S47ActualStartDate>{_d(s47)}</S47ActualStartDate>\n"
                f"          <InitialCPCtarget>{_d(s47 + timedelta(days=21))}</InitialCPCtarget>\n"
                f"          <DateOfInitialCPC>{_d(icpc)}</DateOfInitialCPC>\n"
                f"          <ICPCnotRequired>{rnd.randint(0, 1)}</ICPCnotRequired>\n        </Section47>\n"
                f"        <ReferralNFA>{rnd.randint(0, 1)}</ReferralNFA>\n"
                f"        <ChildProtectionPlans>\n          <CPPstartDate>{_d(cpp)}</CPPstartDate>\n"
                f"          <CPPendDate>{_d(closure)}</CPPendDate>\n"
                f"          <InitialCategoryOfAbuse>{rnd.choice(_ABUSE)}</InitialCategoryOfAbuse>\n"
                f"          <LatestCategoryOfAbuse>{rnd.choice(_ABUSE)}</LatestCategoryOfAbuse>\n"
                f"          <NumberOfPreviousCPP>{rnd.randint(0, 3)}</NumberOfPreviousCPP>\n"
                f"          <Reviews>{reviews}</Reviews>\n        </ChildProtectionPlans>\n"
                f"        <PreProceedingsandFGDM>\n          <PPStartDate>{_d(pp)}</PPStartDate>\n"
                f"          <LBPSentDate>{_d(pp + timedelta(days=7))}</LBPSentDate>\n"
                f"          <FGDMMeetingOffer>1</FGDMMeetingOffer>\n          <FGDMMeetingFac>{rnd.randint(0, 1)}</FGDMMeetingFac>\n"
                f"          <InitialPPMeetingDate>{_d(pp + timedelta(days=14))}</InitialPPMeetingDate>\n"
                f"          <ReviewMeetingsCount>{rnd.randint(0, 4)}</ReviewMeetingsCount>\n"
                f"          <StepDecisionDate>{_d(pp + timedelta(days=90))}</StepDecisionDate>\n"
                f"          <PPOutcome>{rnd.choice('ABC')}</PPOutcome>\n"
                f"          <CourtAppDate>{_d(pp + timedelta(days=100))}</CourtAppDate>\n"
                f"          <LetterInitCPDate>{_d(pp + timedelta(days=95))}</LetterInitCPDate>\n"
                "        </PreProceedingsandFGDM>\n      </CINdetails>\n")
        out.append("    </Child>\n")
        parts.append("".join(out))
    parts.append("  </Children>\n</Message>\n")
    path.write_text("".join(parts), encoding="utf-8")


# --- SSDA903 CSVs -------------------------------------------------------------

def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def write_903_csvs(folder: Path, children: int, *, year: int = 2025, seed: int = 2) -> None:
    """An SSDA903 CSV set (all tables) for `children` children, in the DfE upload layout."""
    rnd = random.Random(seed)
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    rows: dict[str, list[str]] = {
        "header": ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"],
        "episodes": ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"],
        "reviews": ["CHILD,DOB,REVIEW,REVIEW_CODE"],
        "uasc": ["CHILD,SEX,DOB,DUC"],
        "oc2": ["CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
                "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"],
        "oc3": ["CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"],
        "ad1": ["CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR"],
        "placed_for_adoption": ["CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED"],
        "previous_permanence": ["CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM"],
        "missing": ["CHILD,DOB,MISSING,MIS_START,MIS_END"],
        "sw_episodes": ["CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON"],
    }
    places = ["U1", "U3", "U4", "U6", "K2", "R1", "P1", "K3", "S1"]
    for n in range(1, children + 1):
        child = f"{n:08d}"
        dob = start - timedelta(days=rnd.randint(30, 17 * 365))
        sex = rnd.choice("MF")
        dobs = _dmy(dob)
        rows["header"].append(f"{child},{sex},{dobs},{rnd.choice(_ETHNIC)},A{rnd.randrange(10**11, 10**12)}1,,")
        decom = start - timedelta(days=rnd.randint(0, 900))
        for k in range(rnd.randint(1, 3)):
            dec = decom + timedelta(days=rnd.randint(20, 300))
            open_ = dec > end
            rows["episodes"].append(
                f"{child},{_dmy(decom)},{'S' if k == 0 else 'P'},C2,N1,{rnd.choice(places)},PR1,"
                f"{'' if open_ else _dmy(dec)},{'' if open_ else 'X1'},{'' if k == 0 else 'CARPL'},AB1 2CD,EF3 4GH,SC123456")
            rows["reviews"].append(f"{child},{dobs},{_dmy(decom + timedelta(days=20))},PN{rnd.randint(0, 7)}")
            if open_:
                break
            decom = dec
        if n % 9 == 0:
            rows["uasc"].append(f"{child},{sex},{dobs},{_dmy(end - timedelta(days=rnd.randint(1, 300)))}")
        if n % 2 == 0:
            rows["oc2"].append(f"{child},{dobs},{rnd.randint(0, 40)},,0,1,1,1,1,0,0,0")
        if n % 7 == 0:
            rows["oc3"].append(f"{child},{dobs},YES,{rnd.choice(['F1', 'F2', 'G4', 'P5'])},{rnd.choice(['B1', 'U1', 'Z1'])}")
        if n % 25 == 0:
            placed = start + timedelta(days=rnd.randint(0, 100))
            rows["ad1"].append(f"{child},{dobs},{_dmy(placed)},{_dmy(placed + timedelta(days=60))},0,2,MF,L11")
            rows["placed_for_adoption"].append(f"{child},{dobs},{_dmy(placed)},,")
        if n % 3 == 0:
            rows["previous_permanence"].append(f"{child},{dobs},Z1,,")
        if n % 6 == 0:
            ms = start + timedelta(days=rnd.randint(0, 300))
            rows["missing"].append(f"{child},{dobs},{rnd.choice('MA')},{_dmy(ms)},{_dmy(ms + timedelta(days=2))}")
        sw = start + timedelta(days=rnd.randint(0, 200))
        rows["sw_episodes"].append(f"{child},{dobs},SW{rnd.randint(100000, 999999)},{_dmy(sw)},,")
    for name, lines in rows.items():
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- measuring ----------------------------------------------------------------

def _measure_child(paths: list[str], db: str, year: int | None, la: str | None) -> None:
    """Runs in a fresh interpreter: load, print one JSON line of figures."""
    import resource

    from csc_scorecard.ingest import detect
    from csc_scorecard.project import Project

    detect._readers()  # import every reader first: start-up is not load time
    t0, c0 = time.perf_counter(), time.process_time()
    report = Project(db).load(paths, year=year, la=la)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rows: dict[str, int] = {}
    for f in report.files:
        if f.status == "loaded":
            for t, n in f.rows.items():
                rows[t] = rows.get(t, 0) + n
    issues: dict[str, int] = {}
    for i in report.issues:
        issues[i.severity] = issues.get(i.severity, 0) + 1
    print(json.dumps({
        "seconds": seconds, "cpu_seconds": cpu,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "rows": rows, "issues": issues,
        "statuses": sorted({f.status for f in report.files}),
    }))


def _run_measure(paths: list[Path], db: Path, year: int | None = None, la: str | None = None) -> dict:
    code = ("import sys, json; sys.path.insert(0, %r); import bench_ingest as b; "
            "b._measure_child(json.loads(sys.argv[1]), sys.argv[2], %r, %r)") % (str(Path(__file__).parent), year, la)
    proc = subprocess.run([sys.executable, "-c", code, json.dumps([str(p) for p in paths]), str(db)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "load failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _best_of(repeat: int, paths: list[Path], folder: Path, name: str, **kw) -> dict:
    """Load `repeat` times, each into a new store file; keep the fastest run, note them all."""
    runs = [_run_measure(paths, folder / f"{name}{n}.duckdb", **kw) for n in range(repeat)]
    best = min(runs, key=lambda f: f["seconds"])
    best["all_seconds"] = [f["seconds"] for f in runs]
    best["maxrss_mb"] = max(f["maxrss_mb"] for f in runs)
    return best


def _report(title: str, fig: dict, target_s: float, target_mb: float | None) -> None:
    ok_s = "ok" if fig["seconds"] < target_s else "OVER"
    runs = ", ".join(f"{x:.2f}" for x in fig.get("all_seconds", []))
    print(f"\n{title}")
    print(f"  time          {fig['seconds']:6.2f} s      target < {target_s:g} s   {ok_s}"
          + (f"   (best of {runs})" if len(fig.get("all_seconds", [])) > 1 else ""))
    print(f"  CPU time      {fig['cpu_seconds']:6.2f} s      (all threads; less disturbed by other work on the machine)")
    mb_target = f"target < {target_mb:g} MB   {'ok' if fig['maxrss_mb'] < target_mb else 'OVER'}" if target_mb else ""
    print(f"  peak memory   {fig['maxrss_mb']:6.0f} MB     {mb_target}  (ru_maxrss of the loading process)")
    print(f"  files         {', '.join(fig['statuses'])}; issues {fig['issues'] or 'none'}")
    for t, n in sorted(fig["rows"].items()):
        print(f"    {t:<22} {n:>9,} rows")


def _peer(xml: Path, python: str) -> float | None:
    """Seconds csc-validator-be-cin (another virtualenv) takes to turn the XML into tables."""
    code = ("import sys, time, xml.etree.ElementTree as ET\n"
            "from cin_validator.cin_validator import convert_data\n"
            "t = time.perf_counter(); convert_data(ET.parse(sys.argv[1]).getroot())\n"
            "print(time.perf_counter() - t)")
    try:
        proc = subprocess.run([python, "-c", code, str(xml)], capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"  peer not measured: {exc}")
        return None
    if proc.returncode != 0:
        print("  peer not measured: " + (proc.stderr.strip().splitlines() or ["failed"])[-1])
        return None
    return float(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cin", type=int, default=10_000, help="children in the CIN census file")
    ap.add_argument("--ssda903", type=int, default=13_000, help="children in the SSDA903 set")
    ap.add_argument("--peer", metavar="PYTHON", default=os.environ.get("CIN_VALIDATOR_PYTHON"),
                    help="also time csc-validator-be-cin, installed in the virtualenv of this python "
                         "(slow: about 75 s for 10,000 children); off unless given")
    ap.add_argument("--repeat", type=int, default=5, help="loads of each set (the fastest is reported)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    print(f"Building inputs in {tmp} ...")
    xml = tmp / "cin_census.xml"
    t0 = time.perf_counter()
    write_cin_xml(xml, args.cin)
    print(f"  CIN census: {args.cin:,} children, {xml.stat().st_size / 1e6:.1f} MB ({time.perf_counter() - t0:.1f} s to build)")
    d903 = tmp / "ssda903"
    d903.mkdir()
    write_903_csvs(d903, args.ssda903)
    size = sum(f.stat().st_size for f in d903.iterdir())
    print(f"  SSDA903: {args.ssda903:,} children, {len(list(d903.iterdir()))} CSV files, {size / 1e6:.1f} MB")

    cin = _best_of(args.repeat, [xml], tmp, "cin")
    _report(f"CIN census XML ({args.cin:,} children) -> Project.load -> fresh DuckDB", cin, CIN_TARGET_S, CIN_TARGET_MB)

    try:
        import csc_scorecard.ingest.ssda903  # noqa: F401
    except ModuleNotFoundError:
        print("\nSSDA903 CSVs: 903 reader not available")
    else:
        fig = _best_of(args.repeat, sorted(d903.iterdir()), tmp, "ssda903", year=2025, la="999")
        _report(f"SSDA903 CSVs ({args.ssda903:,} children) -> Project.load -> fresh DuckDB", fig, SSDA903_TARGET_S, None)

    if args.peer and Path(args.peer).exists():
        print("\nPeer: csc-validator-be-cin convert_data (XML -> tables only, no checks, no store), same file")
        peer = _peer(xml, args.peer)
        if peer is not None:
            print(f"  peer {peer:.1f} s; csc-scorecard {cin['seconds']:.2f} s for read + check + store: "
                  f"{peer / cin['seconds']:.0f}x faster")
    elif args.peer:
        print(f"\nPeer csc-validator-be-cin: no python at {args.peer}; skipped (see benchmarks/README.md)")
    else:
        print("\nPeer csc-validator-be-cin: not asked for (--peer PYTHON); see benchmarks/README.md")

    if args.keep:
        print(f"\nInputs kept in {tmp}")
    else:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
