"""The committee paper page: the narrative engine's drafted strengths and weaknesses under each Ofsted
judgement (Project.paper), each citing its scorecard refs, with the commentary on the figures they rest on
and its sign-off; the Word and PDF download of the same paper.

The drafted paper is made once per cached scorecard (the store's state and public or not), since it costs a
few seconds; the app's commentary records are read on every request, so a draft shows at once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpResponse

from ...errors import ScorecardError
from ...report.formatting import period_label
from .. import commentary as notes
from .. import data, roles
from .common import period_or_error, respond, unavailable
from .scorecard import _card, _memo

KINDS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf"}


def _paper_file(card, period, fmt):
    """The committee paper as Word or PDF (the paper module's)."""
    with tempfile.TemporaryDirectory(prefix="scorecard-paper-") as tmp:
        _, files = data.project().paper(period, la=card.la, public=card.public, out=tmp)
        body = Path(files[f"report.{fmt}"]).read_bytes()
    resp = HttpResponse(body, content_type=KINDS[fmt])
    resp["Content-Disposition"] = f'attachment; filename="paper-{period.replace(":", "-")}.{fmt}"'
    return resp


def _point(p, lines) -> dict:
    """A drafted point as the page shows it. Its quoted figures are left out: in the public paper they
    still hold the small counts its text withholds."""
    return {"id": p.id, "side": p.side, "text": p.text, "origin": p.origin, "recheck": p.recheck,
            "note": p.note,
            "refs": [{"ref": r, "indicator": lines[r].indicator if r in lines else None,
                      "title": lines[r].title if r in lines else ""} for r in p.refs]}


def _commentary(section, cited, card, drafted, comments, show_drafts) -> list[dict]:
    """The commentary on the figures under one judgement (those its points cite and those the framework
    counts under it): what the paper prints (the store's approved commentary, under the judgement its
    figure counts in), and beside it a draft awaiting approval, marked, for those who draft or approve."""
    framework = drafted.framework
    stored = {c["ref"]: c for s in drafted.judgements for c in s.commentary}
    catalogue = data.catalogue()
    out = []
    for line in card.lines:
        mapped = framework.judgement_of(line.indicator, catalogue.get(line.indicator).judgement
                                        if line.indicator in catalogue else None)
        if line.indicator not in cited and mapped != section.id:
            continue
        web, printed = comments.get(line.indicator), stored.get(line.ref)
        base = {"ref": line.ref, "indicator": line.indicator, "title": line.title}
        if printed:
            signed = web is not None and web.status == web.APPROVED and web.text == printed["behind"]
            out.append(base | {"status": "approved", "in_paper": True, "text": printed["behind"],
                               "action": printed["action"], "author": printed["author"],
                               "approved_by": web.approved_by if signed else ""})
        elif web is not None and web.status == web.APPROVED:
            out.append(base | {"status": "approved", "in_paper": False, "text": web.text, "action": "",
                               "author": web.author, "approved_by": web.approved_by})
        if web is not None and web.status != web.APPROVED and show_drafts:
            out.append(base | {"status": "draft", "in_paper": False, "text": web.text, "action": "",
                               "author": web.author, "approved_by": ""})
    return out


@roles.needs("aggregates")
def paper(request):
    """The drafted strengths and weaknesses under each judgement, with their commentary (approved used,
    drafts marked); the paper itself is the Word and PDF download."""
    period, problem = period_or_error(request)
    if problem:
        return unavailable(request, "paper.html", "Committee paper", problem)
    try:
        card = _card(request, period)
        fmt = request.GET.get("format", "").lower()
        if fmt in KINDS:
            return _paper_file(card, period, fmt)
        drafted = _memo(card, "paper", lambda: data.project().paper(period, la=card.la, public=card.public)[0])
    except ScorecardError as exc:
        return unavailable(request, "paper.html", "Committee paper", str(exc), period=period)
    comments = notes.for_period(period, card.la)
    show_drafts = roles.can(request.user, "commentary") or roles.can(request.user, "approve")
    lines = {line.ref: line for line in card.lines}
    judgements = []
    for s in drafted.judgements:
        strengths = [_point(p, lines) for p in s.strengths]
        weaknesses = [_point(p, lines) for p in s.weaknesses]
        cited = {r["indicator"] for p in strengths + weaknesses for r in p["refs"]}
        judgements.append({"id": s.id, "title": s.title, "grade": s.grade, "sub_judgement_of": s.sub_judgement_of,
                           "strengths": strengths, "weaknesses": weaknesses,
                           "commentary": _commentary(s, cited, card, drafted, comments, show_drafts),
                           "not_available": s.not_available})
    payload = {"la": card.la, "period": period, "public": card.public,
               "framework": {"name": drafted.framework.name, "version": drafted.framework.version},
               "judgements": judgements, "recheck": drafted.recheck,
               "source": "the narrative engine's drafted points (Project.paper), with the store's approved "
                         "commentary; the paper itself: format=docx or format=pdf"}
    return respond(request, "paper.html", {
        "title": f"Committee paper {period_label(period)}", "card": card, "period": period,
        "periods": data.periods(), "period_name": period_label(period), "framework": drafted.framework,
        "judgements": judgements, "recheck": drafted.recheck, "show_drafts": show_drafts}, payload)
