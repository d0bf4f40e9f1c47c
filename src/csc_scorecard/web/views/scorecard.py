"""The aggregate pages: the scorecard, one indicator and its commentary (the paper: paper.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from ...errors import ScorecardError
from ...indicators.period import parse_period
from ...report import tabular
from ...report.formatting import SOURCE_NAMES, UNIT_WORDS, format_value, period_label, rag_text
from ...report.html import TIMELINESS_HOME, page_parts
from ...report.model import POLARITY_LABEL, RAG_LETTER, RAG_WORD
from .. import commentary as notes
from .. import data, roles
from .common import period_or_error, plain, respond, unavailable


def _card(request, period):
    return data.scorecard(period, public=roles.public(request.user))


def _parts(card) -> dict:
    """The renderer's page parts (rows, charts), made once per cached card: a page then costs only its template."""
    parts = getattr(card, "_web_parts", None)
    if parts is None:
        parts = page_parts(card)
        for s in parts["sections"]:
            _decorate(s["rows"])
        card._web_parts = parts
    return parts


def _memo(card, key, make):
    """Made once per cached card: what depends only on the card (and the indicator)."""
    made = card.__dict__.setdefault("_web_memo", {})
    if key not in made:
        made[key] = make()
    return made[key]


def _fragment(card, key, template: str, context) -> str:
    """The part of a page that depends only on the card, rendered once per cached card: it is the bulk of
    the page, so twenty users on the same scorecard cost one render."""
    return _memo(card, ("html", key), lambda: render_to_string(
        f"scorecard_web/{template}", context() if callable(context) else context))


def _decorate(rows):
    """Django templates cannot look a key up by a variable: give each row its RAG letter and words."""
    for r in rows:
        r["rag_letter"] = RAG_LETTER.get(r["rag"], "")
        r["rag_word"] = RAG_WORD.get(r["rag"], "")
        r["polarity"] = POLARITY_LABEL.get(r["line"].polarity, r["line"].polarity)
    return rows


@roles.needs("aggregates")
def scorecard(request):
    period, problem = period_or_error(request)
    if problem:
        return unavailable(request, "scorecard.html", "Scorecard", problem, periods=data.periods())
    try:
        card = _card(request, period)
    except ScorecardError as exc:
        return unavailable(request, "scorecard.html", "Scorecard", str(exc), periods=data.periods(), period=period)
    context = {"card": card, "period": period, "periods": data.periods(), "period_name": period_label(period)}
    body = _fragment(card, "scorecard", "scorecard_body.html",
                     lambda: {**context, **_compare_label(card), **_parts(card)})
    return respond(request, "scorecard.html", {"title": f"Scorecard {period_label(period)}", "body": body,
                                               **context}, lambda: tabular.as_json(card))


def _compare_label(card) -> dict:
    return {"compare_label": period_label(card.compare_to) if card.compare_to else "the previous period"}


def _line(card, iid):
    return next((line for line in card.lines if line.indicator == iid), None)


@roles.needs("aggregates")
def indicator(request, iid):
    try:
        ind = data.catalogue().get(iid)
    except ScorecardError:
        raise Http404(f"There is no indicator {iid}.")
    period, problem = period_or_error(request)
    if problem:
        return unavailable(request, "indicator.html", ind.title, problem, ind=ind)
    try:
        card = _card(request, period)
    except ScorecardError as exc:
        return unavailable(request, "indicator.html", ind.title, str(exc), ind=ind, period=period)
    line = _line(card, iid)
    parts = _parts(card)
    row = next((r for s in parts["sections"] for r in s["rows"] if r["line"].indicator == iid), None)
    trend = []
    if line:
        for fig in line.figures:
            withheld = card.withheld(line, fig)
            trend.append({"period": fig.period, "label": period_label(fig.period),
                          "value": None if withheld or not fig.available else fig.value,
                          "shown": fig.symbol if withheld else (format_value(fig.value, line.unit)
                                                                if fig.available else "n/a"),
                          "numerator": None if withheld or card.public else fig.numerator,
                          "denominator": None if withheld or card.public else fig.denominator,
                          "reason": "" if fig.available else fig.reason})
    project = data.project()
    breakdowns = _memo(card, ("breakdowns", iid), lambda: _breakdowns(project, card, iid, period))
    significance = _significance(line)
    comment = notes.get(iid, period, card.la)
    timeliness = parts["timeliness"] if iid in TIMELINESS_HOME else None
    payload = {
        "indicator": {"id": ind.id, "title": ind.title, "definition": ind.definition, "unit": ind.unit,
                      "polarity": ind.polarity, "source": ind.source, "counts": ind.counts},
        "la": card.la, "period": period, "public": card.public,
        "in_scorecard": line is not None,
        "ref": line.ref if line else None, "trend": trend,
        "target": line.target if line else None, "rag": line.rag if line else None,
        "rag_reason": rag_text(line) if line else None,
        "direction": line.direction if line else None,
        "neighbours": plain(line.neighbours) if line else None, "england": plain(line.england) if line else None,
        "quartile": line.quartile if line else None,
        "significance": plain(significance),
        "breakdowns": plain(breakdowns),
        "timeliness": tabular.timeliness_rows(card) if timeliness else None,
        "commentary": _commentary_payload(comment, request.user),
    }
    context = {"ind": ind, "card": card, "line": line, "row": row, "trend": trend, "period": period,
               "period_name": period_label(period), "breakdowns": breakdowns, "significance": significance,
               "timeliness": timeliness, "region_name": parts["region_name"], **_compare_label(card),
               "source_words": SOURCE_NAMES.get(ind.source, ind.source), "unit_words": UNIT_WORDS.get(ind.unit, ind.unit)}
    body = _fragment(card, ("indicator", iid), "indicator_body.html", context)
    # a supplied figure has no case rows, nor has a whole-year measure in part of a year: no link to nothing
    cases = not ind.supplied and (ind.periods != "financial-year" or parse_period(period).is_whole_financial_year)
    # a row judged on the 12 months to the period's end: its children are those 12 months'
    judged = line.shown.period if line is not None and line.basis != "period" else period
    return respond(request, "indicator.html", {
        **context, "title": ind.title, "body": body, "periods": data.periods(), "comment": comment, "cases": cases,
        "cases_period": judged, "cases_label": period_label(judged) if judged != period else "",
        "comment_visible": _commentary_payload(comment, request.user) is not None}, payload)


