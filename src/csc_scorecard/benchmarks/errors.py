"""Problems with a benchmark file: said plainly, naming the file."""

from __future__ import annotations

from ..errors import ScorecardError


class BenchmarkFileError(ScorecardError):
    """A published file cannot be loaded: the message names the file and what to do."""


class BenchmarkLookupError(ScorecardError):
    """A benchmark key names a measure that is not loaded, or names it ambiguously."""
