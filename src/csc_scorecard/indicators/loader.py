"""Load the indicator catalogue: the built-in folder plus the LA's own.

Each indicator is ``<id>.yaml`` + ``<id>.sql`` (+ ``<id>.test.yaml``), in a
folder of its own or side by side. An LA folder goes through the same loader
and adds indicators or overrides built-in ones by id. An override may give
only the keys it changes and may leave out the .sql to keep the built-in
query (e.g. to re-word a definition or change a setting's default).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import ConfigError, IndicatorError
from ..store.schema import TABLES
from ..yamlfile import load_yaml
from .definition import Indicator, build

BUILTIN = Path(__file__).resolve().parent / "catalogue"


class Catalogue:
    """Indicators by id, in a stable order (by id)."""

    def __init__(self, indicators: Iterable[Indicator]):
        self._by_id = {i.id: i for i in sorted(indicators, key=lambda i: i.id)}

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, iid: str) -> bool:
        return iid in self._by_id

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, iid: str) -> Indicator:
        try:
            return self._by_id[iid]
        except KeyError:
            close = difflib.get_close_matches(iid, self._by_id, n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else " See `scorecard catalogue` for the ids."
            raise IndicatorError(f'There is no indicator "{iid}".{hint}') from None

    def select(self, ids: Iterable[str] | None = None) -> list[Indicator]:
        ids = list(ids or [])
        return [self.get(i) for i in ids] if ids else list(self)


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if not p.name.endswith(".test.yaml")
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _read_folder(folder: Path) -> dict[str, tuple[dict, str | None, Path]]:
    found: dict[str, tuple[dict, str | None, Path]] = {}
    for path in _yaml_files(folder):
        meta = load_yaml(path)
        if not isinstance(meta, dict):
            raise ConfigError(f"{path}: an indicator file must be a mapping of keys (id:, title:, ...).")
        iid = str(meta.get("id") or path.name[: -len(".yaml")])
        if iid in found:
            raise ConfigError(f"{path}: the indicator {iid} is also defined in {found[iid][2]}; keep one.")
        sql_path = path.with_suffix(".sql")
        sql = sql_path.read_text(encoding="utf-8-sig") if sql_path.is_file() else None
        found[iid] = (meta, sql, path)
    return found


def load_catalogue(extra: Iterable[str | Path] = (), *, builtin: Path | None = BUILTIN) -> Catalogue:
    """The built-in catalogue, then each extra folder in order, later ones winning by id."""
    tables = set(TABLES)
    raw: dict[str, tuple[dict, str | None, Path, str]] = {}
    folders = ([(builtin, "built-in")] if builtin else []) + [(Path(f), str(f)) for f in extra]
    for folder, origin in folders:
        if not folder.is_dir():
            raise ConfigError(f"The catalogue folder {folder} does not exist. Check catalogue: in scorecard.yaml.")
        for iid, (meta, sql, path) in _read_folder(folder).items():
            if iid in raw and origin != "built-in":
                base_meta, base_sql, _, _ = raw[iid]
                merged = type(meta)(base_meta)  # keep line numbers of the override's own keys
                merged.update(meta)
                merged.lines = {**getattr(base_meta, "lines", {}), **getattr(meta, "lines", {})}
                merged.line = getattr(meta, "line", 0)
                meta, sql = merged, (sql if sql is not None else base_sql)
            raw[iid] = (meta, sql, path, origin)
    return Catalogue(build(meta, sql, path, origin, tables) for meta, sql, path, origin in raw.values())