BREAKDOWNS = ("team", "age", "sex", "ethnicity")


def _breakdowns(project, card, iid, period) -> list[dict] | None:
    """The figure per team, age band, sex and ethnicity (the work lists module's), for those who see full figures:
    small groups can identify children, so the public version has none."""
    if card.public:
        return None
    try:  # every grouping in one pass: the store is opened, and narrowed to the LA, once
        rows = project.breakdown(period, list(BREAKDOWNS), la=card.la, ids=[iid])
    except ScorecardError:
        return []
    out = []
    for by in BREAKDOWNS:
        groups = [r for r in rows if r["by"] == by and r.get("group") != "All" and r.get("status", "ok") == "ok"]
        if groups:
            unit = groups[0].get("unit", "")
            out.append({"by": by, "rows": [r | {"shown": format_value(r["value"], unit)} for r in groups]})
    return out


def _significance(line) -> dict | None:
    """The judge's chance-variation test of the row (95% interval, significant change), where it gives one."""
    if line is None or getattr(line, "significant", None) is None and getattr(line, "ci_low", None) is None:
        return None
    low, high = getattr(line, "ci_low", None), getattr(line, "ci_high", None)
    return {"ci_low": low, "ci_high": high,
            "interval": (f"{format_value(low, line.unit)} to {format_value(high, line.unit)}"
                         if low is not None and high is not None else ""),
            "significant": line.significant, "words": getattr(line, "direction_words", "") or "",
            "significant_last_year": getattr(line, "significant_last_year", None)}


def _commentary_payload(comment, user):
    """A viewer sees only approved commentary; those who draft or approve also see drafts."""
    if comment is None:
        return None
    if comment.status != comment.APPROVED and not (roles.can(user, "commentary") or roles.can(user, "approve")):
        return None
    return comment.as_dict()


@require_POST
@roles.needs("aggregates")
def commentary(request, iid):
    period, problem = period_or_error(request)
    back = reverse("indicator", args=[iid]) + f"?period={period or ''}#commentary"
    if problem:
        messages.error(request, problem)
        return redirect(back)
    try:  # the LA the page showed (scorecard.yaml's la, else the one LA loaded): drafts are read under it
        la = _card(request, period).la
    except ScorecardError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    action = request.POST.get("action", "save")
    if action == "approve":
        if not roles.can(request.user, "approve"):
            return respond(request, "message.html", {"title": "Not allowed", "message":
                           "Only a head of service (an admin or an approver) may approve commentary."},
                           {"error": "not allowed"}, status=403)
        approved = notes.approve(iid, period, la, request.user.username)
        if approved is None:
            messages.error(request, "There is no commentary to approve.")
        else:
            _to_paper(approved)
            messages.success(request, "Commentary approved: the paper now uses it.")
        return redirect(back)
    if not roles.can(request.user, "commentary"):
        return respond(request, "message.html", {"title": "Not allowed", "message":
                       "Only a manager or an analyst may draft commentary."}, {"error": "not allowed"}, status=403)
    text = request.POST.get("text", "").strip()
    if not text:
        messages.error(request, "Write the commentary before saving it.")
        return redirect(back)
    notes.draft(iid, period, la, text[:5000], request.user.username)
    messages.success(request, "Commentary saved as a draft: it needs approval before the paper uses it.")
    return redirect(back)


def _to_paper(approved) -> None:
    """Approved commentary goes into the store's commentary, which the committee paper reads; drafts stay
    in the app's database until approved."""
    data.project().save_commentary(approved.period, [{"kind": "indicator", "key": approved.indicator,
                                                      "behind": approved.text, "status": "comment",
                                                      "approved_by": approved.approved_by}],
                                   la=approved.la or None, author=approved.author, source="web")
