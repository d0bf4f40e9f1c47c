"""What the paper renderers (HTML, PDF, Word) receive: plain, computed, already worded.

Nothing here is child-level. In a public paper every figure has been
through disclosure control before it lands here (gather.py), so the
renderers only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ...assess.framework import Framework
from ..model import Scorecard


@dataclass
class JudgementSection:
    id: str
    title: str
    grade: str | None  # Ofsted's latest grade, when the outcomes file is loaded
    strengths: list = field(default_factory=list)  # narrative.Point
    weaknesses: list = field(default_factory=list)
    commentary: list[dict] = field(default_factory=list)  # {ref, title, behind, action, author, saved_at}
    not_available: list[str] = field(default_factory=list)  # "TS 17 Children looked after reaching ..."
    sub_judgement_of: str | None = None


@dataclass
class Table:
    """A small table for the paper: a caption, a header row and body rows of text."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Timeliness:
    title: str
    paragraphs: list[str]
    tables: list[Table]


@dataclass
class Paper:
    la: str
    la_name: str
    period: str
    period_label: str
    compare_to: str
    paper_date: date
    title: str
    committee: str
    report_of: str
    public: bool
    framework: Framework
    header: list[tuple[str, str]]  # the committee header block: (label, value)
    summary: list[str]
    recommendations: list[str]
    introduction: list[str]
    framework_text: list[str]
    ofsted: list[str]
    ofsted_table: Table | None
    judgements: list[JudgementSection]
    timeliness: list[Timeliness]
    scorecard: Scorecard
    priorities: list[str]
    priorities_table: Table | None
    implications: list[tuple[str, list[str]]]
    clearance: Table
    contacts: Table
    background: list[str]
    evidence: Table | None = None
    equalities: list[Table] = field(default_factory=list)  # the scorecard's equalities tables, when computed
    recheck: list[str] = field(default_factory=list)  # points flagged for re-check
    notes: list[str] = field(default_factory=list)
