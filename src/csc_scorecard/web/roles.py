"""Who may do what: one table, read by the views' decorator and the templates.

viewer (councillors): aggregates only, with the public disclosure control. manager: adds case lists and due
lists, their own team only when a team is set. analyst: every child-level page, loads, supplied values,
commentary and the plan. admin: users, the audit log, commentary approval and the load history.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.views.defaults import permission_denied

log = logging.getLogger("csc_scorecard.web")

CAN = {
    "viewer": {"aggregates"},
    "manager": {"aggregates", "full_figures", "child_level", "commentary"},
    "analyst": {"aggregates", "full_figures", "child_level", "all_teams", "commentary", "loads", "upload",
                "supply", "plan_edit"},
    "admin": {"aggregates", "full_figures", "loads", "users", "audit", "approve"},
}


def profile_of(user):
    if not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "scorecard", None)


def role_of(user) -> str | None:
    p = profile_of(user)
    return p.role if p else None


def can(user, what: str) -> bool:
    p = profile_of(user)
    if p is None:
        return False
    if what == "approve" and p.approver:
        return True
    return what in CAN.get(p.role, set())


def team_of(user) -> str | None:
    """The team a user is limited to, or None for all teams (an analyst; a manager without a team)."""
    p = profile_of(user)
    if p is None or can(user, "all_teams"):
        return None
    return p.team or None


def public(user) -> bool:
    """True when the user sees the public version (disclosure control applied)."""
    return not can(user, "full_figures")


def needs(what: str):
    """A view decorator: signed out -> the sign-in page; signed in without `what` -> 403."""
    def wrap(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, what):
                return refused(request, what)
            return view(request, *args, **kwargs)
        return inner
    return wrap


def refused(request, what: str):
    """The 403 page (or its JSON twin), logged as one plain line: a refusal is routine, not a fault, so no
    traceback; the path without its query string, the user and the role, nothing about any child."""
    if request.GET.get("format", "").lower() == "json":
        response = JsonResponse({"error": "not allowed", "needs": what}, status=403)
    else:
        response = permission_denied(request, PermissionDenied(f"Your role may not open this page ({what})."))
    log.warning("Refused: %s %s for %s (role %s; needs %s)", request.method, request.path,
                request.user.get_username(), role_of(request.user) or "none", what)
    response._has_been_logged = True  # Django's own "Forbidden: PATH" line would repeat it
    return response


def context(request) -> dict:
    """Template context: what the signed-in user may do, for the navigation."""
    user = request.user
    from django.conf import settings

    return {"role": role_of(user), "team": team_of(user), "oidc": settings.OIDC,
            "may": {k: can(user, k) for k in ("child_level", "loads", "upload", "supply", "users", "audit",
                                              "approve", "commentary", "plan_edit")}}
