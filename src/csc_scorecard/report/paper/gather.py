"""Everything the committee paper says, gathered and worded: no rendering here.

The scorecard is computed and judged as for `scorecard report` (this period
and, for "a strength last time", the comparison period); the narrative
engine drafts strengths and weaknesses under the framework's judgements; the
stored commentary and edits are applied; the timeliness section, the LA's
latest Ofsted grades, the plan (when the Project has one) and the settings'
text complete it. The paper's own text lives under ``paper:`` in
scorecard.yaml; whatever is missing is a [bracketed placeholder] to fill in.
"""

from __future__ import annotations

from datetime import date, datetime
from ...assess import narrative
from ...assess.framework import Framework, framework_for
from ...assess.rag import rag
from ...assess.wording import SUPPRESSED, disclosive, format_value
from ...indicators.engine import OK
from ...indicators.period import parse_period
from ...store import schema_commentary
from ..formatting import SOURCE_NAMES, period_label
from ..run import build_report
from . import timeliness as tl
from .edits import apply_edits
from .model import JudgementSection, Paper, Table

PLACEHOLDER = "[{}]"
IMPLICATIONS = (("financial", "Financial implications"), ("performance", "Performance implications"),
                ("environmental", "Environmental implications"), ("risk", "Risk implications"),
                ("equalities", "Equalities implications"))
OFSTED_COLUMNS = ("overall", "leaders", "help_and_protection", "children_in_care", "care_leavers")


def _text(cfg: dict, key: str, default: str) -> list[str]:
    value = cfg.get(key)
    if value is None or value == "":
        return [default]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [p.strip() for p in str(value).split("\n\n") if p.strip()]


def paper_settings(project) -> dict:
    cfg = project.config.extra.get("paper") or {}
    return cfg if isinstance(cfg, dict) else {}


