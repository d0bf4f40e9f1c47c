"""`scorecard init`: the starting scorecard.yaml and layout.yaml, for the LA to edit.

scorecard.yaml follows docs/contracts.md (la, las with name, ONS code and
population by year, settings, catalogue, layout) plus ``neighbours:``, the
LA's statistical neighbours in order. Filled from the loaded published
files when they are at hand (the DfE neighbour lists, the ONS population
estimates, EES names and codes); otherwise placeholders, commented, that
say what to put there. layout.yaml is the built-in default layout, comments
and all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..benchmarks.profile import LaProfile
from ..errors import ConfigError
from .layout import default_layout_text

SETTINGS_FILE = "scorecard.yaml"
LAYOUT_FILE = "layout.yaml"
POPULATION_YEARS = 6  # how many recent years of population to write


def _q(text: str | None) -> str:
    """A YAML double-quoted scalar."""
    return '"' + str(text or "").replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_text(profile: LaProfile | None, today: date | None = None) -> str:
    """The text of a starting scorecard.yaml (comments included)."""
    today = today or date.today()
    if profile is None or not profile.name:
        return _placeholder_text(profile.code if profile else None, today)
    p = profile
    lines = [
        f"# csc-scorecard settings for {p.name} (DfE code {p.code}"
        + (f", {p.region}" if p.region else "") + f"), written by `scorecard init` on {today:%d %B %Y}.",
        ("# Edit freely. Figures come from the published files loaded with `scorecard benchmarks load`: "
         f"{', '.join(dict.fromkeys(p.sources))}." if p.sources else
         "# Edit freely. The name and ONS code are from the package's list of LAs; no published files were "
         "loaded,\n# so add the population and neighbours (or load them and run `scorecard init --force`)."),
        "",
        f"la: {_q(p.code)}                 # the LA this scorecard is for (three-digit DfE code)",
        "",
        "las:                        # names, ONS codes and 0-17 population of the LAs in the store",
        f"  {_q(p.code)}:",
        f"    name: {_q(p.name)}",
        f"    ons_code: {p.ons_code}" if p.ons_code else "    # ons_code: E09000015     your ONS code",
    ]
    lines.append("    population:             # children aged 0-17 (ONS mid-year estimate); the key is the year of")
    lines.append("                            # the 31 March it serves, as DfE does: 2025 (2024-25) uses mid-2024")
    years = sorted(p.population)[-POPULATION_YEARS:]
    for y in years:
        lines.append(f"      {y}: {p.population[y]}")
    if years:
        lines.append(f"      # {years[-1] + 1}: add the mid-{years[-1]} estimate when ONS publishes it")
    else:
        lines.append("      # 2025: 52000          no population estimate was loaded: add yours (rates need it)")
    if p.ofsted:
        o = p.ofsted
        when = f"{o['inspection_date']:%B %Y}" if o.get("inspection_date") else "latest"
        lines.append(f"# Ofsted ILACS ({when}): overall {o['overall'] or '-'}; leaders "
                     f"{o['leaders'] or '-'}; help and protection {o['help_and_protection'] or '-'}; children in "
                     f"care {o['children_in_care'] or '-'}; care leavers {o['care_leavers'] or 'not judged'}.")
    lines.append("")
    if p.neighbours:
        codes = ", ".join(_q(n["la"]) for n in p.neighbours)
        lines.append(f"neighbours: [{codes}]")
        lines.append(f"# DfE statistical neighbours ({p.neighbour_model}), closest first:")
        for n in p.neighbours:
            band = f" ({n['band']})" if n.get("band") else ""
            lines.append(f"#   {n['rank']:>2}. {n['la']} {n['name'] or ''}{band}")
    else:
        lines.append("neighbours: []              # your ten statistical neighbours' DfE codes, closest first")
    lines += [
        "",
        "settings: {}                # indicator timescale overrides by setting name, e.g. {visit_wd: 10}",
        "# catalogue: indicators/    # a folder of your own indicators (adding or overriding by id)",
        f"layout: {LAYOUT_FILE}         # the scorecard layout and targets",
        "",
    ]
    return "\n".join(lines)


def _placeholder_text(code: str | None, today: date) -> str:
    code = code or "999"
    return "\n".join([
        f"# csc-scorecard settings, written by `scorecard init` on {today:%d %B %Y}.",
        "# No published files were loaded, so the details below are placeholders: fill them in,",
        "# or load the DfE files (`scorecard benchmarks load FOLDER`) and run `scorecard init --force` again.",
        "",
        f"la: {_q(code)}                 # your three-digit DfE LA code, e.g. \"310\"",
        "",
        "las:                        # names, ONS codes and 0-17 population of the LAs in the store",
        f"  {_q(code)}:",
        "    name: \"Your council\"",
        "    # ons_code: E09000015     your ONS code",
        "    population: {}            # children aged 0-17 by year of the 31 March, e.g. {2024: 51000, 2025: 52000}",
        "",
        "neighbours: []              # your ten statistical neighbours' DfE codes, closest first",
        "",
        "settings: {}                # indicator timescale overrides by setting name, e.g. {visit_wd: 10}",
        "# catalogue: indicators/    # a folder of your own indicators (adding or overriding by id)",
        f"layout: {LAYOUT_FILE}         # the scorecard layout and targets",
        "",
    ])


@dataclass
class Written:
    settings: Path
    layout: Path
    filled: bool  # True when the details came from published files


def write_starter(out_dir: str | Path, profile: LaProfile | None, *, force: bool = False,
                  today: date | None = None) -> Written:
    """Write scorecard.yaml and layout.yaml into ``out_dir``; refuse to overwrite unless ``force``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    settings, layout = out / SETTINGS_FILE, out / LAYOUT_FILE
    existing = [p for p in (settings, layout) if p.exists()]
    if existing and not force:
        raise ConfigError(f"{', '.join(map(str, existing))} already exist{'s' if len(existing) == 1 else ''}: "
                          "nothing written. Use --force to replace them, or --out to write elsewhere.")
    settings.write_text(settings_text(profile, today), encoding="utf-8")
    layout.write_text(default_layout_text(), encoding="utf-8")
    return Written(settings, layout, bool(profile and profile.name))
