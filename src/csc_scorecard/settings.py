"""The LA's own settings file, scorecard.yaml.

```yaml
la: "310"                      # the LA the scorecard is for
las:                           # names, ONS codes and 0-17 population of LAs in the store
  "310": {name: Harrow, ons_code: E09000015, population: {2024: 51000, 2025: 52000}}
settings: {}                   # indicator timescale overrides, by setting name
catalogue: indicators/         # the LA's own indicators (added or overriding by id)
layout: layout.yaml            # the scorecard layout and targets
```

A population year is the year of the 31 March it applies to (2025 or
2024-25). Paths are relative to the folder holding scorecard.yaml. Every
error names the file and the line. Keys this module does not know are kept in
``Settings.extra`` for the stages that use them.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .yamlfile import load_yaml, where

_LA = re.compile(r"\d{3}")
_ONS = re.compile(r"E(06|07|08|09|10)\d{6}")
_SETTING = re.compile(r"[a-z][a-z0-9_]*")
KNOWN = ("la", "las", "settings", "catalogue", "layout")
ENV_VAR = "SCORECARD_SETTINGS"
DEFAULT_FILE = "scorecard.yaml"


def find_settings(explicit: str | Path | None = None, *, cwd: Path | None = None) -> Path | None:
    """Where every command finds the LA's settings: ``--settings``, else $SCORECARD_SETTINGS, else
    ./scorecard.yaml when there is one; None when there is none (built-in defaults)."""
    for given, what in ((explicit, "--settings"), (os.environ.get(ENV_VAR) or None, ENV_VAR)):
        if given:
            path = Path(given)
            if not path.is_file():
                raise ConfigError(f"{what} names {path}, which is not a file. Give the LA's scorecard.yaml "
                                  "(`scorecard init` writes one).")
            return path
    local = (cwd or Path.cwd()) / DEFAULT_FILE
    return local if local.is_file() else None


@dataclass
class LA:
    code: str
    name: str | None = None
    ons_code: str | None = None
    population: dict[int, float] = field(default_factory=dict)  # year of 31 March -> children aged 0-17


@dataclass
class Settings:
    path: Path | None = None
    la: str | None = None
    las: dict[str, LA] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    catalogue: Path | None = None
    layout: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def population(self) -> dict[tuple[str, int], float]:
        """{(la, year of 31 March): population} for the engine's rates."""
        return {(code, year): n for code, la in self.las.items() for year, n in la.population.items()}

    def name_of(self, code: str) -> str:
        la = self.las.get(code)
        return la.name if la and la.name else code


def _la_code(value: Any, at: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 999:
        return str(value)
    text = str(value).strip() if value is not None else ""
    if not _LA.fullmatch(text):
        raise ConfigError(f'{at}: "{value}" is not an LA code. Give the three-digit DfE code in quotes, e.g. "310".')
    return text


def _year(value: Any, at: str) -> int:
    from .ingest.detect import parse_year

    try:
        year = parse_year(value)
    except ValueError as exc:
        raise ConfigError(f"{at}: {exc}.") from None
    if year is None or not 1990 <= year <= 2100:
        raise ConfigError(f'{at}: "{value}" is not a year: write 2025 (the population at 31 March 2025) or 2024-25.')
    return year


def _la(code: str, raw: Any, path: Path, at: str) -> LA:
    if raw is None:
        return LA(code)
    if not isinstance(raw, dict):
        raise ConfigError(f"{at}: give the LA's details as a mapping, e.g. "
                          '{name: Harrow, ons_code: E09000015, population: {2025: 52000}}.')
    unknown = set(raw) - {"name", "ons_code", "population"}
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ConfigError(f"{where(path, raw, key)}: unknown key {key} for LA {code} "
                          "(an LA has name, ons_code and population).")
    ons = raw.get("ons_code")
    if ons is not None and not _ONS.fullmatch(str(ons).strip()):
        raise ConfigError(f'{where(path, raw, "ons_code")}: "{ons}" is not an ONS local authority code '
                          "(E06, E08, E09 or E10 followed by six digits, e.g. E09000015).")
    population: dict[int, float] = {}
    pop = raw.get("population") or {}
    if not isinstance(pop, dict):
        raise ConfigError(f"{where(path, raw, 'population')}: population: maps years to the number of children "
                          "aged 0-17, e.g. {2024: 51000, 2025: 52000}.")
    for year, n in pop.items():
        here = where(path, pop, year)
        if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n) or n <= 0:
            raise ConfigError(f'{here}: the population "{n}" must be a positive number of children aged 0-17.')
        population[_year(year, here)] = n
    return LA(code, str(raw["name"]).strip() if raw.get("name") else None,
              str(ons).strip() if ons else None, population)


def load_settings(path: str | Path) -> Settings:
    """Read and check scorecard.yaml."""
    path = Path(path)
    data = load_yaml(path)
    if data is None:
        return Settings(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: scorecard.yaml must be a mapping of keys (la:, las:, settings:, ...).")
    base = path.parent
    out = Settings(path, extra={k: v for k, v in data.items() if k not in KNOWN})
    if data.get("la") is not None:
        out.la = _la_code(data["la"], where(path, data, "la"))
    las = data.get("las") or {}
    if not isinstance(las, dict):
        raise ConfigError(f"{where(path, data, 'las')}: las: maps LA codes to their details, e.g. "
                          '"310": {name: Harrow, population: {2025: 52000}}.')
    for raw_code, raw in las.items():
        code = _la_code(raw_code, where(path, las, raw_code))
        if code in out.las:
            raise ConfigError(f"{where(path, las, raw_code)}: LA {code} is listed twice under las:.")
        out.las[code] = _la(code, raw, path, where(path, las, raw_code))
    if out.la and out.la not in out.las:
        out.las[out.la] = LA(out.la)
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise ConfigError(f"{where(path, data, 'settings')}: settings: maps setting names to values, "
                          "e.g. {cp_visit_wd: 10}.")
    for name, value in settings.items():
        if not _SETTING.fullmatch(str(name)):
            raise ConfigError(f'{where(path, settings, name)}: "{name}" is not a setting name '
                              "(lower case with underscores, e.g. cp_visit_wd).")
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ConfigError(f"{where(path, settings, name)}: the setting {name} needs a number or text value.")
        if isinstance(value, (int, float)) and (not math.isfinite(value) or value < 0):
            raise ConfigError(f"{where(path, settings, name)}: the setting {name} must be a number of 0 or more "
                              f'(days, children or a share), not "{value}".')
        if not isinstance(name, str):
            raise ConfigError(f'{where(path, settings, name)}: "{name}" is not a setting name.')
    out.settings = settings  # a dict that remembers each setting's line
    for key in ("catalogue", "layout"):
        value = data.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise ConfigError(f"{where(path, data, key)}: {key}: must be a path, e.g. "
                              + ("indicators/" if key == "catalogue" else "layout.yaml") + ".")
        target = (base / value).resolve() if not Path(value).is_absolute() else Path(value)
        if key == "catalogue" and not target.is_dir():
            raise ConfigError(f"{where(path, data, key)}: the catalogue folder {target} does not exist.")
        setattr(out, key, target)
    return out


def check_settings_names(settings: Settings, known: set[str]) -> None:
    """A setting no indicator declares is a typo until proven otherwise."""
    for name in settings.settings:
        if name not in known:
            raise ConfigError(f"{where(settings.path, settings.settings, name) if settings.path else 'settings'}: "
                              f'no indicator has a setting "{name}" (settings: {", ".join(sorted(known)) or "none"}).')
