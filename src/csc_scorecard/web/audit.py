"""The audit log of child-level views and exports: one entry per page shown or file sent."""

from __future__ import annotations

from . import roles
from .models import AuditEntry


def record(request, page: str, *, rows: list[dict], indicator: str = "", period: str = "", file: str = "") -> None:
    user = request.user
    profile = roles.profile_of(user)
    children = len({r.get("child_id") for r in rows if r.get("child_id") is not None})
    AuditEntry.objects.create(
        username=user.get_username(), role=profile.role if profile else "", team=profile.team if profile else "",
        page=page, path=request.path[:500], indicator=indicator, period=period, children=children,
        rows=len(rows), file=file)