def build_paper(project, period, *, compare_to=None, la: str | None = None, public: bool = False,
                paper_date: date | None = None, generated_at: datetime | None = None) -> Paper:
    cfg = paper_settings(project)
    period = parse_period(period)
    when = paper_date or cfg.get("meeting_date") or date.today()
    fw = framework_for(when, cfg.get("framework"))
    report = build_report(project, period, compare_to=compare_to, la=la, public=public, judge_before=True,
                          generated_at=generated_at)
    card = report.scorecard
    la = card.la
    themes_of = {ind.id: ind.extra.get("theme") for ind in project.catalogue()}
    figures = report.figures
    before = narrative.facts_from(report.judged_before, fw, themes_of=themes_of, figures=figures,
                                  period_label=period_label)
    last_strengths = narrative.strengths_of(narrative.draft(before, fw))
    facts = narrative.facts_from(report.judged, fw, themes_of=themes_of, figures=figures,
                                 strengths_last_time=last_strengths, period_label=period_label)
    evidence_facts, evidence_points, evidence_table = _evidence(cfg, fw, period.name, public)
    drafted = narrative.draft(facts + evidence_facts, fw, public=public)
    for j, points in evidence_points.items():
        drafted.setdefault(j, []).extend(points)

    con = project.connect(read_only=True)
    try:
        entries = schema_commentary.current(con, la, period.name)
        ofsted = _ofsted(con, project.config, la)
        assessment_teams = tl.annex_a_teams(con, la, period.start, period.end, "annex_a_assessments",
                                            "assessment_start_date", "assessment_authorisation_date")
        conference_teams = tl.annex_a_teams(con, la, period.start, period.end, "annex_a_section47",
                                            "s47_start_date", "icpc_date")
        loads = con.execute("""SELECT source_return, min(collection_year), max(collection_year), count(*)
                               FROM load_file WHERE la = ? AND status = 'loaded'
                               GROUP BY source_return ORDER BY source_return""", [la]).fetchall()
        bench = _bench_files(con)
    finally:
        con.close()
    points = apply_edits(drafted, entries)
    refs = {j.indicator: j for j in report.judged}
    sections = _sections(fw, points, facts, entries, refs, ofsted, public)
    prev = (parse_period(compare_to) if compare_to else period.previous())
    breakdowns = getattr(card, "breakdowns", None) or {}
    assessment_teams = tl.breakdown_teams(breakdowns, "assessments-45wd", "assessment-duration-wd") or assessment_teams
    conference_teams = tl.breakdown_teams(breakdowns, "icpc-15wd", None) or conference_teams
    timeliness = _timeliness(project, la, period, prev, assessment_teams, conference_teams, public, refs)
    plan_table, plan_text = _plan(project, period, la, cfg)
    name = card.la_name
    committee = cfg.get("committee") or "[Committee name]"
    title = cfg.get("title") or f"Children's social care self-assessment {period_label(period.name)}"
    rated = card.rag_counts()
    strengths = sum(len([p for p in s.strengths]) for s in sections)
    weaknesses = sum(len([p for p in s.weaknesses]) for s in sections)
    summary = [
        f"This report sets out {name}'s self-assessment of its children's social care services for "
        f"{period_label(period.name)}, written against the judgements of {fw.name} in force from "
        f"{fw.in_force_from:%B %Y}. It draws "
        f"on the performance scorecard (Enclosure 1), which rates {sum(rated[r] for r in ('green', 'amber', 'red'))} "
        f"of its {len(card.lines)} indicators against their targets: {rated['green']} green, {rated['amber']} "
        f"amber and {rated['red']} red.",
        f"The self-assessment identifies {strengths} strengths and {weaknesses} areas for improvement; each "
        "cites the scorecard reference (TS) of the figures it rests on.",
    ]
    themes = narrative.themes()
    for s in sections:
        first = next((p for p in s.weaknesses if p.theme in themes), None)
        if first:
            summary.append(f"{s.title}: the first area for improvement is "
                           f"{narrative.wording.lower_first(themes[first.theme]['label'])} ({', '.join(first.refs)}).")
    recommendations = _text(cfg, "recommendations",
                            "The committee is asked to note the self-assessment of children's social care, its "
                            "strengths and areas for improvement, and the progress of the improvement priorities, "
                            "and to comment on them.")
    introduction = [
        *(_text(cfg, "requested", PLACEHOLDER.format("What the committee asked for, and when")) ),
        f"The figures are for {period_label(period.name)} and compare with {period_label(prev.name)}. They are "
        "computed from "
        f"the council's statutory returns (the CIN census and SSDA903) and local extracts as loaded on "
        f"{(card.generated_at or datetime.now()):%d %B %Y}, and compared with the council's targets, its "
        "statistical neighbours and England.",
    ]
    if getattr(card, "synthetic", False):
        introduction.append("The figures in this paper are made up: they come from the synthetic demonstration "
                            "data of csc-scorecard, not from any council's children.")
    if public:
        introduction.append("This is the public version of the paper: no figure about an individual child is "
                            "shown, and any count of one to five children (and any percentage resting on one) is "
                            f"replaced by '{SUPPRESSED}', as in DfE's published statistics.")
    framework_text = [
        f"Ofsted inspects local authority children's services under {fw.name}. The version this paper follows is "
        f"{fw.version}, in force from {fw.in_force_from:%d %B %Y}"
        + (f" to {fw.in_force_to:%d %B %Y}." if fw.in_force_to else "."),
        "Its judgements are: " + "; ".join(j.title for j in fw.judgements) + ".",
        "Grades: " + ", ".join(fw.grades) + ".",
        "The strengths and weaknesses below are drafted from the scorecard by stated rules (a figure meeting its "
        "target and at or better than neighbours or England, in the top quartile, or significantly improved is a "
        "strength; a red figure, an amber one significantly worse, one in the bottom quartile, one worse than "
        "both neighbours and England, or a strength last time that has fallen significantly is a weakness), then "
        "checked and edited by officers.",
    ]
    ofsted_text, ofsted_table, _ = ofsted
    implications = [(label, _text(cfg.get("implications") or {}, key, PLACEHOLDER.format(f"{label}: to be completed")))
                    for key, label in IMPLICATIONS]
    clearance = Table("Statutory officer clearance", ["Officer", "Name", "Date"],
                      [[c.get("role", ""), c.get("name", "[name]"), str(c.get("date", "[date]"))]
                       for c in (cfg.get("clearance") or [])] or
                      [["Chief Finance Officer (or deputy)", "[name]", "[date]"],
                       ["Monitoring Officer (or deputy)", "[name]", "[date]"],
                       ["Director of Children's Services", "[name]", "[date]"]])
    contacts = Table("Contacts", ["Name", "Role", "Email", "Telephone"],
                     [[c.get("name", ""), c.get("role", ""), c.get("email", ""), str(c.get("phone", ""))]
                      for c in (cfg.get("contacts") or [])] or [["[name]", "[role]", "[email]", "[telephone]"]])
    background = _background(loads, bench, fw, project, card)
    header = [("Report to", committee), ("Date of meeting", f"{when:%d %B %Y}"),
              ("Report of", cfg.get("report_of") or "Director of Children's Services"),
              ("Title", title), ("Wards", cfg.get("wards") or "All"),
              ("Key decision", cfg.get("key_decision") or "No"),
              ("Status", "Public" if public else "Not for publication: for officers and members only")]
    recheck = [f"{p.id} ({', '.join(p.refs)})" for ps in points.values() for p in ps if p.recheck]
    return Paper(
        la=la, la_name=name, period=period.name, period_label=period_label(period.name),
        compare_to=period_label(prev.name),
        paper_date=when, title=title, committee=committee, report_of=header[2][1], public=public, framework=fw,
        header=header, summary=[s for s in summary if s], recommendations=recommendations,
        introduction=introduction, framework_text=framework_text, ofsted=ofsted_text, ofsted_table=ofsted_table,
        judgements=sections, timeliness=timeliness, scorecard=card, priorities=plan_text,
        priorities_table=plan_table, implications=implications, clearance=clearance, contacts=contacts,
        background=background, evidence=evidence_table, recheck=recheck,
        equalities=_equalities(getattr(card, "equalities", None) or []))


