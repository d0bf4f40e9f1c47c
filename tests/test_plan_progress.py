"""Overdue and due-soon flags at a date, and the RAG worked out from progress against time."""

from __future__ import annotations

from datetime import date

from csc_scorecard.plan.evaluate import action_state, quarters_since, years_since
from csc_scorecard.plan.model import Action


def act(**kw) -> Action:
    return Action("A1", "P1", "An action", "Owner", **kw)


def test_overdue_and_due_soon_at_a_date():
    a = act(start=date(2024, 4, 1), due=date(2024, 12, 15), status="In progress", percent_complete=60)
    at = date(2024, 12, 31)
    s = action_state(a, at)
    assert (s.overdue, s.due_soon, s.days_overdue, s.rag, s.rag_source) == (True, False, 16, "Red", "worked out")
    # due on the report date: not overdue, due soon
    s = action_state(act(due=at, status="In progress"), at)
    assert (s.overdue, s.due_soon) == (False, True)
    # due 42 days later: due soon; 43 days: not
    assert action_state(act(due=date(2025, 2, 11), status="In progress"), at).due_soon is True
    assert action_state(act(due=date(2025, 2, 12), status="In progress"), at).due_soon is False
    # completed or cancelled: never overdue
    for status in ("Completed", "Cancelled"):
        s = action_state(act(due=date(2024, 6, 30), status=status, percent_complete=100), at)
        assert (s.overdue, s.due_soon) == (False, False)
    # on hold is still overdue
    assert action_state(act(due=date(2024, 12, 30), status="On hold"), at).overdue is True


def test_rag_from_progress_against_time():
    at = date(2024, 12, 31)
    start, due = date(2024, 4, 1), date(2025, 3, 31)  # 364 days; 274 elapsed at 31 December
    expected = 100 * 274 / 364
    for pct, rag in ((expected * 0.9 + 0.01, "Green"), (expected * 0.9 - 0.01, "Amber"),
                     (expected * 0.7 - 0.01, "Red"), (expected * 0.7 + 0.01, "Amber")):
        s = action_state(act(start=start, due=due, status="In progress", percent_complete=pct), at)
        assert (s.rag, round(s.expected_percent, 6)) == (rag, round(expected, 6)), pct
    # a RAG the owner gives is kept as given
    s = action_state(act(start=start, due=due, status="In progress", percent_complete=0, rag="Green"), at)
    assert (s.rag, s.rag_source) == ("Green", "given")
    # not begun yet: nothing expected, green
    s = action_state(act(start=date(2025, 1, 1), due=due, status="Not started", percent_complete=0), at)
    assert (s.rag, s.expected_percent) == ("Green", 0.0)


def test_series_periods_since_the_start():
    # the last whole quarter before the start, then every quarter to the report date
    qs = quarters_since(date(2024, 6, 1), date(2024, 12, 31))
    assert [q.name for q in qs] == ["2023-24-Q4", "2024-25-Q1", "2024-25-Q2", "2024-25-Q3"]
    qs = quarters_since(date(2024, 4, 1), date(2024, 11, 30))
    assert [q.name for q in qs] == ["2023-24-Q4", "2024-25-Q1", "2024-25-Q2"]
    assert [y.name for y in years_since(date(2024, 4, 1), date(2024, 12, 31))] == ["2023-24"]
    assert [y.name for y in years_since(date(2023, 9, 1), date(2025, 3, 31))] == ["2023-24", "2024-25"]
