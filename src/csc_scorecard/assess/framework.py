"""Inspection frameworks as data: which judgements a self-assessment is written against.

Each framework is a versioned YAML file in ``assess/frameworks/`` (id, name,
version, the dates it is in force, its judgements in report order, and which
key of an indicator's ``judgement:`` block maps indicators to them). By
default the paper uses the ILACS version in force on the paper's date (from
1 April 2026 without overall effectiveness; care leavers separate since
1 January 2023); ``paper: {framework: sif-2013}`` in scorecard.yaml chooses
another. Nothing about a framework's judgements is written in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError


@dataclass(frozen=True)
class Judgement:
    id: str
    title: str
    graded_only: bool = False  # Ofsted grades it; no indicators of its own (overall effectiveness)
    ofsted_column: str | None = None  # the bench_ofsted column with Ofsted's grade
    also_themes: tuple[str, ...] = ()  # themes from every judgement that this one also draws on
    includes: tuple[str, ...] = ()  # judgement ids of later frameworks folded into this one
    sub_judgement_of: str | None = None


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    short: str
    version: str
    in_force_from: date
    in_force_to: date | None
    grades: tuple[str, ...]
    mapping_key: str
    judgements: tuple[Judgement, ...]
    overrides: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name}, version {self.version}"

    @property
    def assessed(self) -> list[Judgement]:
        """The judgements strengths and weaknesses are written under."""
        return [j for j in self.judgements if not j.graded_only]

    def judgement_of(self, indicator_id: str, judgement: dict | None) -> str | None:
        """The judgement id an indicator counts under (None: not mapped in this framework)."""
        wanted = self.overrides.get(indicator_id) or (judgement or {}).get(self.mapping_key)
        if wanted is None:
            return None
        ids = {j.id for j in self.judgements}
        if wanted in ids:
            return wanted
        for j in self.judgements:
            if wanted in j.includes:
                return j.id
        return None

    def in_force(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


def _folder() -> Path:
    return Path(str(resources.files("csc_scorecard.assess") / "frameworks"))


def _read(path: Path) -> Framework:
    try:
        raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        judgements = tuple(Judgement(
            id=j["id"], title=j["title"], graded_only=bool(j.get("graded_only")),
            ofsted_column=j.get("ofsted_column"), also_themes=tuple(j.get("also_themes") or ()),
            includes=tuple(j.get("includes") or ()), sub_judgement_of=j.get("sub_judgement_of"))
            for j in raw["judgements"])
        return Framework(id=raw["id"], name=raw["name"], short=raw.get("short") or raw["id"],
                         version=str(raw["version"]), in_force_from=raw["in_force_from"],
                         in_force_to=raw.get("in_force_to"), grades=tuple(raw.get("grades") or ()),
                         mapping_key=raw["mapping_key"], judgements=judgements,
                         overrides=dict(raw.get("overrides") or {}))
    except (KeyError, TypeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not a framework file ({type(exc).__name__}: {exc}). A framework needs "
                          "id, name, version, in_force_from, mapping_key and judgements (each with id and "
                          "title).") from None


def frameworks(extra: Path | None = None) -> dict[str, Framework]:
    """Every shipped framework, plus one more file (an LA's own) when given, by id."""
    paths = sorted(_folder().glob("*.yaml")) + ([extra] if extra else [])
    out = {}
    for path in paths:
        fw = _read(Path(path))
        out[fw.id] = fw
    return out


def framework_for(day: date, choice: str | None = None, *, extra: Path | None = None) -> Framework:
    """The framework chosen by id, or else the ILACS version in force on `day`."""
    known = frameworks(extra)
    if choice:
        if choice not in known:
            raise ConfigError(f'paper framework "{choice}" is not known; choose one of {", ".join(sorted(known))}.')
        return known[choice]
    ilacs = [fw for fw in known.values() if fw.short == "ILACS"]
    for fw in sorted(ilacs, key=lambda f: f.in_force_from, reverse=True):
        if fw.in_force(day):
            return fw
    return max(ilacs, key=lambda f: f.in_force_from)