def _equalities(tables) -> list[Table]:
    """The scorecard's equalities tables (report/breakdowns.py; already disclosure-controlled when public)."""
    out = []
    for t in tables:
        rows = [[r["ref"], r["title"], *[c.text for c in r["cells"]]] for r in t.rows]
        out.append(Table(f"Equalities: scorecard percentages by {t.label.lower()}",
                         ["Ref", "Indicator", "All children", *t.groups], rows))
    return out


def _sections(fw: Framework, points, facts, entries, refs, ofsted, public) -> list[JudgementSection]:
    comments = {e["key"]: e for e in entries if e["kind"] == "indicator" and (e.get("behind") or e.get("action"))}
    grades = ofsted[2] if len(ofsted) > 2 else {}
    out = []
    for j in fw.judgements:
        if j.graded_only:
            continue
        mine = [f for f in facts if f.judgement == j.id]
        ps = points.get(j.id, [])
        sec = JudgementSection(j.id, j.title, grades.get(j.ofsted_column) if j.ofsted_column else None,
                               strengths=[p for p in ps if p.side == "strength"],
                               weaknesses=[p for p in ps if p.side == "weakness"],
                               sub_judgement_of=j.sub_judgement_of)
        for row in [refs[f.indicator] for f in mine]:
            e = comments.get(row.indicator)
            if e:
                sec.commentary.append({"ref": row.ref, "title": row.title, "behind": e.get("behind") or "",
                                       "action": e.get("action") or "", "author": e.get("author") or "",
                                       "saved_at": e.get("saved_at")})
        sec.not_available = [f"{r.ref} {r.title}" for r in refs.values()
                             if r.value is None and fw.judgement_of(r.indicator, r.judgement) == j.id]
        out.append(sec)
    return out


