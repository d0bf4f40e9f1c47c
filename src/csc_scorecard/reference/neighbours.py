"""Each English LA's ten DfE statistical neighbours, as shipped in synth/england.yaml.

england.yaml is built by tools/build_synth_england.py from DfE's statistical neighbours file (May 2025,
Open Government Licence). A report uses these when the settings list no `neighbours:` and no
neighbours file was loaded (`scorecard benchmarks load`): so the computed comparators are the LA's
statistical neighbours, not every other LA a regional or national store happens to hold, and only
the LA, its neighbours and its region need computing (report/scope.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

ENGLAND = Path(__file__).resolve().parents[1] / "synth" / "england.yaml"


def read_england() -> dict:
    """england.yaml as a fresh dict (the synthetic England's generator and the neighbours both read it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(ENGLAND.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (safe loader)


@lru_cache(maxsize=1)
def _shipped() -> dict[str, tuple[str, ...]]:
    las = read_england()["las"]
    return {str(code): tuple(str(n) for n in info.get("neighbours") or ()) for code, info in las.items()}


def dfe_neighbours(la: str) -> list[str]:
    """The LA's DfE statistical neighbours, closest first (empty for a code that is not an English LA)."""
    return list(_shipped().get(str(la), ()))
