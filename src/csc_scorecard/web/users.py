"""Accounts: add, list, disable (the CLI's `scorecard users` and the Users page share these)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..errors import ScorecardError
from .models import ROLES, Profile


def add(username: str, password: str, *, role: str, team: str = "", approver: bool = False):
    username = username.strip()
    if not username:
        raise ScorecardError("Give the user a name.")
    if role not in ROLES:
        raise ScorecardError(f'Role "{role}" is not one of {", ".join(ROLES)}.')
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ScorecardError(f'There is already a user "{username}". Disable it, or choose another name.')
    user = User(username=username, is_staff=role == "admin", is_superuser=role == "admin")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ScorecardError("The password is not strong enough: " + " ".join(exc.messages)) from None
    with transaction.atomic():
        user.set_password(password)
        user.save()
        Profile.objects.create(user=user, role=role, team=team.strip(), approver=approver)
    return user


def disable(username: str) -> None:
    User = get_user_model()
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise ScorecardError(f'There is no user "{username}". `scorecard users list` shows them.')
    user.is_active = False
    user.save(update_fields=["is_active"])


def listed() -> list[dict]:
    out = []
    for user in get_user_model().objects.select_related("scorecard").order_by("username"):
        p = getattr(user, "scorecard", None)
        out.append({"username": user.username, "role": p.role if p else "", "team": p.team if p else "",
                    "approver": bool(p and p.approver), "active": user.is_active,
                    "last_login": user.last_login.isoformat(timespec="seconds") if user.last_login else None,
                    "last_sign_in": (f"{timezone.localtime(user.last_login):%-d %b %Y, %H:%M}" if user.last_login
                                     else None)})  # as the Users page shows it
    return out