def _evidence(cfg: dict, fw: Framework, period: str, public: bool):
    """Evidence beyond the returns (settings `paper: evidence:`): supplied values judged by the same rules,
    and short text items, each cited by its own ref (EV 1 ...)."""
    facts, points, rows = [], {}, []
    for n, item in enumerate(cfg.get("evidence") or [], 1):
        if not isinstance(item, dict):
            continue
        ref = str(item.get("ref") or f"EV {n}")
        judgement = item.get("judgement") or "impact-of-leaders"
        if judgement not in {j.id for j in fw.judgements}:
            judgement = fw.judgement_of("", {fw.mapping_key: judgement}) or fw.assessed[0].id
        title = str(item.get("title") or ref)
        if item.get("value") is not None:
            unit, polarity = item.get("unit") or "percent", item.get("polarity") or "up"
            value, target = float(item["value"]), item.get("target")
            rating = rag(value, float(target) if target is not None else None, polarity)
            fact = narrative.Fact(
                ref=ref, indicator=f"evidence:{ref}", title=title, unit=unit, polarity=polarity, period=period,
                value=value, numerator=item.get("numerator"), denominator=item.get("denominator"),
                theme=item.get("theme") or "evidence", judgement=judgement,
                target=float(target) if target is not None else None, rag=rating.rating,
                period_label=str(item.get("period") or period))
            facts.append(fact)
            shown = SUPPRESSED if public and disclosive(fact) else format_value(value, unit)
            rows.append([ref, title, shown, format_value(fact.target, unit, missing=""), str(item.get("source", ""))])
        elif item.get("text"):
            side = item.get("side") or "strength"
            points.setdefault(judgement, []).append(narrative.Point(
                id=f"evidence/{ref}", judgement=judgement, side=side, theme="evidence",
                text=f"{item['text'].rstrip('.')} ({ref}).", refs=[ref], rules={ref: ["EVIDENCE-TEXT"]}))
            rows.append([ref, title, "", "", str(item.get("source", ""))])
    table = Table("Evidence beyond the statutory returns", ["Ref", "Evidence", "Figure", "Target", "Source"],
                  rows) if rows else None
    return facts, points, table


def _ofsted(con, settings, la: str):
    """The LA's latest Ofsted judgements, from the loaded outcomes file (bench_ofsted)."""
    the_la = settings.las.get(la)
    try:
        row = con.execute(f"""
            SELECT inspection_date, publication_date, {", ".join(OFSTED_COLUMNS)}, file FROM bench_ofsted
            WHERE la_code = ? OR (ons_code IS NOT NULL AND ons_code = ?) OR lower(la_name) = lower(?)
            ORDER BY inspection_date DESC LIMIT 1""",
            [la, the_la.ons_code if the_la else None, settings.name_of(la)]).fetchone()
    except Exception:  # no benchmark tables in this store
        row = None
    if row is None:
        return ([PLACEHOLDER.format("No Ofsted inspection outcomes file is loaded. Load Ofsted's 'LA inspection "
                                    "outcomes' file with: scorecard benchmarks load FILE.ods, or write the latest "
                                    "judgements here")], None, {})
    inspected, published = row[0], row[1]
    grades = dict(zip(OFSTED_COLUMNS, row[2:7]))
    names = {"overall": "Overall effectiveness",
             "leaders": "The impact of leaders on social work practice with children and families",
             "help_and_protection": "The experiences and progress of children who need help and protection",
             "children_in_care": "The experiences and progress of children in care",
             "care_leavers": "The experiences and progress of care leavers"}
    table = Table(f"Latest Ofsted ILACS judgements (inspection of {inspected:%d %B %Y})" if inspected else
                  "Latest Ofsted ILACS judgements", ["Judgement", "Grade"],
                  [[names[c], grades[c] or "not judged separately at the time"] for c in OFSTED_COLUMNS])
    text = ["Ofsted last inspected the council's children's services"
            + (f" on {inspected:%d %B %Y}" if inspected else "")
            + (f" (report published {published:%d %B %Y})" if published else "")
            + f"; source: Ofsted local authority inspection outcomes ({row[7]})."]
    return text, table, grades


