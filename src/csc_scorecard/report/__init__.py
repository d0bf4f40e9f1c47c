"""Renderers: the scorecard as Excel, HTML and JSON/CSV, from computed results only."""

from __future__ import annotations

from pathlib import Path

from .model import Scorecard

FILES = ("scorecard.xlsx", "scorecard.html", "scorecard.json", "scorecard.csv")


def write_scorecard(card: Scorecard, out_dir: str | Path) -> dict[str, Path]:
    """Write every scorecard file into out_dir (created if needed); returns {file name: path}."""
    from .html import write_html
    from .tabular import write_csv, write_json
    from .xlsx import write_xlsx

    if card.public:  # a Scorecard built by hand: disclosure control before any file is written
        from .public import protect_scorecard

        protect_scorecard(card)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writers = {"scorecard.xlsx": write_xlsx, "scorecard.html": write_html,
               "scorecard.json": write_json, "scorecard.csv": write_csv}
    return {name: writers[name](card, out / name) for name in FILES}
