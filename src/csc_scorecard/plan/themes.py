"""Theme presets for grouping priorities.

A plan carries its own list of themes (the workbook's Themes sheet, ``themes:`` in YAML), so a council
can rename or add themes; ``scorecard plan init --themes NAME`` starts from a preset, and the
``plan_themes:`` key of scorecard.yaml (a preset name or a list) sets the default.
"""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError

PRESETS: dict[str, list[str]] = {
    # The model paper's "child journey" themes.
    "child-journey": [
        "Early help",
        "The front door",
        "Help and protection",
        "Children in care and permanence",
        "Care leavers",
        "Leadership and workforce",
    ],
    # DfE, Children's Social Care: National Framework (December 2023): four outcomes, three enablers.
    "national-framework": [
        "Outcome 1: Children, young people and families stay together and get the help they need",
        "Outcome 2: Children and young people are supported by their family network",
        "Outcome 3: Children and young people are safe in and outside of their homes",
        "Outcome 4: Children in care and care leavers have stable, loving homes",
        "Enabler: Multi-agency working is prioritised and effective",
        "Enabler: Leaders drive conditions for effective practice",
        "Enabler: The workforce is equipped and effective",
    ],
}
DEFAULT = "child-journey"


def themes_from(value: Any) -> list[str]:
    """A preset name or an explicit list of theme names -> the list of names."""
    if value is None:
        return list(PRESETS[DEFAULT])
    if isinstance(value, str):
        if value not in PRESETS:
            raise ConfigError(f'"{value}" is not a theme preset. The presets are: {", ".join(PRESETS)}; '
                              "or give plan_themes: as a list of theme names.")
        return list(PRESETS[value])
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise ConfigError("plan_themes: must be a preset name (" + ", ".join(PRESETS) + ") or a list of theme names.")
