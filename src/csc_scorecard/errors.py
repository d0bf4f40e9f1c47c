"""The one exception tree. The CLI turns these into plain messages, never tracebacks."""

from __future__ import annotations


class ScorecardError(Exception):
    """Something the user can fix: the message says what and how."""


class ConfigError(ScorecardError):
    """A settings, layout or catalogue file is wrong."""


class IngestError(ScorecardError):
    """A file cannot be read at all (as opposed to issues within it)."""


class StoreError(ScorecardError):
    """The DuckDB store cannot be opened or written."""


class IndicatorError(ScorecardError):
    """An indicator definition or period is wrong."""
