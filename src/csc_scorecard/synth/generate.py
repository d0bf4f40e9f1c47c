"""Generate synthetic LAs and write their returns to disk.

Layout: ``OUT/<la>/<yyyy-yy>/`` holds ``cin_census.xml``, ``903/`` (the CSV
set, or ``903/ssda903.xml`` with ``xml_903``), ``health_assessments.csv`` (the
local extract as held at that year end, health.py) and, in the last year,
``annex_a.xlsx`` and ``allocations.csv`` (the teams and workers, allocation.py); ``OUT/scorecard.yaml`` names the LAs with their
populations. The same seed gives byte-identical files.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

import yaml

from ..errors import ScorecardError
from ..reference.neighbours import read_england
from . import defects as defect_kinds
from .allocation import FILE_NAME as ALLOCATION_FILE, Allocations
from .health import FILE_NAME as HEALTH_FILE, extract_csv, health_assessments
from .model import LaHistory
from .rates import SIZES, draw_params
from .simulate import Sim
from .write_903 import tables_903, write_csv, write_xml
from .write_cin import child_blocks, cin_xml



@dataclass
class WrittenYear:
    la: str
    year: int
    folder: Path


@dataclass
class GenerateResult:
    out: Path
    las: list[LaHistory] = field(default_factory=list)
    written: list[WrittenYear] = field(default_factory=list)
    settings: Path | None = None


def region() -> dict:
    text = resources.files(__package__).joinpath("region.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def england() -> dict:
    """Every English LA: name, region, ONS code, population, 2024-25 volumes, neighbours (england.yaml)."""
    return read_england()


def choose_las(las: int | str = 1, region_name: str | None = None) -> dict[str, dict]:
    """{code: info} of the LAs to make up, in order.

    1-11: the demo region (Haringey and its ten statistical neighbours, as region.yaml has them, so the
    demo's files stay the same); more: that region first, then the other English LAs by code; "all":
    all 153; a region name ("London"): that region's LAs.
    """
    demo, every = region()["las"], england()["las"]
    if region_name:
        wanted = region_name.strip().lower()
        chosen = {c: i for c, i in every.items() if i["region"].lower() == wanted}
        if not chosen:
            names = sorted({i["region"] for i in every.values()})
            raise ScorecardError(f'No English region is called "{region_name}": use one of {", ".join(names)}.')
        return {c: demo.get(c, i) for c, i in chosen.items()}
    if las == "all":
        return {c: demo.get(c, i) for c, i in every.items()}
    n = int(las)
    if not 1 <= n <= len(every):
        raise ScorecardError(f"--las must be between 1 and {len(every)} (every English LA), or all.")
    order = {**demo, **{c: i for c, i in every.items() if c not in demo}}
    return dict(list(order.items())[:n])


def year_label(year: int) -> str:
    return f"{year - 1}-{str(year)[2:]}"


def generate(out: str | Path, *, seed: int = 42, size: str = "medium", years: int = 3, end_year: int = 2025,
             las: int | str = 1, region_name: str | None = None, xml_903: bool = False, annex_a: str = "all", defects: Iterable[str] = (),
             settings_dir: str | Path | None = None,
             progress: Callable[[str], None] | None = None) -> GenerateResult:
    """Simulate `las` LAs (the demo region's first LA and its neighbours) and write their returns.

    annex_a: "all" LAs get an Annex A workbook at the last year end, "first" only the first LA (an LA
    only ever holds its own), "none" none. settings_dir: where scorecard.yaml goes (default: out).
    """
    if size not in SIZES:
        raise ScorecardError(f'Unknown size "{size}": use one of {", ".join(SIZES)}.')
    if not 1 <= years <= 15:
        raise ScorecardError("--years must be between 1 and 15.")
    if annex_a not in ("all", "first", "none"):
        raise ScorecardError('annex_a must be "all", "first" or "none".')
    if not 2015 <= end_year <= 2035:
        raise ScorecardError("--end-year must be between 2015 and 2035.")
    defects = defect_kinds.check_names(defects)
    chosen = choose_las(las, region_name)
    codes = list(chosen)
    out = Path(out)
    result = GenerateResult(out)
    first_year = end_year - years + 1
    draw = random.Random(f"{seed}:params")
    for index, code in enumerate(codes):
        scale = SIZES[size]
        params = draw_params(draw, code, chosen[code], scale)
        if progress:
            progress(f"simulating {params.name} ({code}): ~{params.referrals:,.0f} referrals a year, "
                     f"{years} years")
        la = Sim(params, seed, first_year, end_year).run()
        result.las.append(la)
        assessments = health_assessments(la, seed)
        allocations = Allocations(la, seed)
        for year in range(first_year, end_year + 1):
            folder = out / code / year_label(year)
            wants_annex = annex_a == "all" or (annex_a == "first" and index == 0)
            _write_year(la, year, folder, xml_903=xml_903, annex_a=wants_annex and year == end_year,
                        defects=defects, seed=seed, allocations=allocations)
            (folder / HEALTH_FILE).write_text(extract_csv(la, assessments, year), encoding="utf-8")
            if year == end_year:  # the allocation extract as held at the last year end (allocation.py)
                (folder / ALLOCATION_FILE).write_text(allocations.csv(), encoding="utf-8")
            result.written.append(WrittenYear(code, year, folder))
        if progress:
            progress(f"wrote {params.name}: {len(la.children):,} children, {years} years in {out / code}")
    result.settings = write_settings(Path(settings_dir) if settings_dir else out, result.las, first_year, end_year)
    return result


def _write_year(la: LaHistory, year: int, folder: Path, *, xml_903: bool, annex_a: bool,
                defects: list[str], seed: int, allocations: Allocations | None = None) -> None:
    rng = random.Random(f"{seed}:{la.code}:{year}:defects")
    blocks = child_blocks(la, year)
    tables = tables_903(la, year)
    columns = None
    injected: list[dict] = []
    if defects:
        blocks = defect_kinds.apply_cin(rng, blocks, defects, injected)
        tables, columns = defect_kinds.apply_903(rng, tables, defects, injected)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cin_census.xml").write_text(cin_xml(la.code, year, blocks), encoding="utf-8")
    if xml_903:
        write_xml(tables, folder / "903" / "ssda903.xml")
    else:
        write_csv(tables, folder / "903", columns)
    if annex_a:
        from .write_annex_a import write_annex_a

        write_annex_a(la, year, folder / "annex_a.xlsx", seed=seed, defects=defects, log=injected,
                      allocations=allocations)
    if defects:  # a .json file: the readers leave it alone
        (folder / "defects.json").write_text(json.dumps(injected, indent=1) + "\n", encoding="utf-8")


def write_settings(out: Path, las: list[LaHistory], first_year: int, last_year: int) -> Path:
    """scorecard.yaml for the generated region (docs/contracts.md, Settings)."""
    entries = {}
    for la in las:
        pop = la.params.population
        known = sorted(pop)
        by_year = {}
        for y in range(first_year, last_year + 1):
            nearest = min(known, key=lambda k: (abs(k - y), k))  # beyond the data, hold the nearest year
            by_year[y] = pop[nearest]
        entries[la.code] = {"name": la.name, "ons_code": la.params.ons_code, "population": by_year}
    # synthetic: the report says the figures, and neighbours computed from them, are made up
    settings = {"la": las[0].code, "las": entries, "settings": {}, "synthetic": True}
    path = out / "scorecard.yaml"
    out.mkdir(parents=True, exist_ok=True)
    path.write_text("# Written by `scorecard synth`: synthetic LAs (names and codes are real, the data are not).\n"
                    + yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return path