def _timeliness(project, la, period, prev, a_teams, c_teams, public, refs) -> list:
    from ...indicators.run import engine_for

    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        def values(iid, p, col):  # working days only: nothing child-level leaves here
            if iid not in engine.catalogue:
                return []
            cases = engine.cases(iid, p, la)
            if cases.status != OK or col not in cases.columns:
                return []
            return [float(r[col]) for r in cases.rows if r.get(col) is not None]
        durations = {(iid, p.name): values(iid, p, col) for iid, col in
                     (("assessment-duration-wd", "value"), ("icpc-15wd", "working_days")) for p in (period, prev)}

    def ref(*ids):
        got = [refs[i].ref for i in ids if i in refs]
        return "(" + ", ".join(got) + ")" if got else ""

    a = tl.section("Assessments", "assessments authorised", 45, tl.ASSESSMENT_BANDS,
                   (period.name, durations["assessment-duration-wd", period.name]),
                   (prev.name, durations["assessment-duration-wd", prev.name]), a_teams[1],
                   ref("assessments-45wd", "assessment-duration-wd"), public, a_teams[0])
    c = tl.section("Initial child protection conferences", "initial conferences", 15, tl.CONFERENCE_BANDS,
                   (period.name, durations["icpc-15wd", period.name]),
                   (prev.name, durations["icpc-15wd", prev.name]), c_teams[1], ref("icpc-15wd"), public,
                   c_teams[0])
    return [s for s in (a, c) if s]


def _plan(project, period, la, cfg) -> tuple[Table | None, list[str]]:
    """Improvement priorities: from the loaded plan when there is one, else the settings' text."""
    try:
        plan = project.plan_for_paper(period.name, la=la)
    except Exception:  # no plan loaded: the settings' text stands in
        plan = None
    if plan:
        rows = []
        for p in plan:
            for a in p.get("actions") or []:
                inds = ", ".join(f"{i.get('ref')}" + (f" {i.get('movement')}" if i.get("movement") else "")
                                 for i in a.get("indicators") or [])
                due = a.get("due")
                rows.append([p.get("priority", ""), f"{a.get('id', '')} {a.get('title', '')}".strip(),
                             a.get("owner") or "", f"{due:%d %b %Y}" if hasattr(due, "strftime") else str(due or ""),
                             (a.get("rag") or "").capitalize(), f"{a.get('percent_complete') or 0:.0f}%", inds])
        text = [f"The improvement plan has {len(plan)} priorities; progress on each action at {period.end:%d %B %Y} "
                "is below, with the scorecard figures each action is meant to move."]
        return Table("Improvement priorities and progress", ["Priority", "Action", "Owner", "Due", "RAG",
                                                             "Complete", "Indicators"], rows), text
    return None, _text(cfg, "priorities", PLACEHOLDER.format(
        "Improvement priorities and progress: load the improvement plan, or write the priorities here "
        "(paper: priorities: in scorecard.yaml)"))


def _bench_files(con) -> list[tuple]:
    try:
        return con.execute("SELECT * FROM bench_file ORDER BY 1").fetchall()
    except Exception:
        return []


def _files(n: int) -> str:
    return f"{n:,} file" + ("" if n == 1 else "s")


def _background(loads, bench, fw: Framework, project, card) -> list[str]:
    from ...indicators.period import fy_name

    out = []
    for source, first, last, files in loads:
        if first is None:  # supplied values name a period per row, not a collection year per file
            out.append(f"{SOURCE_NAMES.get(source, source)}: from {_files(files)} loaded.")
            continue
        years = fy_name(first) if first == last else f"{fy_name(first)} to {fy_name(last)}"
        out.append(f"{SOURCE_NAMES.get(source, source)}: collection years {years}, from {_files(files)} loaded.")
    for row in bench:
        out.append(f"Published data: {row[0]}.")
    if not bench:
        out.append("Comparators: computed from the LAs in the store (no published DfE files loaded), or the "
                   "England figure in each indicator's definition.")
    out.append(f"Framework: {fw.name}, version {fw.version}.")
    out.append(f"Scorecard layout: {project.config.layout or 'the built-in default layout'}; indicator "
               "definitions: the Definitions sheet of the scorecard workbook.")
    return out
