"""The admins' pages (users, the audit log) and the health check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from ...errors import ScorecardError
from .. import data, roles, users as accounts
from ..models import ROLES, AuditEntry
from .common import respond


@roles.needs("users")
def users(request):
    if request.method == "POST":
        try:
            if request.POST.get("action") == "disable":
                accounts.disable(request.POST.get("username", ""))
                messages.success(request, f"{request.POST.get('username')} can no longer sign in.")
            else:
                accounts.add(request.POST.get("username", ""), request.POST.get("password", ""),
                             role=request.POST.get("role", ""), team=request.POST.get("team", ""),
                             approver=request.POST.get("approver") == "on")
                messages.success(request, f"{request.POST.get('username')} added.")
        except (ScorecardError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("users")
    listed = accounts.listed()
    return respond(request, "users.html", {"title": "Users", "users": listed, "roles": ROLES}, {"users": listed})


@roles.needs("audit")
def audit(request):
    entries = AuditEntry.objects.all()
    who = request.GET.get("user", "").strip()
    if who:
        entries = entries.filter(username=who)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return respond(request, "audit.html", {"title": "Audit log", "page": page, "who": who},
                   {"entries": [e.as_dict() for e in page.object_list], "page": page.number,
                    "pages": page.paginator.num_pages, "total": page.paginator.count})


@never_cache
def healthz(request):
    """Up, the app database answers and the store file is there (no sign-in, nothing about the data)."""
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        app_db = "ok"
    except Exception:  # a health check reports, it does not raise
        app_db = "unavailable"
    store = "ok" if data.project().db_path.is_file() else "missing"
    ok = app_db == "ok" and store == "ok"
    return JsonResponse({"status": "ok" if ok else "unavailable", "app_database": app_db, "store": store},
                        status=200 if ok else 503)
