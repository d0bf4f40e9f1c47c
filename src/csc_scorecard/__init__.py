"""csc-scorecard: children's social care scorecards from the statutory returns."""

__version__ = "0.1.0"
