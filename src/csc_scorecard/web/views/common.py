"""What every page shares: the HTML page or its JSON twin (`?format=json`), and plain values for JSON."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import JsonResponse
from django.shortcuts import render

from ...errors import ScorecardError
from .. import data


def wants(request, fmt: str) -> bool:
    return request.GET.get("format", "").lower() == fmt


def plain(value):
    """A value as JSON holds it: dates as ISO text, Decimals as floats, dataclasses as dicts."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def respond(request, template: str, context: dict, payload, status: int = 200):
    """The page, or with ?format=json the same content as JSON (`payload`: a dict, or a function making it)."""
    if wants(request, "json"):
        if callable(payload):
            payload = payload()
        return JsonResponse(plain(payload), status=status, json_dumps_params={"indent": 1})
    return render(request, f"scorecard_web/{template}", context, status=status)


def unavailable(request, template: str, title: str, message: str, status: int = 200, **extra):
    """A page whose content is not there (yet): a clear message, in HTML and in JSON."""
    return respond(request, template, {"title": title, "unavailable": message, **extra},
                   {"status": "not available", "reason": message}, status=status)


def period_or_error(request):
    """(period name, None) or (None, the message saying what to write)."""
    try:
        return data.chosen_period(request.GET.get("period")), None
    except ScorecardError as exc:
        return None, str(exc)
