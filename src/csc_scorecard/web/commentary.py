"""Commentary with sign-off: a manager or analyst drafts, a head of service (admin or approver) approves.

Kept in the app's own Commentary model. Editing a text makes it a draft again, so nothing reaches the
paper as approved that the approver has not read.
"""

from __future__ import annotations

from django.utils import timezone

from .models import Commentary


def for_period(period: str, la: str = "") -> dict[str, Commentary]:
    return {c.indicator: c for c in Commentary.objects.filter(period=period, la=la)}


def get(indicator: str, period: str, la: str = "") -> Commentary | None:
    return Commentary.objects.filter(indicator=indicator, period=period, la=la).first()


def draft(indicator: str, period: str, la: str, text: str, author: str) -> Commentary:
    c, _ = Commentary.objects.update_or_create(
        indicator=indicator, period=period, la=la,
        defaults={"text": text, "author": author, "status": Commentary.DRAFT, "approved_by": "",
                  "approved_at": None})
    return c


def approve(indicator: str, period: str, la: str, approver: str) -> Commentary | None:
    c = get(indicator, period, la)
    if c is None:
        return None
    c.status, c.approved_by, c.approved_at = Commentary.APPROVED, approver, timezone.now()
    c.save()
    return c
